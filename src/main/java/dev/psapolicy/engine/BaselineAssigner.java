package dev.psapolicy.engine;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import java.util.List;

/**
 * Decides which baselines apply to an API user. The default uses the user's declared integrations,
 * else the run's default baselines for its platform; the policy config supplies another.
 */
@FunctionalInterface
public interface BaselineAssigner {
  /**
   * Baseline ids for one principal, with the origin of the decision.
   *
   * @param snapshot the snapshot the principal came from
   * @param principal the principal
   * @return the chosen baseline ids and where they came from
   */
  Choice assign(Snapshot snapshot, SnapshotPrincipal principal);

  /**
   * A decision.
   *
   * @param baselineIds ids chosen
   * @param origin snapshot, cli or config
   */
  record Choice(List<String> baselineIds, String origin) {
    public Choice {
      baselineIds = List.copyOf(baselineIds);
    }
  }
}
