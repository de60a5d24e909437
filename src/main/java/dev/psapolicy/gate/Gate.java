package dev.psapolicy.gate;

import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import java.util.List;

/** Decides whether a run passes the pipeline gate. The one place that decision is made. */
public final class Gate {
  private Gate() {}

  /** What the gate decided. */
  public enum Outcome {
    /** Complete data and nothing at or above the threshold. */
    PASS,
    /** At least one violation at or above the threshold. */
    FAIL,
    /** The data was incomplete: never a pass, whatever the violations. */
    INCOMPLETE
  }

  /**
   * Decides the outcome.
   *
   * @param violations all violations; only open ones count against the gate
   * @param failOn threshold
   * @param complete whether the input data was complete
   */
  public static Outcome decide(List<Violation> violations, Severity failOn, boolean complete) {
    if (!complete) {
      return Outcome.INCOMPLETE;
    }
    return violations.stream()
            .anyMatch(v -> v.disposition().isOpen() && v.severity().atLeast(failOn))
        ? Outcome.FAIL
        : Outcome.PASS;
  }
}
