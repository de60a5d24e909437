package dev.psapolicy.cli;

/** Evidence that should be intact is not: exit code 6 with a one-line message. */
public final class VerificationFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  public VerificationFailedException(String message) {
    super(message);
  }
}
