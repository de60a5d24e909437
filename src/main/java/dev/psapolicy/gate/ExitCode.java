package dev.psapolicy.gate;

/** Process exit codes: stable, documented in README, distinct per outcome. */
public enum ExitCode {
  /** Nothing at or above the threshold; data complete. */
  OK(0),
  /** Violations at or above the threshold. */
  VIOLATIONS(1),
  /** Bad command line. */
  USAGE(2),
  /**
   * An input file (snapshot, baseline, rule, config, waivers, accepted findings) is invalid, or a
   * waiver is invalid under {@code --strict-waivers}.
   */
  INVALID_INPUT(3),
  /** The permission data is incomplete (fail-closed). */
  INCOMPLETE_DATA(4),
  /**
   * A bug or an environment failure in psa-policy itself; also an evaluation that did not finish:
   * the rules ran out of their budget (rule firings per session, wall-clock time per evaluation) or
   * a rule failed while it ran. No gate decision was made, so it never passes.
   */
  INTERNAL_ERROR(5),
  /**
   * {@code verify}: an evidence pack is not intact (a file added, removed or changed, a bad or
   * missing signature, a broken chain); {@code check --previous}: the previous pack is not.
   */
  VERIFICATION_FAILED(6);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
