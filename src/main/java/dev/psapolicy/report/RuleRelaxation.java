package dev.psapolicy.report;

import java.util.Comparator;
import java.util.Objects;

/**
 * A rule that the policy config switched off ({@code disable}) or gave a lower severity than it
 * declares ({@code severity}). Every output and the evidence pack list them, so that a weakened
 * gate is never silent. Raising a severity is not a relaxation and is not listed.
 *
 * @param ruleId the rule
 * @param declared the severity the rule declares
 * @param effective the severity the config gives it, or null when it is disabled
 * @param file the config file as the user named it
 * @param line line of the config entry that relaxes it
 * @param column column of that entry
 */
public record RuleRelaxation(
    String ruleId, Severity declared, Severity effective, String file, int line, int column) {

  /** The one order of every output: by rule id. */
  public static final Comparator<RuleRelaxation> ORDER =
      Comparator.comparing(RuleRelaxation::ruleId);

  public RuleRelaxation {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(declared, "declared");
  }

  /** True when the rule does not run at all. */
  public boolean disabled() {
    return effective == null;
  }

  /** "disabled" or "lowered from high to low". */
  public String describe() {
    return disabled() ? "disabled" : "lowered from " + declared.id() + " to " + effective.id();
  }

  /** "psa-policy.yaml:4:3": where the config relaxes the rule. */
  public String where() {
    return file + ":" + line + ":" + column;
  }
}
