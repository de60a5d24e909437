package dev.psapolicy.engine;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineRow;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.engine.GrantTable.Allowed;
import dev.psapolicy.engine.GrantTable.Row;
import dev.psapolicy.facts.Assignment;
import dev.psapolicy.facts.Customize;
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

  /**
   * Builds the facts of all snapshots; invalid references are input errors. From {@link
   * #PARALLEL_ROWS} rows on, the grants are made on several threads, with the same result.
   */
  public FactSet assemble(List<Snapshot> snapshots) throws InvalidInputException {
    return assemble(snapshots, true);
  }

  /** {@link #assemble(List)}, on this thread alone unless {@code mayFork} (for tests). */
  FactSet assemble(List<Snapshot> snapshots, boolean mayFork) throws InvalidInputException {
    Problems problems = new Problems();
    List<Principal> principals = new ArrayList<>();
    List<Assignment> assignments = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    int rows = 0;
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
        // immutable without nulls, so every Grant shares it instead of copying it
        List<String> ids = List.copyOf(assigned.stream().map(Baseline::id).toList());
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
                ids,
                choice.ambiguous()));
        pending.add(new Pending(s, sp, key, assigned, ids));
        rows += sp.grants().size();
      }
    }
    problems.throwIfAny();
    Made made = mayFork && rows >= PARALLEL_ROWS ? makeInParallel(pending, rows) : make(pending);
    return new FactSet(
        principals, made.grants.build(), assignments, made.unknown, incomplete, made.customizes);
  }

  /**
   * Rows from which the grants of a run are made on several threads: below it, handing work over
   * costs more than it saves.
   */
  static final int PARALLEL_ROWS = 20_000;

  /** A principal whose baselines are assigned and whose grants are still to be made. */
  private record Pending(
      Snapshot snapshot,
      SnapshotPrincipal principal,
      String key,
      List<Baseline> assigned,
      List<String> ids) {}

  /** The grants, unknown cells and Customize lists of some principals, in their order. */
  private record Made(
      GrantTable.Builder grants, List<String> unknown, List<Customize> customizes) {}

  /**
   * The facts of consecutive runs of principals on the common pool's threads, joined in the
   * principals' order: the same lists as {@link #make} over all of them, since each principal's
   * facts depend on that principal, its baselines and the catalog alone.
   */
  private Made makeInParallel(List<Pending> pending, int rows) {
    int parts = Math.max(2, Math.min(4 * Runtime.getRuntime().availableProcessors(), rows / 8_192));
    List<List<Pending>> runs = new ArrayList<>();
    int per = Math.max(1, rows / parts);
    int from = 0;
    int counted = 0;
    for (int i = 0; i < pending.size(); i++) {
      counted += pending.get(i).principal().grants().size();
      if (counted >= per || i == pending.size() - 1) {
        runs.add(pending.subList(from, i + 1));
        from = i + 1;
        counted = 0;
      }
    }
    List<Made> made = runs.parallelStream().map(this::make).toList();
    List<String> unknown = new ArrayList<>();
    List<Customize> customizes = new ArrayList<>();
    List<GrantTable.Builder> rest = new ArrayList<>();
    for (Made m : made) {
      rest.add(m.grants);
      unknown.addAll(m.unknown);
      customizes.addAll(m.customizes);
    }
    GrantTable.Builder all = new GrantTable.Builder();
    all.addAll(rest);
    return new Made(all, unknown, customizes);
  }

  private Made make(List<Pending> pending) {
    GrantTable.Builder grants = new GrantTable.Builder();
    List<String> unknown = new ArrayList<>();
    List<Customize> customizes = new ArrayList<>();
    for (Pending p : pending) {
      grants(p, grants, unknown, customizes);
    }
    return new Made(grants, unknown, customizes);
  }

  /** One principal's grants (and unknown cells and Customize lists), appended to the lists. */
  private void grants(
      Pending p, GrantTable.Builder grants, List<String> unknown, List<Customize> customizes) {
    Snapshot s = p.snapshot();
    SnapshotPrincipal sp = p.principal();
    String platform = s.platform().id();
    List<Baseline> assigned = p.assigned();
    Map<Cell, Allowed> allowed = assigned.isEmpty() ? Map.of() : joinOf(p.ids(), assigned);
    Map<Cell, Row> cells = heldBy(s, sp, unknown);
    // A role that has no row for a cell a baseline needs grants None there: make it a fact.
    // Cells a baseline only allows (an Autotask category, an optional row) need no such fact.
    for (Map.Entry<Cell, Allowed> e : allowed.entrySet()) {
      if (!e.getValue().needsAny()) {
        continue;
      }
      Row row = cells.computeIfAbsent(e.getKey(), Row::new);
      for (Verb v : VERBS) {
        if (row.level(v.ordinal()) == null && e.getValue().needed[v.ordinal()].rank() > 0) {
          row.hold(v.ordinal(), Level.NONE, null, true);
        }
      }
    }
    // judged against the baselines' join (a cell none of them lists is allowed None), or unjudged
    GrantTable.Owner owner = new GrantTable.Owner(p.key(), platform, p.ids());
    for (Row row : cells.values()) {
      row.judge(owner, allowed.get(row.cell));
      for (int i = 0; i < VERBS.length; i++) {
        if (row.level(i) != null) {
          grants.add(row, i);
        }
      }
    }
    if (!assigned.isEmpty() && platform.equals(Platform.CONNECTWISE.id())) {
      customizes(assigned, sp, cells, customizes);
    }
  }

  /**
   * The Customize-list facts of one principal: one per function whose list an assigned baseline
   * restricts and every other assigned baseline that lists the function restricts too (a baseline
   * that lists it without a list allows any), held above None on some verb.
   */
  private void customizes(
      List<Baseline> assigned, SnapshotPrincipal sp, Map<Cell, Row> cells, List<Customize> out) {
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
      // the grant of the highest level the role holds on the cell (the first verb at it)
      Row row = cells.get(cell);
      int top = -1;
      for (int i = 0; row != null && i < VERBS.length; i++) {
        Level l = row.level(i);
        if (l != null && (top < 0 || l.exceeds(row.level(top)))) {
          top = i;
        }
      }
      if (top < 0 || row.level(top).rank() == 0) {
        continue;
      }
      out.add(new Customize(row.grant(top), grantedList(sp, cell), e.getValue(), ids.get(cell)));
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

  /** The levels a principal's rows hold per cell and verb (the higher one where rows repeat). */
  private Map<Cell, Row> heldBy(Snapshot s, SnapshotPrincipal sp, List<String> unknown) {
    // room for a cell per row and a few of the baselines' fill-ins without growing
    Map<Cell, Row> cells = new LinkedHashMap<>((int) ((sp.grants().size() + 8) / 0.75f) + 1);
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
      Row slots = cells.computeIfAbsent(cell, Row::new);
      for (Verb v : VERBS) {
        String raw = row.raw(v);
        if (raw == null) {
          continue;
        }
        Level level = Level.parse(s.platform(), raw);
        Level prev = slots.level(v.ordinal());
        if (prev == null || level.exceeds(prev)) {
          slots.hold(v.ordinal(), level, raw, known);
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
