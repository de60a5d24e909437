package dev.psapolicy.plan;

import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Principal;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.InputRef;
import dev.psapolicy.report.Violation;
import java.time.Instant;
import java.util.List;

/**
 * What a plan is made from: the same evaluation {@code check} runs.
 *
 * @param snapshots the snapshots evaluated (for role ids, the instance's roles and its facts hash)
 * @param principals the API users as the evaluation saw them, with their assigned baselines
 * @param grants their judged grants ({@link Grant#allowed()} and {@link Grant#needed()} are the
 *     engine's joins over each principal's baselines)
 * @param violations the evaluation's violations (only open ones are planned)
 * @param catalog the permission catalog: screen order, Autotask settings, names of role rows
 * @param baselines the baselines, for the rows of a synthesised role on cells a principal does not
 *     hold
 * @param inputs the inputs of the run
 * @param toolVersion psa-policy version
 * @param generatedAt when the plan is made
 */
public record PlanRequest(
    List<Snapshot> snapshots,
    List<Principal> principals,
    List<Grant> grants,
    List<Violation> violations,
    PermissionCatalog catalog,
    BaselineSet baselines,
    List<InputRef> inputs,
    String toolVersion,
    Instant generatedAt) {
  public PlanRequest {
    snapshots = List.copyOf(snapshots);
    principals = List.copyOf(principals);
    grants = List.copyOf(grants);
    violations = List.copyOf(violations);
    inputs = List.copyOf(inputs);
  }
}
