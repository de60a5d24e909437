package dev.psapolicy.cli;

/** A command-line mistake: exit code 2 with a one-line message. */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
