package dev.psapolicy.run;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.plan.Plan;
import dev.psapolicy.plan.PlanRequest;
import dev.psapolicy.plan.Planner;
import java.time.Instant;
import java.util.List;

/**
 * The {@code plan} use case: the remediation plan of one evaluation, made from exactly what {@code
 * check} judged (the same facts, the same open violations, the same inputs).
 */
public final class Plans {
  private Plans() {}

  /**
   * The plan of an evaluation.
   *
   * @param policy the policy evaluated (catalog and baselines)
   * @param snapshots the snapshots evaluated
   * @param result the evaluation's result
   * @param generatedAt when the plan is made
   */
  public static Plan of(
      Policy policy, List<Snapshot> snapshots, Evaluation.Result result, Instant generatedAt) {
    return Planner.plan(
        new PlanRequest(
            snapshots,
            result.facts().principals(),
            result.facts().grants(),
            result.report().violations(),
            policy.catalog().catalog(),
            policy.baselines(),
            result.report().run().inputs(),
            result.report().run().toolVersion(),
            generatedAt));
  }
}
