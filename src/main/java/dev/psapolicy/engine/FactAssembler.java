package dev.psapolicy.engine;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineRow;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Assignment;
import dev.psapolicy.facts.Customize;
import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Principal;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.Suggest;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.CustomizeList;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns snapshots into the facts of a rule session: resolves names against the catalog, assigns
 * baselines, and computes each principal's effective allowances (the lattice join over its
 * baselines; None where no baseline lists a cell).
 */
public final class FactAssembler {
  /** The verbs, once: {@code Verb.values()} copies its array on every call. */
  private static final Verb[] VERBS = Verb.values();

  private final PermissionCatalog catalog;
  private final BaselineSet baselines;
  private final BaselineAssigner assigner;

  /**
   * The join of each combination of baselines met so far: the same for every snapshot this
   * assembler sees (its baselines never change), and read only once built.
   */
  private final Map<List<String>, Map<Cell, Allowed>> joins = new ConcurrentHashMap<>();

  private static final int MAX_JOINS = 1_024;

  public FactAssembler(
      PermissionCatalog catalog, BaselineSet baselines, BaselineAssigner assigner) {
    this.catalog = catalog;
    this.baselines = baselines;
    this.assigner = assigner;
  }

  /** Builds the facts of all snapshots; invalid references are input errors. */
  public FactSet assemble(List<Snapshot> snapshots) throws InvalidInputException {
    Problems problems = new Problems();
    List<Principal> principals = new ArrayList<>();
    List<Grant> grants = new ArrayList<>();
    List<Customize> customizes = new ArrayList<>();
    List<Assignment> assignments = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Snapshot s : snapshots) {
      if (!s.complete()) {
        incomplete.add(
            s.file()
                + ": snapshot marked incomplete"
                + (s.incomplete().isEmpty() ? "" : ": " + String.join("; ", s.incomplete())));
      }
      String platform = s.platform().id();
      for (SnapshotPrincipal sp : s.principals()) {
        String key = Principal.keyOf(platform, s.instance(), sp.id());
        String prev = seen.putIfAbsent(key, s.file());
        if (prev != null) {
          problems.add(
              new InputProblem(
                  s.file(), sp.line(), 0, "principal " + key + " already appears in " + prev));
          continue;
        }
        BaselineAssigner.Choice choice = assigner.assign(s, sp);
        List<Baseline> assigned = assign(s, sp, key, choice, problems, assignments);
        principals.add(
            new Principal(
                key,
                platform,
                s.instance(),
                sp.id(),
                sp.name(),
                sp.kind(),
                sp.role(),
                sp.admin(),
                sp.inactive(),
                assigned.stream().map(Baseline::id).toList(),
                choice.ambiguous()));

        // immutable without nulls, so every Grant shares it instead of copying it
        List<String> ids = List.copyOf(assigned.stream().map(Baseline::id).toList());
        Map<Cell, Allowed> allowed = assigned.isEmpty() ? Map.of() : joinOf(ids, assigned);
        Map<Cell, Held[]> cells = heldBy(s, sp, unknown);
        int firstGrant = grants.size();
        // A role that has no row for a cell a baseline needs grants None there: make it a fact.
        // Cells a baseline only allows (an Autotask category, an optional row) need no such fact.
        for (Map.Entry<Cell, Allowed> e : allowed.entrySet()) {
          if (!e.getValue().needsAny()) {
            continue;
          }
          Held[] row = cells.computeIfAbsent(e.getKey(), c -> new Held[VERBS.length]);
          for (Verb v : VERBS) {
            if (row[v.ordinal()] == null && e.getValue().needed[v.ordinal()].rank() > 0) {
              row[v.ordinal()] = new Held(Level.NONE, null, true);
            }
          }
        }
        for (Map.Entry<Cell, Held[]> e : cells.entrySet()) {
          Cell cell = e.getKey();
          Allowed a = allowed.get(cell);
          for (Verb v : VERBS) {
            Held h = e.getValue()[v.ordinal()];
            if (h == null) {
              continue;
            }
            if (assigned.isEmpty()) {
              grants.add(
                  new Grant(
                      key,
                      platform,
                      cell.module(),
                      cell.function(),
                      v,
                      h.level(),
                      h.raw(),
                      h.known()));
            } else if (a == null) {
              grants.add(
                  new Grant(
                      key,
                      platform,
                      cell.module(),
                      cell.function(),
                      v,
                      h.level(),
                      h.raw(),
                      h.known(),
                      Level.NONE,
                      false,
                      ids,
                      Level.NONE,
                      List.of()));
            } else {
              grants.add(
                  new Grant(
                      key,
                      platform,
                      cell.module(),
                      cell.function(),
                      v,
                      h.level(),
                      h.raw(),
                      h.known(),
                      a.levels[v.ordinal()],
                      true,
                      a.ids[v.ordinal()],
                      a.needed[v.ordinal()],
                      a.neededIds[v.ordinal()]));
            }
          }
        }
        if (!assigned.isEmpty() && platform.equals(Platform.CONNECTWISE.id())) {
          customizes(assigned, sp, grants.subList(firstGrant, grants.size()), customizes);
        }
      }
    }
    problems.throwIfAny();
    return new FactSet(principals, grants, assignments, unknown, incomplete, customizes);
  }

  /**
   * The Customize-list facts of one principal: one per function whose list an assigned baseline
   * restricts and every other assigned baseline that lists the function restricts too (a baseline
   * that lists it without a list allows any), held above None on some verb.
   */
  private void customizes(
      List<Baseline> assigned, SnapshotPrincipal sp, List<Grant> grants, List<Customize> out) {
    Map<Cell, List<String>> allowed = new LinkedHashMap<>();
    Map<Cell, List<String>> ids = new LinkedHashMap<>();
    Set<Cell> unrestricted = new HashSet<>();
    for (Baseline b : assigned) {
      for (BaselineRow row : b.rows()) {
        if (row.customize() == null) {
          unrestricted.add(row.cell());
          continue;
        }
        List<String> items = allowed.computeIfAbsent(row.cell(), c -> new ArrayList<>());
        for (String item : row.customize()) {
          if (items.stream().noneMatch(i -> CustomizeList.key(i).equals(CustomizeList.key(item)))) {
            items.add(item);
          }
        }
        ids.computeIfAbsent(row.cell(), c -> new ArrayList<>()).add(b.id());
      }
    }
    for (Map.Entry<Cell, List<String>> e : allowed.entrySet()) {
      Cell cell = e.getKey();
      if (unrestricted.contains(cell)) {
        continue;
      }
      Grant top = null;
      for (Grant g : grants) {
        if (g.module().equals(cell.module())
            && g.functionName().equals(cell.function())
            && (top == null || g.level().exceeds(top.level()))) {
          top = g;
        }
      }
      if (top == null || top.level().rank() == 0) {
        continue;
      }
      out.add(new Customize(top, grantedList(sp, cell), e.getValue(), ids.get(cell)));
    }
  }

  /** The Customize list a principal's rows grant on a cell (joined over repeated rows), or null. */
  private CustomizeList grantedList(SnapshotPrincipal sp, Cell cell) {
    CustomizeList joined = null;
    for (PermissionRow row : sp.grants()) {
      if (row.customize() == null
          || !catalog
              .resolve(Platform.CONNECTWISE, row.module(), row.function())
              .map(cell::equals)
              .orElse(false)) {
        continue;
      }
      if (joined == null) {
        joined = row.customize();
      } else if (joined.all() || row.customize().all()) {
        joined = CustomizeList.ALL;
      } else {
        List<String> items = new ArrayList<>(joined.items());
        items.addAll(row.customize().items());
        joined = CustomizeList.of(items);
      }
    }
    return joined;
  }

  private List<Baseline> assign(
      Snapshot s,
      SnapshotPrincipal sp,
      String key,
      BaselineAssigner.Choice choice,
      Problems problems,
      List<Assignment> assignments) {
    List<Baseline> assigned = new ArrayList<>();
    for (String id : choice.baselineIds()) {
      Baseline b = baselines.get(id);
      if (b == null) {
        problems.add(
            new InputProblem(
                s.file(),
                sp.line(),
                0,
                "principal '" + sp.id() + "' names " + baselines.unknown(id)));
      } else if (b.platform() != s.platform()) {
        problems.add(
            new InputProblem(
                s.file(),
                sp.line(),
                0,
                "principal '"
                    + sp.id()
                    + "' is on "
                    + s.platform().id()
                    + " but baseline '"
                    + id
                    + "' is for "
                    + b.platform().id()));
      } else if (!assigned.contains(b)) {
        assigned.add(b);
        assignments.add(
            new Assignment(key, id, choice.origin(), b.partial(), choice.recognition()));
      }
    }
    return assigned;
  }

  /**
   * The lattice join of several baselines, per cell and verb, with the ids that set each: what they
   * allow, and (separately) what they need.
   */
  private static final class Allowed {
    final Level[] levels = {Level.NONE, Level.NONE, Level.NONE, Level.NONE};

    @SuppressWarnings("unchecked")
    final List<String>[] ids = new List[4];

    final Level[] needed = {Level.NONE, Level.NONE, Level.NONE, Level.NONE};

    @SuppressWarnings("unchecked")
    final List<String>[] neededIds = new List[4];

    boolean needsAny() {
      for (Level l : needed) {
        if (l.rank() > 0) {
          return true;
        }
      }
      return false;
    }
  }

  private Map<Cell, Allowed> joinOf(List<String> ids, List<Baseline> assigned) {
    Map<Cell, Allowed> j = joins.get(ids);
    if (j == null) {
      j = join(assigned);
      if (joins.size() < MAX_JOINS) {
        joins.putIfAbsent(ids, j);
      }
    }
    return j;
  }

  private static Map<Cell, Allowed> join(List<Baseline> assigned) {
    Map<Cell, Allowed> out = new LinkedHashMap<>();
    for (Baseline b : assigned) {
      for (BaselineRow row : b.rows()) {
        Allowed a = out.computeIfAbsent(row.cell(), c -> new Allowed());
        for (Verb v : VERBS) {
          int i = v.ordinal();
          Level level = row.level(v);
          if (a.ids[i] == null || level.exceeds(a.levels[i])) {
            a.levels[i] = level;
            a.ids[i] = new ArrayList<>(List.of(b.id()));
          } else if (level == a.levels[i]) {
            a.ids[i].add(b.id());
          }
          Level need = row.needed(v);
          if (need.rank() == 0) {
            continue;
          }
          if (a.neededIds[i] == null || need.exceeds(a.needed[i])) {
            a.needed[i] = need;
            a.neededIds[i] = new ArrayList<>(List.of(b.id()));
          } else if (need == a.needed[i]) {
            a.neededIds[i].add(b.id());
          }
        }
      }
    }
    for (Allowed a : out.values()) {
      for (int i = 0; i < 4; i++) {
        a.ids[i] = List.copyOf(a.ids[i]);
        a.neededIds[i] = a.neededIds[i] == null ? List.of() : List.copyOf(a.neededIds[i]);
      }
    }
    return out;
  }

  /**
   * What a role holds on one cell and verb, before it is judged.
   *
   * @param level the level on the lattice
   * @param raw the vendor's value (null when filled in as None)
   * @param known whether the cell is real (the catalog knows it, or the PSA reported it)
   */
  private record Held(Level level, String raw, boolean known) {}

  /** The levels a principal's rows hold per cell and verb (the higher one where rows repeat). */
  private Map<Cell, Held[]> heldBy(Snapshot s, SnapshotPrincipal sp, List<String> unknown) {
    Map<Cell, Held[]> cells = new LinkedHashMap<>();
    String platform = s.platform().id();
    boolean fromSource = s.fromSource();
    for (PermissionRow row : sp.grants()) {
      Cell resolved = catalog.resolve(s.platform(), row.module(), row.function()).orElse(null);
      // A name the PSA itself reported is real: judge it (None where no baseline lists it) rather
      // than stop the run. Only typed names must be in the catalog.
      boolean known = resolved != null || fromSource;
      Cell cell =
          resolved != null
              ? resolved
              : new Cell(
                  row.module() == null ? "(unknown)" : row.module().strip(),
                  row.function().strip());
      Held[] slots = cells.computeIfAbsent(cell, c -> new Held[VERBS.length]);
      for (Verb v : VERBS) {
        String raw = row.raw(v);
        if (raw == null) {
          continue;
        }
        Level level = Level.parse(s.platform(), raw);
        Held prev = slots[v.ordinal()];
        if (prev == null || level.exceeds(prev.level())) {
          slots[v.ordinal()] = new Held(level, raw, known);
        }
        if (!known && level.rank() > 0) {
          unknown.add(
              platform
                  + " "
                  + s.instance()
                  + " principal "
                  + sp.id()
                  + ": "
                  + v.label()
                  + " "
                  + level.label()
                  + " on unknown "
                  + cell.module()
                  + " / "
                  + cell.function()
                  + " ("
                  + s.file()
                  + (row.line() > 0 ? ":" + row.line() : "")
                  + ")"
                  + Suggest.hint(
                      cell.function(),
                      catalog.known(s.platform()).stream().map(Cell::function).toList()));
        }
      }
    }
    return cells;
  }
}
