package dev.psapolicy.engine;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.facts.Assignment;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import java.util.List;

/**
 * Which baselines apply to an API user: the one function, in this order: the user's own {@code
 * integrations} in the snapshot; else the first matching rule (the policy config's {@code assign}
 * entries); else the default baselines. Baselines of another platform than the user's are skipped,
 * so one entry may name a vendor's ConnectWise and Autotask baselines together.
 */
public final class BaselineAssigner {

  /** A rule that assigns baselines to the principals it matches. */
  public interface Rule {
    /** True when the rule applies to the principal of the snapshot. */
    boolean matches(Snapshot snapshot, SnapshotPrincipal principal);

    /** The baselines it assigns. */
    List<String> baselineIds();
  }

  /**
   * A decision.
   *
   * @param baselineIds ids chosen
   * @param origin where they came from
   */
  public record Choice(List<String> baselineIds, Assignment.Origin origin) {
    public Choice {
      baselineIds = List.copyOf(baselineIds);
    }
  }

  private final BaselineSet baselines;
  private final List<Rule> rules;
  private final List<String> defaults;

  private BaselineAssigner(
      BaselineSet baselines, List<? extends Rule> rules, List<String> defaults) {
    this.baselines = baselines;
    this.rules = List.copyOf(rules);
    this.defaults = List.copyOf(defaults);
  }

  /** Declared integrations, else the first matching rule, else the defaults. */
  public static BaselineAssigner of(
      BaselineSet baselines, List<? extends Rule> rules, List<String> defaults) {
    return new BaselineAssigner(baselines, rules, defaults);
  }

  /** Declared integrations, else the defaults (no rules). */
  public static BaselineAssigner defaults(BaselineSet baselines, List<String> defaults) {
    return new BaselineAssigner(baselines, List.of(), defaults);
  }

  /** The baselines for one principal and where the decision came from. */
  public Choice assign(Snapshot snapshot, SnapshotPrincipal p) {
    if (!p.integrations().isEmpty()) {
      return new Choice(p.integrations(), Assignment.Origin.SNAPSHOT);
    }
    for (Rule r : rules) {
      if (r.matches(snapshot, p)) {
        return new Choice(ofPlatform(snapshot, r.baselineIds()), Assignment.Origin.CONFIG);
      }
    }
    return new Choice(ofPlatform(snapshot, defaults), Assignment.Origin.DEFAULT);
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
