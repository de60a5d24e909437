package dev.psapolicy.bench;

import dev.psapolicy.baseline.BaselineRow;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.engine.internal.FindingCollector;
import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Principal;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in rules' judgement of a snapshot written as plain Java loops: the yardstick the
 * benchmark holds the rules engine to. Two forms:
 *
 * <ul>
 *   <li>{@link #count}: resolve every row, join the principal's baselines, compare every verb and
 *       count the over-grants, under-grants, admin principals and principals judged by partial
 *       baselines alone. It builds nothing.
 *   <li>{@link #findings}: the same judgement, and each violation built as the engine builds it
 *       (through the same finding sink, so with the same message, fix and fingerprint), sorted as a
 *       report sorts them. This is the same output as an evaluation's violations, which {@code
 *       HandLoopTest} checks, so the ratio to it is what the rules engine itself costs.
 * </ul>
 *
 * <p>Both cover what the benchmark's snapshots hold (ConnectWise, one row per cell, no Customize
 * lists, no unknown names, one integration per API user): the built-in rules over grants, the admin
 * rule and the partial-baseline rule. A rule set that changes what they report makes {@code
 * HandLoopTest} fail, so the yardstick is kept in step.
 */
final class HandLoop {
  private HandLoop() {}

  private static final Verb[] VERBS = Verb.values();

  /** The count of violations, built from nothing but ranks. */
  static int count(Snapshot s, BaselineSet set, PermissionCatalog catalog) {
    int violations = 0;
    // per combination of baselines, per cell: the allowed ranks (0-3) and needed ranks (4-7)
    Map<List<String>, Map<Cell, int[]>> joined = new HashMap<>();
    for (Snapshot.SnapshotPrincipal p : s.principals()) {
      if (p.admin()) {
        violations++;
      }
      if (!p.integrations().isEmpty()
          && p.integrations().stream().allMatch(id -> set.get(id).partial())) {
        violations++;
      }
      Map<Cell, int[]> ranks = joined.computeIfAbsent(p.integrations(), ids -> ranks(ids, set));
      Set<Cell> held = new HashSet<>();
      for (Snapshot.PermissionRow row : p.grants()) {
        Cell cell = catalog.resolve(s.platform(), row.module(), row.function()).orElse(null);
        held.add(cell);
        int[] r = ranks.get(cell);
        for (Verb v : VERBS) {
          int rank = Level.parse(s.platform(), row.raw(v)).rank();
          int allowed = r == null ? 0 : r[v.ordinal()];
          int needed = r == null ? 0 : r[4 + v.ordinal()];
          if (rank > allowed || rank < needed) {
            violations++;
          }
        }
      }
      // a needed cell the role has no row for is held at None
      for (Map.Entry<Cell, int[]> e : ranks.entrySet()) {
        if (!held.contains(e.getKey())) {
          for (Verb v : VERBS) {
            if (e.getValue()[4 + v.ordinal()] > 0) {
              violations++;
            }
          }
        }
      }
    }
    return violations;
  }

  private static Map<Cell, int[]> ranks(List<String> ids, BaselineSet set) {
    Map<Cell, int[]> out = new HashMap<>();
    for (String id : ids) {
      for (BaselineRow r : set.get(id).rows()) {
        int[] a = out.computeIfAbsent(r.cell(), c -> new int[8]);
        for (Verb v : VERBS) {
          a[v.ordinal()] = Math.max(a[v.ordinal()], r.level(v).rank());
          a[4 + v.ordinal()] = Math.max(a[4 + v.ordinal()], r.needed(v).rank());
        }
      }
    }
    return out;
  }

  /** What the principal's baselines allow and need on one cell, per verb, and who says so. */
  private static final class Join {
    final Level[] allowed = {Level.NONE, Level.NONE, Level.NONE, Level.NONE};
    final List<List<String>> allowedBy =
        List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    final Level[] needed = {Level.NONE, Level.NONE, Level.NONE, Level.NONE};
    final List<List<String>> neededBy =
        List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
  }

  private static final Cell SERVICE_TICKETS = new Cell("Service Desk", "Service Tickets");
  private static final Cell TIME_ENTRY = new Cell("Time & Expense", "Time Entry");

  /**
   * The violations an evaluation of the snapshot reports, by hand.
   *
   * @param rules the evaluation's effective rules by id (severities as the policy sets them)
   */
  static List<Violation> findings(
      Snapshot s, BaselineSet set, PermissionCatalog catalog, Map<String, RuleInfo> rules) {
    String platform = s.platform().id();
    Map<String, Principal> principals = new HashMap<>();
    List<Principal> order = new ArrayList<>();
    for (Snapshot.SnapshotPrincipal p : s.principals()) {
      Principal pr =
          new Principal(
              Principal.keyOf(platform, s.instance(), p.id()),
              platform,
              s.instance(),
              p.id(),
              p.name(),
              p.kind(),
              p.role(),
              p.admin(),
              p.inactive(),
              p.integrations(),
              List.of());
      principals.put(pr.key(), pr);
      order.add(pr);
    }
    FindingCollector sink = new FindingCollector(principals, rules);
    // the join of each combination of baselines, made once, as the fact assembler does
    Map<List<String>, Map<Cell, Join>> joined = new HashMap<>();
    for (int n = 0; n < order.size(); n++) {
      Principal pr = order.get(n);
      Snapshot.SnapshotPrincipal p = s.principals().get(n);
      if (p.admin()) {
        sink.firing(rules.get("PSA-ADMIN-API-USER"));
        sink.principal(
            pr,
            "API user " + pr.display() + " holds admin role '" + pr.role() + "'",
            "assign a non-admin role built from the integration's baseline instead of '"
                + pr.role()
                + "'");
      }
      if (!p.integrations().isEmpty()
          && p.integrations().stream().allMatch(id -> set.get(id).partial())) {
        String ids = String.join(", ", pr.integrations());
        sink.firing(rules.get("PSA-PARTIAL-BASELINE"));
        sink.principal(
            pr,
            "API user "
                + pr.display()
                + " is judged only by partial baselines ("
                + ids
                + "): the vendor's table was cut off, so cells it does not show are allowed None"
                + " and never counted as needed",
            "complete "
                + ids
                + " from the vendor's full table, or assign "
                + pr.display()
                + " a complete baseline");
      }
      Map<Cell, Join> joins = joined.computeIfAbsent(p.integrations(), ids -> join(ids, set));
      // Service Tickets is add-only when the baselines allow Add and nothing else there
      Join tickets = joins.get(SERVICE_TICKETS);
      boolean addOnly =
          tickets != null
              && tickets.allowed[0].rank() > 0
              && tickets.allowed[1].rank() == 0
              && tickets.allowed[2].rank() == 0
              && tickets.allowed[3].rank() == 0;
      Set<Cell> held = new HashSet<>();
      for (Snapshot.PermissionRow row : p.grants()) {
        Cell cell = catalog.resolve(s.platform(), row.module(), row.function()).orElseThrow();
        held.add(cell);
        Join j = joins.get(cell);
        boolean addOnlyCell = addOnly && cell.equals(SERVICE_TICKETS);
        boolean timeEntry = cell.equals(TIME_ENTRY);
        for (Verb v : VERBS) {
          int i = v.ordinal();
          Level level = Level.parse(s.platform(), row.raw(v));
          Level allowed = j == null ? Level.NONE : j.allowed[i];
          Level needed = j == null ? Level.NONE : j.needed[i];
          String rule;
          if (addOnlyCell && v != Verb.ADD && level.rank() > 0) {
            rule = "CW-TICKET-ADD-ONLY";
          } else if (timeEntry && v == Verb.DELETE && level == Level.ALL && allowed == Level.MY) {
            rule = "CW-TIME-ENTRY-DELETE-MY";
          } else if (level.rank() > allowed.rank()) {
            rule = "PSA-OVERGRANT-" + v.name();
          } else if (level.rank() < needed.rank()) {
            rule = "PSA-UNDERGRANT";
          } else {
            continue;
          }
          Grant g =
              new Grant(
                  pr.key(),
                  platform,
                  cell.module(),
                  cell.function(),
                  v,
                  level,
                  row.raw(v),
                  true,
                  allowed,
                  j != null,
                  j == null ? p.integrations() : j.allowedBy.get(i),
                  needed,
                  j == null ? List.of() : j.neededBy.get(i));
          sink.firing(rules.get(rule));
          if (rule.equals("PSA-UNDERGRANT")) {
            sink.underGrant(g);
          } else {
            sink.overGrant(g);
          }
        }
      }
      // a needed cell the role has no row for is held at None, below what is needed
      sink.firing(rules.get("PSA-UNDERGRANT"));
      for (Map.Entry<Cell, Join> e : joins.entrySet()) {
        if (held.contains(e.getKey())) {
          continue;
        }
        Join j = e.getValue();
        for (Verb v : VERBS) {
          int i = v.ordinal();
          if (j.needed[i].rank() > 0) {
            sink.underGrant(
                new Grant(
                    pr.key(),
                    platform,
                    e.getKey().module(),
                    e.getKey().function(),
                    v,
                    Level.NONE,
                    null,
                    true,
                    j.allowed[i],
                    true,
                    j.allowedBy.get(i),
                    j.needed[i],
                    j.neededBy.get(i)));
          }
        }
      }
    }
    List<Violation> out = sink.violations();
    out.sort(Violation.ORDER);
    return out;
  }

  private static Map<Cell, Join> join(List<String> ids, BaselineSet set) {
    Map<Cell, Join> joins = new LinkedHashMap<>();
    for (String id : ids) {
      for (BaselineRow r : set.get(id).rows()) {
        Join j = joins.computeIfAbsent(r.cell(), c -> new Join());
        for (Verb v : VERBS) {
          int i = v.ordinal();
          raise(j.allowed, j.allowedBy.get(i), i, r.level(v), id);
          if (r.needed(v).rank() > 0) {
            raise(j.needed, j.neededBy.get(i), i, r.needed(v), id);
          }
        }
      }
    }
    return joins;
  }

  /** The join's step for one verb: a higher level replaces the ids, an equal one adds to them. */
  private static void raise(Level[] levels, List<String> ids, int i, Level level, String id) {
    if (ids.isEmpty() || level.exceeds(levels[i])) {
      levels[i] = level;
      ids.clear();
      ids.add(id);
    } else if (level == levels[i]) {
      ids.add(id);
    }
  }
}
