package dev.psapolicy.source.connectwise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psapolicy.source.http.HttpFailure;
import dev.psapolicy.source.http.HttpSettings;
import dev.psapolicy.source.http.PsaHttpClient;
import dev.psapolicy.source.http.RecordedRequest;
import dev.psapolicy.source.http.RecordedResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The only changes psa-policy makes to a ConnectWise PSA, through the REST API's {@code PATCH
 * /system/apiMembers/{id}}: move an API member to another security role, or set its inactive flag.
 * ConnectWise's API cannot edit a role's settings (they are GET-only) and creates roles by name
 * only, so every other change stays a manual step. Each change is one {@code replace} operation, so
 * sending it twice leaves the member as sending it once: {@link PsaHttpClient#writeJson} retries it
 * after a 5xx, 429 or network error.
 */
public final class ConnectWiseWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One write: the request apply makes (or, in a dry run, would make).
   *
   * @param method HTTP method
   * @param path path below the API root
   * @param body the JSON body
   */
  public record Write(String method, String path, JsonNode body) {
    /** The body as compact JSON text. */
    public String bodyText() {
      try {
        return JSON.writeValueAsString(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** {@code PATCH /system/apiMembers/187 [...]}: how output names it. */
    @Override
    public String toString() {
      return method + " " + path + " " + bodyText();
    }
  }

  private final PsaHttpClient http;

  /**
   * A writer to one API root (the one a fetch resolved: its provenance's {@code baseUrl}).
   *
   * @param credentials the API member's keys (its role needs Edit on System / Member Maintenance,
   *     see the docs: write scope, for apply only)
   * @param apiRoot the REST root
   * @param apiVersion the version of the {@code Accept} media type
   * @param settings timeouts, retries, TLS trust
   * @param listener told about every response
   */
  public ConnectWiseWriter(
      ConnectWiseCredentials credentials,
      URI apiRoot,
      String apiVersion,
      HttpSettings settings,
      PsaHttpClient.Listener listener) {
    this.http =
        new PsaHttpClient(
            apiRoot,
            Map.of(
                "Authorization", credentials.authorization(),
                "clientId", credentials.clientId(),
                "Accept", ConnectWiseOptions.MEDIA_TYPE + "; version=" + apiVersion),
            credentials.redactor(),
            settings,
            listener);
  }

  /** The write that moves API member {@code memberId} to security role {@code roleId}. */
  public static Write reassign(String memberId, String roleId, String roleName) {
    ObjectNode role = JSON.createObjectNode().put("id", Long.parseLong(roleId));
    if (roleName != null) {
      role.put("name", roleName);
    }
    return patch(memberId, "securityRole", role);
  }

  /** The write that sets API member {@code memberId}'s inactive flag. */
  public static Write inactive(String memberId, boolean inactive) {
    return patch(memberId, "inactiveFlag", JSON.getNodeFactory().booleanNode(inactive));
  }

  private static Write patch(String memberId, String field, JsonNode value) {
    if (!memberId.matches("\\d{1,18}")) {
      throw new IllegalArgumentException("'" + memberId + "' is not an API member id");
    }
    ArrayNode ops = JSON.createArrayNode();
    ops.addObject().put("op", "replace").put("path", field).set("value", value);
    return new Write("PATCH", "/system/apiMembers/" + memberId, ops);
  }

  /** Sends one write; a refusal or failure is the {@link HttpFailure} naming it. */
  public void send(Write w) throws HttpFailure {
    http.writeJson(w.method(), w.path(), w.body());
  }

  /** Every request sent, bodies redacted. */
  public List<RecordedRequest> requests() {
    return http.requests();
  }

  /** Every response received, redacted. */
  public List<RecordedResponse> responses() {
    return http.responses();
  }
}
