package dev.psapolicy.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ValidationMessage;
import dev.psapolicy.source.autotask.AutotaskFetcher;
import dev.psapolicy.source.autotask.AutotaskOptions;
import dev.psapolicy.source.connectwise.ConnectWiseFetcher;
import dev.psapolicy.source.connectwise.ConnectWiseOptions;
import dev.psapolicy.source.http.HttpFailure;
import dev.psapolicy.source.http.Progress;
import dev.psapolicy.source.http.PsaHttpClient;
import dev.psapolicy.source.http.RecordedResponse;
import dev.psapolicy.testing.DemoData;
import dev.psapolicy.testing.FastHttp;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulators speak the vendors' JSON: every response of a full fetch (and of the other
 * operations they serve) validates against the response schema of the matching operation in the
 * spec subsets, strictly (no field the spec does not declare).
 */
class SpecConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FastHttp fast = new FastHttp();

  /** A response to validate: method, path below the API root, status, body. */
  private record Seen(String method, String path, int status, String contentType, byte[] body) {}

  private static Seen seen(RecordedResponse r) {
    return new Seen(r.method(), r.path(), r.status(), r.contentType(), r.body());
  }

  private static void assertValid(
      SpecValidator spec, List<Seen> responses, Map<String, String> aliases) throws Exception {
    List<String> problems = new ArrayList<>();
    for (Seen r : responses) {
      String path =
          r.path().contains("?") ? r.path().substring(0, r.path().indexOf('?')) : r.path();
      for (Map.Entry<String, String> a : aliases.entrySet()) {
        path = path.replaceAll(a.getKey(), a.getValue());
      }
      Set<ValidationMessage> msgs =
          spec.validate(r.method(), path, r.status(), JSON.readTree(r.body()));
      for (ValidationMessage m : msgs) {
        problems.add(r.method() + " " + r.path() + ": " + m.getMessage());
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void connectWiseResponsesMatchTheSpec() throws Exception {
    SpecValidator spec = SpecValidator.connectWise();
    List<Seen> responses = new ArrayList<>();
    try (ConnectWiseSimulator sim =
        ConnectWiseSimulator.start(
            ConnectWiseMsp.fromSnapshot(DemoData.connectWise(), 24), SimulatorOptions.loopback())) {
      for (boolean forwardOnly : new boolean[] {false, true}) {
        for (RecordedResponse r :
            new ConnectWiseFetcher(
                    DemoData.cwCredentials(),
                    new ConnectWiseOptions(
                        null, URI.create(sim.siteUrl()), "2025.8", 7, forwardOnly, null),
                    fast.settings(),
                    Clock.systemUTC(),
                    PsaHttpClient.Listener.none(),
                    Progress.none())
                .fetch()
                .responses()) {
          if (r.path().startsWith("/login/companyinfo/")) {
            continue; // discovery is not part of the REST spec (SOURCES.md)
          }
          responses.add(seen(r));
        }
      }
      PsaHttpClient http =
          new PsaHttpClient(
              URI.create(sim.apiRoot()),
              Map.of(
                  "Authorization",
                  DemoData.cwCredentials().authorization(),
                  "clientId",
                  ConnectWiseMsp.DEMO_CLIENT_ID,
                  "Accept",
                  "application/vnd.connectwise.com+json; version=2025.8"),
              DemoData.cwCredentials().redactor(),
              fast.settings(),
              PsaHttpClient.Listener.none());
      for (String p :
          List.of(
              "/system/apiMembers/187",
              "/system/apiMembers/count",
              "/system/members/150",
              "/system/members/count?conditions=licenseClass%3D%22A%22",
              "/system/securityroles/18",
              "/system/securityroles/count",
              "/system/securityRoles/18/settings/18001",
              "/system/securityRoles/18/settings/count")) {
        http.get(p, Map.of());
      }
      http.responses().forEach(r -> responses.add(seen(r)));
    }
    assertTrue(responses.size() > 30, "a full fetch twice plus the single-item operations");
    assertValid(spec, responses, Map.of());
    for (Seen r : responses) {
      String path = r.path().replaceAll("\\?.*", "");
      assertEquals(
          List.of(r.contentType()), spec.mediaTypes(r.method(), path, r.status()), r.path());
    }
  }

  @Test
  void connectWiseSpeaksOnlyItsMediaTypeAndWantsAClientId() throws Exception {
    try (ConnectWiseSimulator sim =
        ConnectWiseSimulator.start(
            ConnectWiseMsp.fromSnapshot(DemoData.connectWise(), 0), SimulatorOptions.loopback())) {
      PsaHttpClient plain =
          new PsaHttpClient(
              URI.create(sim.apiRoot()),
              Map.of(
                  "Authorization",
                  DemoData.cwCredentials().authorization(),
                  "clientId",
                  ConnectWiseMsp.DEMO_CLIENT_ID,
                  "Accept",
                  "application/json"),
              DemoData.cwCredentials().redactor(),
              fast.settings(),
              PsaHttpClient.Listener.none());
      HttpFailure f = assertThrows(HttpFailure.class, () -> plain.get("/system/info", Map.of()));
      assertEquals(406, f.status());
      PsaHttpClient anonymousApp =
          new PsaHttpClient(
              URI.create(sim.apiRoot()),
              Map.of(
                  "Authorization",
                  DemoData.cwCredentials().authorization(),
                  "Accept",
                  "application/vnd.connectwise.com+json; version=2025.8"),
              DemoData.cwCredentials().redactor(),
              fast.settings(),
              PsaHttpClient.Listener.none());
      f = assertThrows(HttpFailure.class, () -> anonymousApp.get("/system/info", Map.of()));
      assertEquals(401, f.status());
      // The spec's two spellings: securityroles for roles, securityRoles for settings.
      SpecValidator spec = SpecValidator.connectWise();
      assertEquals("/system/securityroles", spec.template("/system/securityroles"));
      assertEquals(
          "/system/securityRoles/{parentId}/settings",
          spec.template("/system/securityRoles/18/settings"));
    }
  }

  @Test
  void autotaskResponsesMatchTheSpec() throws Exception {
    SpecValidator spec = SpecValidator.autotask();
    List<Seen> responses = new ArrayList<>();
    Map<String, String> aliases = new HashMap<>();
    // The spec lists entityInformation for a dozen entities, all with the same model; the
    // simulator serves every entity of the catalog.
    aliases.put(
        "^/V1\\.0/(?!Resources/)[A-Za-z]+/entityInformation$", "/V1.0/Tickets/entityInformation");
    for (boolean numeric : new boolean[] {false, true}) {
      try (AutotaskSimulator sim =
          AutotaskSimulator.start(
              DemoData.autotaskMsp(), SimulatorOptions.loopback().withNumericAccess(numeric))) {
        for (String id : List.of("29683001", "29683002")) {
          new AutotaskFetcher(
                  DemoData.atCredentials(id),
                  new AutotaskOptions(
                      null, URI.create(sim.apiRoot()), null, 0.5, 3, DemoData.entities()),
                  fast.settings(),
                  Clock.systemUTC(),
                  PsaHttpClient.Listener.none(),
                  Progress.none())
              .fetch()
              .responses()
              .forEach(r -> responses.add(seen(r)));
        }
        PsaHttpClient http =
            new PsaHttpClient(
                URI.create(sim.apiRoot()),
                Map.of(
                    "ApiIntegrationCode", AutotaskMsp.DEMO_INTEGRATION_CODE,
                    "UserName", AutotaskMsp.demoUserName("29683001"),
                    "Secret", AutotaskMsp.demoSecret("29683001")),
                DemoData.atCredentials("29683001").redactor(),
                fast.settings(),
                PsaHttpClient.Listener.none());
        http.get("/VersionInformation", Map.of());
        http.get("/V1.0/Version", Map.of());
        http.get("/V1.0/EntityInformation", Map.of());
        // the fetch reads every entity with the one call above; the per-entity route it falls
        // back on must match the spec too
        http.get("/V1.0/Tickets/entityInformation", Map.of());
        http.get("/V1.0/TimeEntries/entityInformation", Map.of());
        http.get("/V1.0/Resources/29683001", Map.of());
        http.get("/V1.0/Resources/entityInformation", Map.of());
        String search =
            "{\"maxRecords\":2,\"filter\":[{\"op\":\"gt\",\"field\":\"id\"," + "\"value\":0}]}";
        http.get("/V1.0/Resources/query?" + PsaHttpClient.param("search", search), Map.of());
        http.get("/V1.0/Resources/query/count?" + PsaHttpClient.param("search", search), Map.of());
        http.postJson("/V1.0/Resources/query/count", JSON.readTree(search));
        http.responses().forEach(r -> responses.add(seen(r)));
      }
    }
    assertValid(spec, responses, aliases);
    assertTrue(responses.stream().anyMatch(r -> r.path().startsWith("/V1.0/ZoneInformation")));
    assertTrue(responses.stream().anyMatch(r -> r.path().equals("/V1.0/EntityInformation")));
    assertTrue(
        responses.stream().anyMatch(r -> r.path().contains("query?search=")), "a nextPageUrl page");
  }

  @Test
  void theStrictValidatorCatchesAFieldTheSpecDoesNotKnow() throws Exception {
    SpecValidator spec = SpecValidator.connectWise();
    JsonNode bad = JSON.readTree("[{\"id\": 1, \"name\": \"x\", \"adminFlagg\": true}]");
    assertEquals(1, spec.validate("GET", "/system/securityroles", 200, bad).size());
    JsonNode typed = JSON.readTree("[{\"id\": 1, \"addLevel\": \"Some\"}]");
    assertEquals(1, spec.validate("GET", "/system/securityRoles/1/settings", 200, typed).size());
    JsonNode nullable = JSON.readTree("[{\"id\": 1, \"name\": \"x\", \"adminFlag\": null}]");
    assertTrue(spec.validate("GET", "/system/securityroles", 200, nullable).isEmpty());
    SpecValidator at = SpecValidator.autotask();
    JsonNode access = JSON.readTree("{\"info\": {\"userAccessForDelete\": \"Partial\"}}");
    assertNotNull(at.template("/V1.0/Tickets/entityInformation"));
    assertEquals(1, at.validate("GET", "/V1.0/Tickets/entityInformation", 200, access).size());
  }
}
