package dev.psapolicy.facts;

import java.util.Locale;

/**
 * A baseline that applies to a principal.
 *
 * @param principalKey {@link Principal#key()}
 * @param baselineId the baseline's id
 * @param origin where the assignment came from
 * @param partial whether the baseline was transcribed from a cut-off table ({@code partial: true})
 */
public record Assignment(String principalKey, String baselineId, Origin origin, boolean partial) {

  /** An assignment of a complete baseline. */
  public Assignment(String principalKey, String baselineId, Origin origin) {
    this(principalKey, baselineId, origin, false);
  }

  /** Where an assignment came from, in the order they are tried. */
  public enum Origin {
    /** The principal's own integrations in the snapshot. */
    SNAPSHOT,
    /** The first matching {@code assign} entry of the policy config. */
    CONFIG,
    /** The default baselines: {@code --baseline}, a case's {@code baselines}, or the config's. */
    DEFAULT;

    /** The lower-case word used in messages. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
