package dev.psapolicy.report;

/**
 * A rule's metadata as declared on the DRL rule ({@code @id}, {@code @severity}, ...).
 *
 * @param id stable rule id
 * @param severity severity of a violation (for over-grants: of a full None-to-All jump)
 * @param oneStepSeverity severity when an over-grant exceeds by a single lattice step, or null to
 *     use {@code severity}
 * @param title one-line title
 * @param rationale why the rule exists
 * @param remediation how to clear it, in general terms
 * @param source the guide or practice the rule encodes (URL or citation)
 * @param file the DRL file that declares it
 * @param line the line of the rule declaration
 * @param builtIn whether it ships with psa-policy
 * @param principalScoped whether it declares {@code @scope("principal")}: it only relates facts of
 *     one principal, so a run may be split into shards of whole principals
 */
public record RuleInfo(
    String id,
    Severity severity,
    Severity oneStepSeverity,
    String title,
    String rationale,
    String remediation,
    String source,
    String file,
    int line,
    boolean builtIn,
    boolean principalScoped) {

  /** A rule without {@code @scope("principal")}. */
  public RuleInfo(
      String id,
      Severity severity,
      Severity oneStepSeverity,
      String title,
      String rationale,
      String remediation,
      String source,
      String file,
      int line,
      boolean builtIn) {
    this(
        id,
        severity,
        oneStepSeverity,
        title,
        rationale,
        remediation,
        source,
        file,
        line,
        builtIn,
        false);
  }

  /**
   * This rule as it runs at severity {@code s}: the one place a severity decided by the policy is
   * applied to a rule, DRL and waiver rules alike. An overridden severity also caps the one-step
   * severity: a one-step excess is never reported above what the policy set for the rule.
   */
  public RuleInfo withSeverity(Severity s) {
    if (s == severity) {
      return this;
    }
    Severity oneStep =
        oneStepSeverity == null || oneStepSeverity.atLeast(s) ? null : oneStepSeverity;
    return new RuleInfo(
        id,
        s,
        oneStep,
        title,
        rationale,
        remediation,
        source,
        file,
        line,
        builtIn,
        principalScoped);
  }
}
