package dev.psapolicy.ruletest;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How well a rule pack is tested and how much of the permission catalog it governs.
 *
 * <ul>
 *   <li>Rules: the share of the rules in scope that have at least one positive and at least one
 *       negative case.
 *   <li>Cells: the share of the catalog's permission cells (module × function × verb, both
 *       platforms) that at least one rule in scope governs. A cell is governed when a rule in scope
 *       reports it for an API user that holds exactly what a baseline allows, except on that cell
 *       and verb where it holds more. Every level above the allowed one is tried, with every
 *       baseline of the platform and with a strict baseline that allows nothing (so that a cell
 *       every shipped guide allows All on still counts when a rule polices excess on it). This is
 *       measured by running the rules (see {@link Probes}), not read off their text: a rule counts
 *       for what it reports, and a rule that claims a grant without reporting it counts for
 *       nothing.
 * </ul>
 *
 * @param scope what the rules in scope are (e.g. "built-in rules" or the folders given)
 * @param rules per rule in scope, its positive and negative case counts
 * @param ruleShare rules with both a positive and a negative case
 * @param cellShare cells governed
 * @param ungoverned the cells not governed, with why
 * @param min the bar, or null
 */
public record Coverage(
    String scope,
    List<RuleCount> rules,
    Share ruleShare,
    Share cellShare,
    List<Ungoverned> ungoverned,
    BigDecimal min) {

  public Coverage {
    rules = List.copyOf(rules);
    ungoverned = List.copyOf(ungoverned);
  }

  /**
   * A rule and its cases.
   *
   * @param rule the rule
   * @param positive cases showing it firing
   * @param negative cases showing it silent
   */
  public record RuleCount(RuleInfo rule, int positive, int negative) {
    /** Has both kinds. */
    public boolean complete() {
      return positive > 0 && negative > 0;
    }
  }

  /**
   * A cell no rule in scope governs.
   *
   * @param platform the platform
   * @param cell module and function
   * @param verb the verb
   * @param reason why
   */
  public record Ungoverned(Platform platform, Cell cell, Verb verb, String reason) {}

  /** True when there is no bar or both shares reach it. */
  public boolean passes() {
    return min == null || (ruleShare.atLeast(min) && cellShare.atLeast(min));
  }

  /**
   * Computes the coverage.
   *
   * @param scope description of the rules in scope
   * @param inScope the rules whose coverage is measured
   * @param cases the test cases
   * @param catalog the permission catalog
   * @param runs widening probes (every level above the allowed one) of the baselines, strict ones
   *     included
   * @param min the bar, or null
   */
  public static Coverage of(
      String scope,
      List<RuleInfo> inScope,
      List<RuleCase> cases,
      PermissionCatalog catalog,
      List<Probes.BaselineRun> runs,
      BigDecimal min) {
    List<RuleCount> counts = rules(inScope, cases);
    Share ruleShare = new Share(counts.stream().filter(RuleCount::complete).count(), counts.size());

    Set<String> ids = new HashSet<>();
    inScope.forEach(r -> ids.add(r.id()));
    Set<Place> probed = new HashSet<>();
    Set<Place> governed = new HashSet<>();
    Map<Platform, Integer> baselinesOf = new HashMap<>();
    for (Probes.BaselineRun run : runs) {
      baselinesOf.merge(run.baseline().platform(), 1, Integer::sum);
      for (Probes.Outcome o : run.outcomes()) {
        Place k = new Place(run.baseline().platform(), o.probe().cell(), o.probe().verb());
        probed.add(k);
        if (o.flaggedBy().stream().anyMatch(ids::contains)) {
          governed.add(k);
        }
      }
    }
    long total = 0;
    List<Ungoverned> ungoverned = new ArrayList<>();
    for (Platform p : Platform.values()) {
      for (Cell cell : catalog.known(p)) {
        for (Verb v : Verb.values()) {
          total++;
          Place k = new Place(p, cell, v);
          if (governed.contains(k)) {
            continue;
          }
          String reason;
          if (!baselinesOf.containsKey(p)) {
            reason = "no " + p.id() + " baseline to widen";
          } else if (!probed.contains(k)) {
            reason = "every " + p.id() + " baseline allows All, so no grant can exceed it";
          } else {
            reason = "no rule in scope reports an excess grant on it";
          }
          ungoverned.add(new Ungoverned(p, cell, v, reason));
        }
      }
    }
    return new Coverage(
        scope, counts, ruleShare, new Share(total - ungoverned.size(), total), ungoverned, min);
  }

  /** Per rule, how many cases show it firing (positive) and silent (negative). */
  public static List<RuleCount> rules(List<RuleInfo> inScope, List<RuleCase> cases) {
    List<RuleCount> counts = new ArrayList<>();
    for (RuleInfo r : inScope) {
      int pos = (int) cases.stream().filter(c -> c.positive().contains(r.id())).count();
      int neg = (int) cases.stream().filter(c -> c.negative().contains(r.id())).count();
      counts.add(new RuleCount(r, pos, neg));
    }
    return counts;
  }

  /** One verb of one cell of one platform: what a probe widens and a rule may govern. */
  private record Place(Platform platform, Cell cell, Verb verb) {}
}
