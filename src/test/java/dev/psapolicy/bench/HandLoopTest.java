package dev.psapolicy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.run.Policy;
import dev.psapolicy.vocabulary.Platform;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmark's yardstick does the evaluation's work: on every built-in ConnectWise baseline
 * without a Customize allow-list, the hand-written loop builds exactly the violations an evaluation
 * reports (same rules, messages, fixes, severities and fingerprints, in the report's order), and
 * its counting form counts as many. When a built-in rule changes what it reports, this fails until
 * the loop is changed too.
 */
class HandLoopTest {
  private static final BaselineSet SET = builtIn();

  private static BaselineSet builtIn() {
    try {
      return BaselineSet.of(new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn());
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The loop's ground (see {@link HandLoop}): ConnectWise, and no Customize allow-list. */
  static Stream<Baseline> connectWiseBaselines() {
    return SET.all().stream()
        .filter(b -> b.platform() == Platform.CONNECTWISE)
        .filter(b -> b.rows().stream().allMatch(r -> r.customize() == null));
  }

  @Test
  void theBenchmarksBaselineIsOnTheLoopsGround() {
    assertTrue(
        connectWiseBaselines().anyMatch(b -> b.id().equals("hatz-ai-connectwise")),
        "Benchmark million judges hatz-ai-connectwise");
    assertTrue(connectWiseBaselines().count() >= 10, "most ConnectWise baselines are compared");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectWiseBaselines")
  void theLoopBuildsTheViolationsAnEvaluationReports(Baseline baseline) throws Exception {
    PermissionCatalog catalog = PermissionCatalog.builtIn();
    Policy policy = Policy.of(catalog, SET, List.of(), RuleSetLoader.builtIn(), Severity.HIGH);
    Snapshot snapshot = BenchData.snapshot("t", 120, baseline, baseline.id().hashCode());

    List<Violation> evaluated = Benchmark.violations(policy, snapshot);
    List<Violation> byHand = HandLoop.findings(snapshot, SET, catalog, Benchmark.rulesById(policy));

    assertTrue(evaluated.size() > 120, "the snapshot has findings to compare");
    for (int i = 0; i < Math.min(evaluated.size(), byHand.size()); i++) {
      assertEquals(evaluated.get(i), byHand.get(i), "violation " + i + " of " + evaluated.size());
    }
    assertEquals(evaluated.size(), byHand.size());
    assertEquals(evaluated.size(), HandLoop.count(snapshot, SET, catalog));
  }
}
