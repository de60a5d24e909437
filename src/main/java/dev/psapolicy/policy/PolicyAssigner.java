package dev.psapolicy.policy;

import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.engine.BaselineAssigner;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Problems;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline assignment a policy config asks for: its {@code assign} entries, and its {@code
 * defaultBaselines} unless {@code --baseline} gives defaults. The order of the decision lives in
 * {@link BaselineAssigner}.
 */
public final class PolicyAssigner {
  private PolicyAssigner() {}

  /**
   * Builds the assigner; a baseline id in the config that the run does not know is an input error
   * at its place.
   *
   * @param config the policy config
   * @param baselines every baseline of the run
   * @param cliDefaults baseline ids given with {@code --baseline} (empty: use the config's)
   */
  public static BaselineAssigner of(
      PolicyConfig config, BaselineSet baselines, List<String> cliDefaults)
      throws InvalidInputException {
    Problems problems = new Problems();
    List<PolicyConfig.Ref> refs = new ArrayList<>(config.defaultBaselines());
    config.assign().forEach(r -> refs.addAll(r.baselines()));
    for (PolicyConfig.Ref r : refs) {
      if (!baselines.contains(r.value())) {
        problems.add(config.file(), r.at(), baselines.unknown(r.value()));
      }
    }
    problems.throwIfAny();
    List<String> defaults =
        !cliDefaults.isEmpty()
            ? cliDefaults
            : config.defaultBaselines().stream().map(PolicyConfig.Ref::value).toList();
    return BaselineAssigner.of(baselines, config.assign(), defaults);
  }
}
