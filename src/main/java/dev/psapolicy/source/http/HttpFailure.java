package dev.psapolicy.source.http;

/**
 * One request that did not yield a usable response, after any retries. The message is one line,
 * names the request (method, path, status) and never contains a credential.
 */
public final class HttpFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** 401: the server did not accept the credentials for this request. */
    UNAUTHORIZED,
    /** 403: the credentials are valid but lack the permission. */
    FORBIDDEN,
    /** Another non-2xx status (after retries for 5xx and 429). */
    STATUS,
    /** No response: connection refused, reset, DNS, TLS. */
    NETWORK,
    /** No complete response within the read timeout. */
    TIMEOUT,
    /** A redirect that psa-policy refuses to follow. */
    REDIRECT,
    /** A 2xx response whose body is not what the API promises (not JSON, wrong shape). */
    BAD_RESPONSE
  }

  private final Kind kind;
  private final String method;
  private final String path;
  private final int status;

  /**
   * A failure.
   *
   * @param kind what went wrong
   * @param method HTTP method
   * @param path the request path as psa-policy names it (relative to the API root)
   * @param status HTTP status, 0 when there was no response
   * @param message one line, already redacted
   */
  public HttpFailure(Kind kind, String method, String path, int status, String message) {
    super(message);
    this.kind = kind;
    this.method = method;
    this.path = path;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The HTTP status, 0 when there was none. */
  public int status() {
    return status;
  }

  /** True for 401 and 403. */
  public boolean denied() {
    return kind == Kind.UNAUTHORIZED || kind == Kind.FORBIDDEN;
  }
}
