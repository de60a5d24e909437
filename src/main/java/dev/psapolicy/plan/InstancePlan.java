package dev.psapolicy.plan;

import dev.psapolicy.vocabulary.Platform;
import java.util.List;

/**
 * The plan of one PSA instance.
 *
 * @param platform the PSA
 * @param instance the PSA instance
 * @param factsSha256 what the instance looked like when the plan was made: {@code
 *     SnapshotWriter.factsSha256} of its snapshot; when several snapshots describe the instance (an
 *     Autotask fetch per API user) the sha256 of their values, sorted, one per line
 * @param snapshots how many snapshots describe the instance (1 for one fetch)
 * @param roles per security role (ConnectWise) or security level (Autotask) its API users hold,
 *     ordered by name
 * @param synthesised per API user with a baseline, the least-privilege role it needs, ordered by
 *     principal id
 * @param actions what to do, in order: ids {@code A1, A2, ...} for automated actions, {@code M1,
 *     M2, ...} for manual ones
 */
public record InstancePlan(
    Platform platform,
    String instance,
    String factsSha256,
    int snapshots,
    List<RolePlan> roles,
    List<SynthesisedRole> synthesised,
    List<Action> actions) {
  public InstancePlan {
    if (snapshots < 1) {
      throw new IllegalArgumentException("snapshots must be at least 1, found " + snapshots);
    }
    roles = List.copyOf(roles);
    synthesised = List.copyOf(synthesised);
    actions = List.copyOf(actions);
  }

  /** The plan of an instance described by one snapshot. */
  public InstancePlan(
      Platform platform,
      String instance,
      String factsSha256,
      List<RolePlan> roles,
      List<SynthesisedRole> synthesised,
      List<Action> actions) {
    this(platform, instance, factsSha256, 1, roles, synthesised, actions);
  }
}
