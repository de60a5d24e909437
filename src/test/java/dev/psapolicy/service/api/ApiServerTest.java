package dev.psapolicy.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.policy.Schedule;
import dev.psapolicy.run.DemoFetch;
import dev.psapolicy.run.IncompleteDataException;
import dev.psapolicy.run.InputFiles;
import dev.psapolicy.run.Policy;
import dev.psapolicy.run.PolicyRequest;
import dev.psapolicy.service.Decision;
import dev.psapolicy.service.Metrics;
import dev.psapolicy.service.RunRecorder;
import dev.psapolicy.service.Service;
import dev.psapolicy.service.ServiceInstance;
import dev.psapolicy.service.history.History;
import dev.psapolicy.service.history.RunRecord;
import dev.psapolicy.source.snapshot.SnapshotWriter;
import dev.psapolicy.vocabulary.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API against a service with two instances (one fetches the demo snapshot, one fails closed),
 * every response held to the OpenAPI document, tokens required.
 */
class ApiServerTest {
  static final String TOKEN = "test-token-123";
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();
  static final OpenApiValidator SPEC = new OpenApiValidator();

  @TempDir static Path dir;
  static Service service;
  static ApiServer api;
  static RunRecord passedOrFailed;
  static RunRecord incomplete;
  static Snapshot cw;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    AtomicInteger ids = new AtomicInteger();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Policy policy = Policy.load(PolicyRequest.defaults(dir, NOW));
    cw =
        InputFiles.demoSnapshots().stream()
            .filter(s -> s.platform() == Platform.CONNECTWISE)
            .findFirst()
            .orElseThrow();
    History history = History.open("jdbc:h2:mem:api;DB_CLOSE_DELAY=-1", null, null);
    service =
        new Service(
            new Service.Settings(
                policy,
                List.of(
                    new ServiceInstance(
                        "cw",
                        Platform.CONNECTWISE,
                        new Schedule.Every(Duration.ofHours(1), "1h"),
                        dir.resolve("evidence/cw"),
                        (c, l) -> new DemoFetch.Fetched(List.of(cw), Map.of())),
                    new ServiceInstance(
                        "down",
                        Platform.AUTOTASK,
                        new Schedule.Every(Duration.ofHours(1), "1h"),
                        dir.resolve("evidence/down"),
                        (c, l) -> {
                          throw new IncompleteDataException("connection refused");
                        })),
                clock,
                () -> String.format("00000000-0000-4000-8000-%012d", ids.incrementAndGet()),
                "test",
                null,
                Duration.ZERO,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
            new RunRecorder(history),
            new Metrics());
    passedOrFailed = service.runNow("cw");
    incomplete = service.runNow("down");
    Files.writeString(dir.resolve("tokens"), "# ci\n" + Tokens.line(TOKEN) + " ci-pipeline\n");
    api =
        new ApiServer(
            service,
            new Decision(policy, clock, () -> "decision-run", "test"),
            new ApiServer.Listen(
                "127.0.0.1", 0, null, null, Tokens.read(dir.resolve("tokens"), "tokens")));
    api.start();
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    service.close();
  }

  record Got(int status, String contentType, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  static Got call(String method, String path, byte[] body, boolean token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(api.url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token) {
      b.header("Authorization", "Bearer " + TOKEN);
    }
    HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    Got g = new Got(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    List<String> problems =
        SPEC.check(method, path.split("\\?")[0], g.status(), g.contentType(), g.body());
    assertEquals(List.of(), problems, method + " " + path);
    return g;
  }

  @Test
  void everyRouteAnswersAsTheOpenApiDocumentSays() throws Exception {
    byte[] snapshot = SnapshotWriter.toJson(cw);
    List<Got> all = new ArrayList<>();
    all.add(call("GET", "/healthz", null, false));
    all.add(call("GET", "/metrics", null, true));
    all.add(call("GET", "/v1/openapi.json", null, true));
    all.add(call("POST", "/v1/check", snapshot, true));
    all.add(call("POST", "/v1/check?format=sarif&name=acme.json", snapshot, true));
    all.add(call("POST", "/v1/check", "{}".getBytes(StandardCharsets.UTF_8), true));
    all.add(call("POST", "/v1/check?format=pdf", snapshot, true));
    all.add(call("GET", "/v1/instances", null, true));
    all.add(call("GET", "/v1/runs", null, true));
    all.add(call("GET", "/v1/runs?instance=cw&limit=1", null, true));
    all.add(call("GET", "/v1/runs?limit=0", null, true));
    all.add(call("GET", "/v1/runs/" + passedOrFailed.runId(), null, true));
    all.add(call("GET", "/v1/runs/" + passedOrFailed.runId() + "?format=json", null, true));
    all.add(call("GET", "/v1/runs/" + passedOrFailed.runId() + "?format=html", null, true));
    all.add(call("GET", "/v1/runs/" + incomplete.runId() + "?format=json", null, true));
    all.add(call("GET", "/v1/runs/nope", null, true));
    all.add(call("GET", "/v1/runs/" + passedOrFailed.runId() + "/evidence", null, true));
    all.add(call("GET", "/v1/runs/" + incomplete.runId() + "/evidence", null, true));
    all.add(call("POST", "/v1/instances/nope/runs", null, true));
    assertEquals(
        List.of(
            200, 200, 200, 200, 200, 400, 400, 200, 200, 200, 400, 200, 200, 200, 404, 404, 200,
            404, 404),
        all.stream().map(Got::status).toList());
  }

  @Test
  void healthNamesNoDatabaseDetailToCallersWithoutAToken() {
    assertEquals(
        "{status=unavailable, reason=history database unavailable (the serve log has the cause),"
            + " pendingRuns=2}",
        ApiServer.health(
                "history database unavailable: Connection to db.internal:5432 refused for user"
                    + " psa",
                2)
            .toString());
    assertEquals("{status=ok, pendingRuns=0}", ApiServer.health(null, 0).toString());
  }

  @Test
  void withoutATokenOnlyHealthAnswers() throws Exception {
    assertEquals(200, call("GET", "/healthz", null, false).status());
    for (String p : List.of("/metrics", "/v1/runs", "/v1/instances", "/v1/openapi.json")) {
      Got g = call("GET", p, null, false);
      assertEquals(401, g.status(), p);
      assertEquals("a valid bearer token is required", g.json().get("error").asText());
    }
    assertEquals(
        401, call("POST", "/v1/check", "{}".getBytes(StandardCharsets.UTF_8), false).status());
  }

  @Test
  void aBadSnapshotGetsTheProblemsCheckPrints() throws Exception {
    Got g =
        call(
            "POST",
            "/v1/check?name=bad.json",
            "{\"formatVersion\": 1, \"platform\": \"connectwise\"}"
                .getBytes(StandardCharsets.UTF_8),
            true);
    assertEquals(400, g.status());
    assertEquals("bad.json:1:1: missing required key 'instance'", g.json().get("error").asText());
    assertEquals(
        List.of(
            "bad.json:1:1: missing required key 'instance'",
            "bad.json:1:1: missing required key 'principals'"),
        JSON.convertValue(g.json().get("problems"), List.class));
  }

  @Test
  void theRunsAreListedWithTheirOutcome() throws Exception {
    JsonNode runs = call("GET", "/v1/runs?instance=down", null, true).json().get("runs");
    assertEquals(1, runs.size());
    JsonNode down = runs.get(0);
    assertEquals("incomplete", down.get("status").asText());
    assertEquals(4, down.get("exitCode").asInt());
    assertEquals("incomplete data: connection refused", down.get("error").asText());
    JsonNode cwRun = call("GET", "/v1/runs/" + passedOrFailed.runId(), null, true).json();
    assertEquals("FAIL", cwRun.get("gateOutcome").asText());
    assertEquals(
        "/v1/runs/" + passedOrFailed.runId() + "/evidence", cwRun.get("evidence").asText());
    assertTrue(!cwRun.toString().contains(dir.toString()), "no server path in the API");
  }

  @Test
  void aRunStartedThroughTheApiIsRecorded() throws Exception {
    Got g = call("POST", "/v1/instances/cw/runs", null, true);
    assertEquals(202, g.status());
    String id = g.json().get("runId").asText();
    assertEquals("/v1/runs/" + id, g.json().get("run").asText());
    service.awaitIdle(Duration.ofSeconds(60));
    JsonNode run = call("GET", "/v1/runs/" + id, null, true).json();
    assertEquals("failed", run.get("status").asText());
    assertEquals("cw", run.get("instance").asText());
  }

  @Test
  void theEvidencePackIsAZipOfThePack() throws Exception {
    Got g = call("GET", "/v1/runs/" + passedOrFailed.runId() + "/evidence", null, true);
    List<String> names = new ArrayList<>();
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(g.body()))) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        names.add(e.getName());
      }
    }
    String root = passedOrFailed.runId() + "/";
    assertTrue(names.contains(root + "manifest.json"), names.toString());
    assertTrue(names.contains(root + "results.json"), names.toString());
    assertTrue(names.contains(root + "report.html"), names.toString());
  }

  @Test
  void metricsCountRunsAndRequests() throws Exception {
    call("GET", "/v1/instances", null, true);
    String m = call("GET", "/metrics", null, true).text();
    assertTrue(m.contains("psa_policy_runs_total{instance=\"cw\",status=\"failed\"} "), m);
    assertTrue(m.contains("psa_policy_runs_total{instance=\"down\",status=\"incomplete\"} 1.0"), m);
    assertTrue(m.contains("psa_policy_open_violations{instance=\"cw\",severity=\"critical\"}"), m);
    assertTrue(
        m.contains(
            "psa_policy_http_request_duration_seconds_count{route=\"GET /v1/instances\",status=\"200\"}"),
        m);
  }
}
