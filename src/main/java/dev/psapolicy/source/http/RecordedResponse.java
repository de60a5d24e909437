package dev.psapolicy.source.http;

/**
 * One HTTP response as psa-policy keeps it for provenance and {@code --raw}: the body with every
 * credential masked, and the SHA-256 of exactly those bytes (so that a kept file verifies against
 * the snapshot).
 *
 * @param sequence 1-based order in which the response arrived
 * @param method HTTP method
 * @param path request path relative to the API root, with its query
 * @param status HTTP status
 * @param contentType the Content-Type header (may be null)
 * @param body the redacted body
 * @param sha256 lower-case hex SHA-256 of {@code body}
 */
public record RecordedResponse(
    int sequence,
    String method,
    String path,
    int status,
    String contentType,
    byte[] body,
    String sha256) {}
