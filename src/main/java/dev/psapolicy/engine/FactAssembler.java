package dev.psapolicy.engine;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineRow;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.Cell;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Allowance;
import dev.psapolicy.facts.Assignment;
import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Level;
import dev.psapolicy.facts.Principal;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.facts.Verb;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Problems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns snapshots into the facts of a rule session: resolves names against the catalog, assigns
 * baselines, and computes each principal's effective allowances (the lattice join over its
 * baselines; None where no baseline lists a cell).
 */
public final class FactAssembler {
  private final PermissionCatalog catalog;
  private final BaselineSet baselines;
  private final BaselineAssigner assigner;

  public FactAssembler(PermissionCatalog catalog, BaselineSet baselines,
      BaselineAssigner assigner) {
    this.catalog = catalog;
    this.baselines = baselines;
    this.assigner = assigner;
  }

  /**
   * The default assignment: a principal's declared integrations, else the given default baselines
   * of its platform.
   */
  public static BaselineAssigner declaredOrDefault(BaselineSet baselines, List<String> defaults) {
    return (snapshot, p) -> {
      if (!p.integrations().isEmpty()) {
        return new BaselineAssigner.Choice(p.integrations(), "snapshot");
      }
      List<String> ids = defaults.stream()
          .filter(id -> baselines.get(id) == null
              || baselines.get(id).platform() == snapshot.platform())
          .toList();
      return new BaselineAssigner.Choice(ids, "cli");
    };
  }

  /** Builds the facts of all snapshots; invalid references are input errors. */
  public FactSet assemble(List<Snapshot> snapshots) throws InvalidInputException {
    Problems problems = new Problems();
    List<Principal> principals = new ArrayList<>();
    List<Grant> grants = new ArrayList<>();
    List<Assignment> assignments = new ArrayList<>();
    List<Allowance> allowances = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Snapshot s : snapshots) {
      if (!s.complete()) {
        incomplete.add(s.file() + ": snapshot marked incomplete"
            + (s.incomplete().isEmpty() ? "" : ": " + String.join("; ", s.incomplete())));
      }
      for (SnapshotPrincipal sp : s.principals()) {
        String key = Principal.keyOf(s.platform().id(), s.instance(), sp.id());
        String prev = seen.putIfAbsent(key, s.file());
        if (prev != null) {
          problems.add(new InputProblem(s.file(), sp.line(), 0, "principal " + key
              + " already appears in " + prev));
          continue;
        }
        BaselineAssigner.Choice choice = assigner.assign(s, sp);
        List<Baseline> assigned = new ArrayList<>();
        for (String id : choice.baselineIds()) {
          Baseline b = baselines.get(id);
          if (b == null) {
            problems.add(new InputProblem(s.file(), sp.line(), 0, "principal '" + sp.id()
                + "' names unknown baseline '" + id + "' (known: "
                + String.join(", ", baselines.ids()) + ")"));
          } else if (b.platform() != s.platform()) {
            problems.add(new InputProblem(s.file(), sp.line(), 0, "principal '" + sp.id()
                + "' is on " + s.platform().id() + " but baseline '" + id + "' is for "
                + b.platform().id()));
          } else if (!assigned.contains(b)) {
            assigned.add(b);
            assignments.add(new Assignment(key, id, choice.origin()));
          }
        }
        principals.add(new Principal(key, s.platform().id(), s.instance(), sp.id(), sp.name(),
            sp.kind(), sp.role(), sp.admin(), sp.inactive(),
            assigned.stream().map(Baseline::id).toList()));
        Map<String, Grant> cells = grantsOf(s, sp, key, unknown);
        Map<String, Allowance> allowed = allowancesOf(s, key, assigned);
        for (Allowance a : allowed.values()) {
          String k = cellKey(a.module(), a.functionName(), a.verb());
          if (!cells.containsKey(k) && a.rank() > 0) {
            cells.put(k, new Grant(key, s.platform().id(), a.module(), a.functionName(),
                a.verb(), Level.NONE, null, true));
          }
        }
        if (!assigned.isEmpty()) {
          List<String> ids = assigned.stream().map(Baseline::id).toList();
          for (Grant g : cells.values()) {
            String k = cellKey(g.module(), g.functionName(), g.verb());
            if (g.rank() > 0 && !allowed.containsKey(k)) {
              allowed.put(k, new Allowance(key, g.platform(), g.module(), g.functionName(),
                  g.verb(), Level.NONE, ids, false));
            }
          }
        }
        grants.addAll(cells.values());
        allowances.addAll(allowed.values());
      }
    }
    problems.throwIfAny();
    return new FactSet(principals, grants, assignments, allowances, unknown, incomplete);
  }

  private Map<String, Grant> grantsOf(Snapshot s, SnapshotPrincipal sp, String key,
      List<String> unknown) {
    Map<String, Grant> cells = new LinkedHashMap<>();
    for (PermissionRow row : sp.grants()) {
      Cell cell = catalog.resolve(s.platform(), row.module(), row.function()).orElse(null);
      boolean known = cell != null;
      String module = known ? cell.module()
          : row.module() == null ? "(unknown)" : row.module().strip();
      String function = known ? cell.function() : row.function().strip();
      for (Verb v : Verb.values()) {
        String raw = row.raw(v);
        if (raw == null) {
          continue;
        }
        Level level = Level.parse(s.platform(), raw);
        Grant g = new Grant(key, s.platform().id(), module, function, v, level, raw, known);
        String k = cellKey(module, function, v);
        Grant prev = cells.get(k);
        if (prev == null || level.exceeds(prev.level())) {
          cells.put(k, g);
        }
        if (!known && level.rank() > 0) {
          unknown.add(s.platform().id() + " " + s.instance() + " principal " + sp.id() + ": "
              + v.label() + " " + level.label() + " on unknown " + module + " / " + function
              + " (" + s.file() + (row.line() > 0 ? ":" + row.line() : "") + ")");
        }
      }
    }
    return cells;
  }

  private static Map<String, Allowance> allowancesOf(Snapshot s, String key,
      List<Baseline> assigned) {
    Map<String, Allowance> out = new LinkedHashMap<>();
    for (Baseline b : assigned) {
      for (BaselineRow row : b.rows()) {
        for (Verb v : Verb.values()) {
          String k = cellKey(row.cell().module(), row.cell().function(), v);
          Level level = row.level(v);
          Allowance prev = out.get(k);
          if (prev == null || level.exceeds(prev.level())) {
            out.put(k, new Allowance(key, s.platform().id(), row.cell().module(),
                row.cell().function(), v, level, List.of(b.id()), true));
          } else if (level == prev.level()) {
            List<String> ids = new ArrayList<>(prev.baselines());
            ids.add(b.id());
            out.put(k, new Allowance(key, prev.platform(), prev.module(), prev.functionName(), v,
                level, ids, true));
          }
        }
      }
    }
    return out;
  }

  private static String cellKey(String module, String function, Verb verb) {
    return module + "\u001f" + function + "\u001f" + verb.id();
  }
}
