package dev.psapolicy.render;

import dev.psapolicy.report.Report;

/** The gate's verdict in words, the same in every format. */
final class Verdicts {
  private Verdicts() {}

  /** PASS, FAIL or INCOMPLETE. */
  static String of(Report r) {
    return !r.run().complete() ? "INCOMPLETE" : r.failing() > 0 ? "FAIL" : "PASS";
  }

  /** One sentence: the verdict, the threshold and the exit code. */
  static String describe(Report r) {
    return switch (of(r)) {
      case "INCOMPLETE" ->
          "INCOMPLETE: the permission data is incomplete, the gate cannot pass"
              + " (exit "
              + r.exitCode()
              + ")";
      case "FAIL" ->
          "FAIL: "
              + r.failing()
              + " open violation(s) at or above "
              + r.failOn().id()
              + " (exit "
              + r.exitCode()
              + ")";
      default ->
          "PASS: no open violation at or above " + r.failOn().id() + " (exit " + r.exitCode() + ")";
    };
  }
}
