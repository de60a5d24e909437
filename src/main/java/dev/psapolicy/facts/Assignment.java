package dev.psapolicy.facts;

import java.util.Locale;

/**
 * A baseline that applies to a principal.
 *
 * @param principalKey {@link Principal#key()}
 * @param baselineId the baseline's id
 * @param origin where the assignment came from
 * @param partial whether the baseline was transcribed from a cut-off table ({@code partial: true})
 * @param recognition what matched when the origin is {@link Origin#RECOGNISED}, else null
 */
public record Assignment(
    String principalKey,
    String baselineId,
    Origin origin,
    boolean partial,
    Recognition recognition) {

  /** An assignment that was not recognised. */
  public Assignment(String principalKey, String baselineId, Origin origin, boolean partial) {
    this(principalKey, baselineId, origin, partial, null);
  }

  /** An assignment of a complete baseline. */
  public Assignment(String principalKey, String baselineId, Origin origin) {
    this(principalKey, baselineId, origin, false, null);
  }

  /** Where an assignment came from, in the order they are tried. */
  public enum Origin {
    /** The principal's own integrations in the snapshot. */
    SNAPSHOT,
    /** The first matching {@code assign} entry of the policy config. */
    CONFIG,
    /**
     * The one baseline of the snapshot's platform whose {@code recognise:} patterns match the user
     * (tried only when it declares nothing and no {@code assign} entry matches).
     */
    RECOGNISED,
    /** The default baselines: {@code --baseline}, a case's {@code baselines}, or the config's. */
    DEFAULT;

    /** The lower-case word used in messages. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** How outputs name it: {@code declared} for the snapshot's own integrations, else the id. */
    public String word() {
      return this == SNAPSHOT ? "declared" : id();
    }
  }
}
