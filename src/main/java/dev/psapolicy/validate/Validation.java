package dev.psapolicy.validate;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.input.InputProblem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The state of one {@code validate} run shared by the validators: the problems found so far and
 * what earlier validators learned (rule ids, baselines).
 */
public final class Validation {
  private PermissionCatalog catalog;
  private final Set<InputProblem> problems = new LinkedHashSet<>();
  private final Set<String> ruleIds = new TreeSet<>();
  private final Map<String, Baseline> baselines = new LinkedHashMap<>();
  private final Map<String, Integer> counts = new LinkedHashMap<>();

  /**
   * @param catalog the permission catalog
   * @param builtInRuleIds ids of the built-in rules
   * @param builtInBaselines the built-in baselines
   */
  public Validation(
      PermissionCatalog catalog,
      Collection<String> builtInRuleIds,
      List<Baseline> builtInBaselines) {
    this.catalog = catalog;
    this.ruleIds.addAll(builtInRuleIds);
    builtInBaselines.forEach(b -> baselines.put(b.id(), b));
  }

  /** The catalog so far: the one given, with every valid catalog file validated merged over it. */
  public PermissionCatalog catalog() {
    return catalog;
  }

  /** Replaces the catalog with one a catalog file extended. */
  public void extendCatalog(PermissionCatalog extended) {
    catalog = extended;
  }

  /** Records problems (a problem found twice, e.g. through a case and on its own, once). */
  public void addAll(Collection<InputProblem> found) {
    problems.addAll(found);
  }

  public void add(InputProblem problem) {
    problems.add(problem);
  }

  /** Every problem so far. */
  public List<InputProblem> problems() {
    return new ArrayList<>(problems);
  }

  /** Rule ids known so far: the built-in ones plus those of the rule files validated. */
  public Set<String> ruleIds() {
    return ruleIds;
  }

  public void addRuleIds(Collection<String> ids) {
    ruleIds.addAll(ids);
  }

  /** Baselines known so far by id: the built-in ones, then valid baseline files (later wins). */
  public Map<String, Baseline> baselines() {
    return baselines;
  }

  public void addBaseline(Baseline b) {
    baselines.put(b.id(), b);
  }

  /** Counts a validated item of a kind for the summary ("rule", "baseline", ...). */
  public void count(String kind, int n) {
    counts.merge(kind, n, Integer::sum);
  }

  /** Items validated per kind, in the order first counted. */
  public Map<String, Integer> counts() {
    return counts;
  }
}
