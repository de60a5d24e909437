package dev.psapolicy.ruletest;

import dev.psapolicy.report.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one case: what was reported and how it differs from what was expected.
 *
 * @param ruleCase the case
 * @param reported the violations compared (all, or those of the rules the case names)
 * @param missing expected but not reported
 * @param unexpected reported but not expected
 * @param mismatched reported and expected, with different details
 * @param incomplete why the evaluation's data was incomplete (a case never passes then)
 */
public record CaseResult(
    RuleCase ruleCase,
    List<Violation> reported,
    List<ExpectedViolation> missing,
    List<Violation> unexpected,
    List<Mismatch> mismatched,
    List<String> incomplete) {

  public CaseResult {
    reported = List.copyOf(reported);
    missing = List.copyOf(missing);
    unexpected = List.copyOf(unexpected);
    mismatched = List.copyOf(mismatched);
    incomplete = List.copyOf(incomplete);
  }

  /**
   * An expected violation that was reported with other details.
   *
   * @param expected what the case expects
   * @param reported what the rules reported
   * @param differences one "field: expected X, reported Y" per differing field
   */
  public record Mismatch(ExpectedViolation expected, Violation reported, List<String> differences) {
    public Mismatch {
      differences = List.copyOf(differences);
    }
  }

  /** True when everything expected was reported, as expected, and nothing else. */
  public boolean passed() {
    return missing.isEmpty()
        && unexpected.isEmpty()
        && mismatched.isEmpty()
        && incomplete.isEmpty();
  }

  /**
   * The differences, one line each: {@code -} expected but not reported, {@code +} reported but not
   * expected (a YAML entry that can be pasted into expected.yaml, the message as a comment), {@code
   * ~} reported with other details, {@code !} incomplete data.
   */
  public List<String> diff() {
    List<String> out = new ArrayList<>();
    for (String reason : incomplete) {
      out.add("! data incomplete: " + reason);
    }
    for (ExpectedViolation e : missing) {
      out.add("- " + FlowYaml.of(e) + "  # expected (line " + e.line() + "), not reported");
    }
    for (Mismatch m : mismatched) {
      out.add("~ " + FlowYaml.of(m.expected()) + "  # " + String.join("; ", m.differences()));
    }
    for (Violation v : unexpected) {
      out.add("+ " + FlowYaml.of(v) + "  # " + v.message());
    }
    return out;
  }
}
