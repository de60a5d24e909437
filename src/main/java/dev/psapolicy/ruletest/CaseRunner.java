package dev.psapolicy.ruletest;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.ruleset.RuleSet;
import dev.psapolicy.run.Evaluation;
import dev.psapolicy.run.Policy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs rule test cases through the one evaluation path {@code check} uses ({@link Evaluation}),
 * with the whole rule pack in the session, and compares the violations with the expected ones. The
 * CLI's {@code test} command and the project's own JUnit test both use it.
 */
public final class CaseRunner {
  private final RuleSet rules;
  private final PermissionCatalog catalog;
  private final Clock clock;

  /**
   * @param rules the rule pack under test
   * @param catalog the permission catalog
   * @param clock the clock of run metadata
   */
  public CaseRunner(RuleSet rules, PermissionCatalog catalog, Clock clock) {
    this.rules = rules;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Evaluates one case and compares. */
  public CaseResult run(RuleCase c) throws InvalidInputException {
    Policy policy = Policy.of(catalog, c.baselines(), c.defaultBaselines(), rules, Severity.INFO);
    Evaluation.Result result =
        Evaluation.run(
            new Evaluation.Request(
                policy, List.of(c.snapshot()), c.allowUnknown(), clock.instant(), "test", null));
    List<Violation> reported =
        result.report().violations().stream().filter(v -> c.compares(v.ruleId())).toList();
    Map<ExpectedViolation.Key, ExpectedViolation> expected = new LinkedHashMap<>();
    for (ExpectedViolation e : c.expected()) {
      expected.put(e.key(), e);
    }
    List<Violation> unexpected = new ArrayList<>();
    List<CaseResult.Mismatch> mismatched = new ArrayList<>();
    for (Violation v : reported) {
      ExpectedViolation e = expected.remove(ExpectedViolation.key(v));
      if (e == null) {
        unexpected.add(v);
        continue;
      }
      List<String> diffs = new ArrayList<>();
      differ(diffs, "severity", e.severity().id(), v.severity().id());
      differ(diffs, "actual", e.actual(), v.actual());
      differ(diffs, "allowed", e.allowed(), v.allowed());
      differ(diffs, "fix", e.fix(), v.fix());
      differ(diffs, "message", e.message(), v.message());
      if (!diffs.isEmpty()) {
        mismatched.add(new CaseResult.Mismatch(e, v, diffs));
      }
    }
    return new CaseResult(
        c,
        reported,
        List.copyOf(expected.values()),
        unexpected,
        mismatched,
        result.report().run().incomplete());
  }

  private static void differ(List<String> out, String field, String expected, String reported) {
    if (expected != null && !Objects.equals(expected, reported)) {
      out.add(field + ": expected '" + expected + "', reported '" + reported + "'");
    }
  }
}
