package dev.psapolicy.ruletest;

import java.util.List;

/**
 * Everything one {@code test} run found.
 *
 * @param cases one result per case, in case order
 * @param coverage the coverage, or null when not asked for
 * @param mutation the mutation result, or null when not asked for
 */
public record TestReport(List<CaseResult> cases, Coverage coverage, Mutation mutation) {
  public TestReport {
    cases = List.copyOf(cases);
  }

  /** Cases that failed. */
  public long failedCases() {
    return cases.stream().filter(c -> !c.passed()).count();
  }

  /** True when every case passed, the coverage reached its bar and no widening was missed. */
  public boolean passed() {
    return failedCases() == 0
        && (coverage == null || coverage.passes())
        && (mutation == null || mutation.passed());
  }
}
