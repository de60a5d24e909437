package dev.psapolicy.report;

import java.util.Objects;

/**
 * What the gate decided about one run: decided once (by {@code gate.Gate}) and carried by the
 * report, so every format and the evidence pack say the same thing.
 *
 * @param outcome PASS, FAIL or INCOMPLETE
 * @param failOn the threshold the run was gated on
 * @param failing open (not waived, not accepted) violations at or above the threshold
 * @param exitCode the process exit code that goes with the outcome
 */
public record Verdict(Outcome outcome, Severity failOn, int failing, int exitCode) {

  /** The three outcomes of a gated run. */
  public enum Outcome {
    /** Complete data and no open violation at or above the threshold. */
    PASS,
    /** At least one open violation at or above the threshold. */
    FAIL,
    /** The data was incomplete: never a pass, whatever the violations. */
    INCOMPLETE
  }

  public Verdict {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(failOn, "failOn");
    if (failing < 0) {
      throw new IllegalArgumentException("failing < 0");
    }
  }

  /** One sentence: the outcome, the threshold and the exit code. */
  public String describe() {
    return switch (outcome) {
      case INCOMPLETE ->
          "INCOMPLETE: the permission data is incomplete, the gate cannot pass (exit "
              + exitCode
              + ")";
      case FAIL ->
          "FAIL: "
              + failing
              + " open violation(s) at or above "
              + failOn.id()
              + " (exit "
              + exitCode
              + ")";
      case PASS ->
          "PASS: no open violation at or above " + failOn.id() + " (exit " + exitCode + ")";
    };
  }
}
