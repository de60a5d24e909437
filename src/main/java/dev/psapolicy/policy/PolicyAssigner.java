package dev.psapolicy.policy;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.engine.BaselineAssigner;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.Suggest;
import java.util.ArrayList;
import java.util.List;

/**
 * Which baselines apply to an API user, in this order: the user's own {@code integrations} in the
 * snapshot; else the first {@code assign} entry of the config that matches it; else the default
 * baselines ({@code --baseline}, or the config's {@code defaultBaselines} when no {@code
 * --baseline} is given). Baselines of another platform than the user's are skipped, so one entry
 * may name a vendor's ConnectWise and Autotask baselines together.
 */
public final class PolicyAssigner implements BaselineAssigner {
  private final List<PolicyConfig.AssignRule> rules;
  private final BaselineSet baselines;
  private final List<String> defaults;
  private final String defaultsOrigin;

  private PolicyAssigner(
      List<PolicyConfig.AssignRule> rules,
      BaselineSet baselines,
      List<String> defaults,
      String defaultsOrigin) {
    this.rules = rules;
    this.baselines = baselines;
    this.defaults = List.copyOf(defaults);
    this.defaultsOrigin = defaultsOrigin;
  }

  /**
   * Builds the assigner; a baseline id in the config that the run does not know is an input error
   * at its place.
   *
   * @param config the policy config
   * @param baselines every baseline of the run
   * @param cliDefaults baseline ids given with {@code --baseline} (empty: use the config's)
   */
  public static PolicyAssigner of(
      PolicyConfig config, BaselineSet baselines, List<String> cliDefaults)
      throws InvalidInputException {
    Problems problems = new Problems();
    List<PolicyConfig.Ref> refs = new ArrayList<>(config.defaultBaselines());
    config.assign().forEach(r -> refs.addAll(r.baselines()));
    for (PolicyConfig.Ref r : refs) {
      if (!baselines.contains(r.value())) {
        String hint = Suggest.closest(r.value(), baselines.ids());
        problems.add(
            config.file(),
            r.at(),
            "unknown baseline '"
                + r.value()
                + "'"
                + (hint == null
                    ? " (known: " + String.join(", ", baselines.ids()) + ")"
                    : " (did you mean '" + hint + "'?)"));
      }
    }
    problems.throwIfAny();
    boolean cli = !cliDefaults.isEmpty();
    List<String> defaults =
        cli
            ? cliDefaults
            : config.defaultBaselines().stream().map(PolicyConfig.Ref::value).toList();
    return new PolicyAssigner(config.assign(), baselines, defaults, cli ? "cli" : "config");
  }

  @Override
  public Choice assign(Snapshot snapshot, SnapshotPrincipal p) {
    if (!p.integrations().isEmpty()) {
      return new Choice(p.integrations(), "snapshot");
    }
    for (PolicyConfig.AssignRule r : rules) {
      if (r.matches(snapshot.platform().id(), snapshot.instance(), p.id(), p.name(), p.role())) {
        return new Choice(
            ofPlatform(snapshot, r.baselines().stream().map(PolicyConfig.Ref::value).toList()),
            "config");
      }
    }
    return new Choice(ofPlatform(snapshot, defaults), defaultsOrigin);
  }

  private List<String> ofPlatform(Snapshot snapshot, List<String> ids) {
    return ids.stream()
        .filter(
            id -> {
              Baseline b = baselines.get(id);
              return b == null || b.platform() == snapshot.platform();
            })
        .toList();
  }
}
