package dev.psapolicy.source.http;

import java.util.Locale;

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
    String sha256) {

  /** The file name it is kept under: sequence, method and a slug of the path. */
  public String fileName() {
    String slug = path.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
    if (slug.length() > 80) {
      slug = slug.substring(0, 80);
    }
    return String.format(Locale.ROOT, "%03d-%s-%s.json", sequence, method, slug);
  }
}
