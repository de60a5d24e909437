package dev.psapolicy.source.http;

/**
 * One HTTP request as psa-policy sent it, for the evidence of a write: method, path, the body with
 * every credential masked, and the status it got.
 *
 * @param sequence 1-based order in which it was sent (retries are requests of their own)
 * @param method HTTP method
 * @param path request path relative to the API root, with its query
 * @param body the redacted request body, or null when it had none
 * @param status the HTTP status answered, 0 when no response came (network error, timeout)
 */
public record RecordedRequest(int sequence, String method, String path, byte[] body, int status) {
  public RecordedRequest {
    body = body == null ? null : body.clone();
  }

  @Override
  public byte[] body() {
    return body == null ? null : body.clone();
  }
}
