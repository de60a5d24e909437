package dev.psapolicy.gate;

import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Verdict;
import dev.psapolicy.report.Violation;
import java.util.List;

/** Decides whether a run passes the pipeline gate. The one place that decision is made. */
public final class Gate {
  private Gate() {}

  /**
   * Decides the verdict and its exit code.
   *
   * @param violations all violations; only open ones count against the gate
   * @param failOn threshold
   * @param complete whether the input data was complete
   */
  public static Verdict decide(List<Violation> violations, Severity failOn, boolean complete) {
    int failing =
        (int)
            violations.stream()
                .filter(v -> countsAgainst(v.severity(), v.disposition(), failOn))
                .count();
    return decide(failing, failOn, complete);
  }

  /** Whether a finding of this severity and disposition counts against the gate. */
  public static boolean countsAgainst(Severity severity, Disposition disposition, Severity failOn) {
    return disposition.isOpen() && severity.atLeast(failOn);
  }

  /**
   * Decides the verdict from the number of findings that count against the gate ({@link
   * #countsAgainst}), e.g. when only a results file's severities and dispositions are at hand.
   */
  public static Verdict decide(int failing, Severity failOn, boolean complete) {
    if (!complete) {
      return new Verdict(
          Verdict.Outcome.INCOMPLETE, failOn, failing, ExitCode.INCOMPLETE_DATA.code());
    }
    return failing > 0
        ? new Verdict(Verdict.Outcome.FAIL, failOn, failing, ExitCode.VIOLATIONS.code())
        : new Verdict(Verdict.Outcome.PASS, failOn, 0, ExitCode.OK.code());
  }
}
