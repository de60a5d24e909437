package dev.psapolicy.run;

/** The permission data could not be read completely: exit code 4, never a pass. */
public final class IncompleteDataException extends Exception {
  private static final long serialVersionUID = 1L;

  public IncompleteDataException(String message) {
    super(message);
  }
}
