package dev.psapolicy.run;

/**
 * What the user asked for cannot be done as asked (an output that cannot be written, an {@code
 * --integration} naming a principal the fetch did not find): exit code 2, like a usage error.
 */
public final class RequestException extends Exception {
  private static final long serialVersionUID = 1L;

  public RequestException(String message) {
    super(message);
  }
}
