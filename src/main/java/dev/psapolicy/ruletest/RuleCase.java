package dev.psapolicy.ruletest;

import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.facts.Snapshot;
import java.util.List;
import java.util.Set;

/**
 * One rule test case: a folder with a snapshot, the baselines it uses and {@code expected.yaml}.
 *
 * @param folder the case folder as shown to the user
 * @param description what the case shows, or null
 * @param snapshot the input snapshot
 * @param baselines built-in baselines plus the case's baseline files
 * @param defaultBaselines baselines for principals that declare no integrations (like {@code check
 *     --baseline})
 * @param allowUnknown report unknown permissions as findings (like {@code --allow-unknown})
 * @param compareAll true: every reported violation must be expected; false: only violations of the
 *     rules the case names (positive, negative, expected) are compared
 * @param positive rules the case shows firing (declared, plus every rule it expects)
 * @param negative rules the case shows staying silent
 * @param expected the expected violations
 */
public record RuleCase(
    String folder,
    String description,
    Snapshot snapshot,
    BaselineSet baselines,
    List<String> defaultBaselines,
    boolean allowUnknown,
    boolean compareAll,
    Set<String> positive,
    Set<String> negative,
    List<ExpectedViolation> expected) {

  public RuleCase {
    defaultBaselines = List.copyOf(defaultBaselines);
    positive = Set.copyOf(positive);
    negative = Set.copyOf(negative);
    expected = List.copyOf(expected);
  }

  /** Whether the comparison includes violations of this rule. */
  public boolean compares(String ruleId) {
    return compareAll || positive.contains(ruleId) || negative.contains(ruleId);
  }
}
