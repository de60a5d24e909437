package dev.psapolicy.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import dev.psapolicy.testing.DemoData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ConnectWise simulator's {@code PUT} and {@code PATCH /system/apiMembers/{id}}: each body is
 * also validated against the spec subset's request schema, so the simulator accepts what the spec
 * accepts (and refuses with 400 what it does not), plus its own checks the spec cannot express
 * (role ids that exist, read-only fields).
 */
class ConnectWiseWritesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MEMBER = "/system/apiMembers/187";
  private final HttpClient http = HttpClient.newHttpClient();
  private ConnectWiseSimulator sim;

  @AfterEach
  void close() {
    if (sim != null) {
      sim.close();
    }
  }

  private ConnectWiseSimulator start(FaultPlan faults) throws Exception {
    sim =
        ConnectWiseSimulator.start(
            ConnectWiseMsp.fromSnapshot(DemoData.connectWise(), 3),
            SimulatorOptions.loopback().withFaults(faults));
    return sim;
  }

  private HttpResponse<String> send(String method, String path, String body, boolean clientId)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sim.apiRoot() + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (ConnectWiseMsp.DEMO_COMPANY
                                    + "+"
                                    + ConnectWiseMsp.DEMO_PUBLIC_KEY
                                    + ":"
                                    + ConnectWiseMsp.DEMO_PRIVATE_KEY)
                                .getBytes(StandardCharsets.UTF_8)))
            .header("Accept", "application/vnd.connectwise.com+json; version=2025.8");
    if (clientId) {
      b.header("clientId", ConnectWiseMsp.DEMO_CLIENT_ID);
    }
    if (body == null) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The member as GET shows it, with its security role replaced by {@code roleId}. */
  private String putBody(long roleId) throws Exception {
    ObjectNode m = (ObjectNode) JSON.readTree(send("GET", MEMBER, null, true).body());
    m.putObject("securityRole").put("id", roleId).put("name", "whatever the client says");
    return JSON.writeValueAsString(m);
  }

  static Stream<Arguments> bodies() {
    return Stream.of(
        // method, body, status, spec-valid, the role id after, the error message (400)
        Arguments.of(
            "PATCH",
            "[{\"op\":\"replace\",\"path\":\"securityRole\",\"value\":{\"id\":31}}]",
            200,
            true,
            31L,
            null),
        Arguments.of(
            "PATCH",
            "[{\"op\":\"replace\",\"path\":\"/securityRole/id\",\"value\":31}]",
            200,
            true,
            31L,
            null),
        Arguments.of(
            "PATCH",
            "[{\"op\":\"replace\",\"path\":\"inactiveFlag\",\"value\":true}]",
            200,
            true,
            18L,
            null),
        Arguments.of("PUT", "PUT-31", 200, true, 31L, null),
        Arguments.of(
            "PATCH",
            "{\"op\":\"replace\",\"path\":\"securityRole\",\"value\":{\"id\":31}}",
            400,
            false,
            18L,
            "the body must be a non-empty array of PatchOperation {op, path, value}"),
        Arguments.of(
            "PATCH",
            "[{\"op\":\"replace\",\"path\":\"securityRole\",\"value\":{\"id\":31},\"from\":\"x\"}]",
            400,
            false,
            18L,
            "unknown field 'from' (not in PatchOperation)"),
        Arguments.of(
            "PATCH",
            "[{\"op\":\"replace\",\"path\":\"securityRole\",\"value\":{\"id\":\"31\"}}]",
            400,
            true, // the spec leaves value untyped: the field it replaces types it
            18L,
            "securityRole must be a reference object {id, name, _info}"),
        Arguments.of(
            "PATCH",
            "[{\"op\":\"replace\",\"path\":\"securityRole\",\"value\":{\"id\":999}}]",
            400,
            true,
            18L,
            "securityRole id 999 is not a security role"),
        Arguments.of(
            "PATCH",
            "[{\"op\":\"replace\",\"path\":\"id\",\"value\":5}]",
            400,
            true,
            18L,
            "id is read-only"),
        Arguments.of(
            "PATCH",
            "[{\"op\":\"remove\",\"path\":\"securityRole\"}]",
            400,
            true,
            18L,
            "op 'remove' is not supported (replace)"),
        Arguments.of(
            "PATCH",
            "[{\"op\":\"replace\",\"path\":\"securityRole\",\"value\":{\"id\":31}},"
                + "{\"op\":\"replace\",\"path\":\"inactiveFlag\",\"value\":\"yes\"}]",
            400,
            true,
            18L,
            "inactiveFlag must be true or false"),
        Arguments.of(
            "PUT",
            "{\"name\":\"Hatz AI\",\"securityRole\":{\"id\":31}}",
            400,
            false,
            18L,
            "identifier is required"),
        Arguments.of(
            "PUT",
            "{\"identifier\":\"hatzai\",\"name\":\"Hatz AI\",\"securityRole\":{\"id\":31},"
                + "\"colour\":\"red\"}",
            400,
            false,
            18L,
            "unknown field 'colour' (not in ApiMember)"),
        Arguments.of(
            "PUT",
            "{\"id\":188,\"identifier\":\"hatzai\",\"name\":\"Hatz AI\","
                + "\"securityRole\":{\"id\":31}}",
            400,
            true,
            18L,
            "id is read-only: the path names 187, the body 188"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("bodies")
  void writesFollowTheSpec(
      String method, String body, int status, boolean specValid, long roleAfter, String error)
      throws Exception {
    start(FaultPlan.none());
    String sent = body.equals("PUT-31") ? putBody(31) : body;
    Set<ValidationMessage> spec =
        SpecValidator.connectWise().validateRequest(method, MEMBER, JSON.readTree(sent));
    assertEquals(specValid, spec.isEmpty(), spec.toString());

    HttpResponse<String> r = send(method, MEMBER, sent, true);
    assertEquals(status, r.statusCode(), r.body());
    JsonNode answer = JSON.readTree(r.body());
    if (status == 200) {
      assertTrue(
          SpecValidator.connectWise().validate(method, MEMBER, 200, answer).isEmpty(),
          "the answer is an ApiMember");
    } else {
      assertEquals("InvalidObject", answer.path("code").asText());
      assertEquals(error, answer.path("errors").path(0).path("message").asText(), r.body());
    }
    // the write is applied (or not) to what a later read serves
    JsonNode after = JSON.readTree(send("GET", MEMBER, null, true).body());
    assertEquals(roleAfter, after.path("securityRole").path("id").asLong());
    assertEquals(
        method.equals("PATCH") && body.contains("inactiveFlag\",\"value\":true"),
        after.path("inactiveFlag").asBoolean());
    // every write is logged with its body and status
    List<SimulatorServer.LoggedRequest> writes = sim.writes();
    assertEquals(1, writes.size());
    assertEquals(method, writes.get(0).method());
    assertEquals(sent, writes.get(0).body());
    assertEquals(status, writes.get(0).status());
  }

  @Test
  void aWriteNeedsTheClientIdHeaderAndJson() throws Exception {
    start(FaultPlan.none());
    String patch = "[{\"op\":\"replace\",\"path\":\"securityRole\",\"value\":{\"id\":31}}]";
    assertEquals(401, send("PATCH", MEMBER, patch, false).statusCode());
    assertEquals(405, send("PATCH", "/system/securityroles/31", patch, true).statusCode());
    assertEquals(404, send("PATCH", "/system/apiMembers/9999", patch, true).statusCode());
    assertEquals(
        "{\"code\":\"InvalidObject\",\"message\":\"apiMember object is invalid\",\"errors\":"
            + "[{\"code\":\"InvalidField\",\"message\":\"the body is not valid JSON\","
            + "\"resource\":\"apiMember\",\"field\":\"body\"}]}",
        send("PATCH", MEMBER, "[{", true).body());
    assertEquals(18, sim.msp().member(187).roleId(), "nothing changed");
  }

  @Test
  void aWriteFaultCanRefuseTheSecondWriteOnly() throws Exception {
    start(FaultPlan.of(List.of(Fault.parse("500@PATCH /system/apiMembers#1*1"))));
    String patch = "[{\"op\":\"replace\",\"path\":\"securityRole\",\"value\":{\"id\":31}}]";
    assertEquals(200, send("GET", MEMBER, null, true).statusCode(), "reads are not counted");
    assertEquals(200, send("PATCH", MEMBER, patch, true).statusCode());
    assertEquals(500, send("PATCH", "/system/apiMembers/188", patch, true).statusCode());
    assertEquals(200, send("PATCH", "/system/apiMembers/188", patch, true).statusCode());
    assertEquals(List.of(200, 500, 200), sim.writes().stream().map(w -> w.status()).toList());
  }
}
