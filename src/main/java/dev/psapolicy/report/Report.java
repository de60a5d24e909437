package dev.psapolicy.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one evaluation: what was checked and what was found, in the one order of {@link
 * Violation#ORDER}. Immutable; renderers read it and nothing else.
 *
 * @param run run metadata
 * @param principals the API users covered
 * @param rules the rules evaluated
 * @param violations findings, sorted
 * @param verdict what the gate decided, with its exit code
 * @param relaxations the rules the policy config disabled or lowered, in {@link
 *     RuleRelaxation#ORDER} (empty when it relaxed none)
 */
public record Report(
    RunInfo run,
    List<PrincipalInfo> principals,
    List<RuleInfo> rules,
    List<Violation> violations,
    Verdict verdict,
    List<RuleRelaxation> relaxations) {

  /** A report of a run whose config relaxed no rule. */
  public Report(
      RunInfo run,
      List<PrincipalInfo> principals,
      List<RuleInfo> rules,
      List<Violation> violations,
      Verdict verdict) {
    this(run, principals, rules, violations, verdict, List.of());
  }

  public Report {
    Objects.requireNonNull(verdict, "verdict");
    List<RuleRelaxation> relaxed = new ArrayList<>(relaxations);
    relaxed.sort(RuleRelaxation.ORDER);
    relaxations = List.copyOf(relaxed);
    principals = List.copyOf(principals);
    rules = List.copyOf(rules);
    List<Violation> sorted = new ArrayList<>(violations);
    sorted.sort(Violation.ORDER);
    violations = List.copyOf(sorted);
  }

  /** Violations per severity, every severity present (0 when none). */
  public Map<Severity, Integer> countBySeverity() {
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      counts.put(s, 0);
    }
    for (Violation v : violations) {
      counts.merge(v.severity(), 1, Integer::sum);
    }
    return counts;
  }

  /** Violations with the given disposition status. */
  public long count(Disposition.Status status) {
    return violations.stream().filter(v -> v.disposition().status() == status).count();
  }
}
