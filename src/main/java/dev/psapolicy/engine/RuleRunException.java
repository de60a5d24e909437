package dev.psapolicy.engine;

import dev.psapolicy.gate.ExitCode;

/**
 * An evaluation that did not finish: the rules ran out of their {@link RuleBudget}, or a rule
 * failed while it ran (an exception, a stack overflow). The message is one line that names the
 * rule; the run exits with {@link ExitCode#INTERNAL_ERROR} (5): no gate decision was made, so it
 * never passes.
 */
public final class RuleRunException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RuleRunException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The exit code of a run that ends with this. */
  public ExitCode exitCode() {
    return ExitCode.INTERNAL_ERROR;
  }
}
