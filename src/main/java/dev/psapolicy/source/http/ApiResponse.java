package dev.psapolicy.source.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A successful (2xx) response.
 *
 * @param method HTTP method
 * @param uri the absolute URI that answered (after same-origin redirects)
 * @param path request path relative to the API root
 * @param status HTTP status
 * @param headers response headers (names lower case)
 * @param body response body
 */
public record ApiResponse(
    String method,
    URI uri,
    String path,
    int status,
    Map<String, List<String>> headers,
    byte[] body) {
  // Trailing bytes after the JSON value mean a garbled response, not a complete one.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The first value of a header (name in any case). */
  public Optional<String> header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return Optional.of(e.getValue().get(0));
      }
    }
    return Optional.empty();
  }

  /** Every value of a header (name in any case). */
  public List<String> headers(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return List.of();
  }

  /** "GET /system/info": how messages name this request. */
  public String request() {
    return method + " " + path;
  }

  /**
   * The body as a JSON tree; a body that does not parse is a {@link HttpFailure.Kind#BAD_RESPONSE}.
   */
  public JsonNode json() throws HttpFailure {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw bad("the response body is empty, expected JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      String why = e.getOriginalMessage();
      int cut = why.indexOf('\n');
      why = cut < 0 ? why : why.substring(0, cut);
      if (why.length() > 120) {
        why = why.substring(0, 120) + "...";
      }
      throw bad("the response body is not valid JSON" + where + " (" + why + ")");
    } catch (IOException e) {
      throw bad("the response body cannot be read");
    }
  }

  /**
   * A failure naming this request and status; {@code why} must not contain credentials (it is built
   * from field names and vendor values, never from request headers).
   */
  public HttpFailure bad(String why) {
    return new HttpFailure(
        HttpFailure.Kind.BAD_RESPONSE,
        method,
        path,
        status,
        request() + " -> " + status + ": " + why);
  }
}
