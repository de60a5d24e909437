package dev.psapolicy.source.http;

/**
 * A fetch that produced no snapshot. The message is one line, names the request that failed
 * (method, path, status) and never contains a credential.
 */
public final class FetchException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the fetch stopped. */
  public enum Kind {
    /** The PSA rejected the credentials on the first request. */
    CREDENTIALS,
    /** A request failed or a response was unusable: the permission data is incomplete. */
    INCOMPLETE,
    /** psa-policy refused to start (e.g. the Autotask request budget is too low). */
    REFUSED
  }

  private final Kind kind;

  public FetchException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
