package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.psapolicy.simulator.ConnectWiseMsp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", in-process: {@code serve --demo} with an {@code alerts:} webhook that
 * points at a real receiver on 127.0.0.1; an API user widened in the running ConnectWise simulator
 * (its spec-checked {@code PATCH /system/apiMembers/{id}}) makes one alert per new finding, each
 * telling the widening; a run with no change sends nothing.
 */
class ServeAlertsTest {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  final Map<String, String> env = new HashMap<>();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  HttpServer receiver;
  Thread serve;

  @AfterEach
  void stop() throws Exception {
    if (serve != null) {
      serve.interrupt();
      serve.join(60_000);
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  String err() {
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  static void await(BooleanSupplier done, String what) throws InterruptedException {
    long end = System.nanoTime() + 120_000_000_000L;
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
      Thread.sleep(50);
    }
  }

  static HttpResponse<String> http(String method, URI uri, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  List<JsonNode> alerts(String instance) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode a : received) {
      if (a.get("instance").asText().equals(instance)) {
        out.add(a);
      }
    }
    return out;
  }

  /** The line the alert listener writes once it has dealt with a run. */
  boolean dispatched(String runId) {
    return err().contains("connectwise-demo run " + runId + ": alerts: ");
  }

  /** Open violations at or above high in a run's JSON report, as alert keys. */
  static Set<String> openHigh(URI base, String runId) throws Exception {
    JsonNode report =
        JSON.readTree(
            http("GET", base.resolve("/v1/runs/" + runId + "?format=json"), null, Map.of()).body());
    Set<String> out = new TreeSet<>();
    for (JsonNode v : report.get("violations")) {
      String s = v.get("severity").asText();
      boolean open = v.path("disposition").path("status").asText("open").equals("open");
      if (open && (s.equals("critical") || s.equals("high"))) {
        out.add("violation:" + v.get("fingerprint").asText());
      }
    }
    return out;
  }

  @Test
  void wideningAnApiUserAlertsOncePerNewFindingAndARunWithoutChangeSendsNothing() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        x -> {
          received.add(JSON.readTree(x.getRequestBody().readAllBytes()));
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    receiver.start();
    Files.writeString(
        dir.resolve("psa-policy.yaml"),
        """
        alerts:
          threshold: high
          webhooks:
            - name: test-receiver
              format: json
              url: {env: PSA_POLICY_TEST_HOOK}
        """);
    env.put(
        "PSA_POLICY_TEST_HOOK", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    AtomicInteger n = new AtomicInteger();
    Context ctx =
        new Context(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            dir,
            Clock.fixed(NOW, ZoneOffset.UTC),
            false,
            () -> new UUID(0x1111, n.incrementAndGet()));
    AtomicReference<Integer> code = new AtomicReference<>();
    serve =
        new Thread(
            () ->
                code.set(
                    new Main()
                        .run(
                            new String[] {
                              "serve",
                              "--demo",
                              "--port",
                              "0",
                              "--state-dir",
                              "state",
                              "--interval",
                              "1h"
                            },
                            ctx)));
    serve.start();

    Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    Pattern sims = Pattern.compile("demo simulators: ConnectWise (http://127\\.0\\.0\\.1:\\d+)");
    Pattern firstRun = Pattern.compile("connectwise-demo run ([0-9a-f-]+): alerts: ");
    await(() -> firstRun.matcher(err()).find(), "the first run's alerts");
    Matcher m = listening.matcher(err());
    assertTrue(m.find(), err());
    URI base = URI.create(m.group(1));
    m = sims.matcher(err());
    assertTrue(m.find(), err());
    String cwApi = m.group(1) + "/v4_6_release/apis/3.0";
    m = firstRun.matcher(err());
    assertTrue(m.find());
    String run1 = m.group(1);
    assertTrue(err().contains("alerts to webhook 'test-receiver' (127.0.0.1)"), err());
    assertTrue(!err().contains("/hook"), "the webhook URL is never logged: " + err());

    // the first run alerts every open finding at or above the threshold, once
    List<JsonNode> first = alerts("connectwise-demo");
    Set<String> firstKeys = new TreeSet<>();
    first.forEach(a -> firstKeys.add(a.get("key").asText()));
    assertEquals(openHigh(base, run1), firstKeys, err());
    assertEquals(first.size(), firstKeys.size(), "each alert once: " + first);

    // widen an API user: member 187 (Integration-Hatz) becomes Admin, as a client of the API would
    Map<String, String> cw =
        Map.of(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (ConnectWiseMsp.DEMO_COMPANY
                                + "+"
                                + ConnectWiseMsp.DEMO_PUBLIC_KEY
                                + ":"
                                + ConnectWiseMsp.DEMO_PRIVATE_KEY)
                            .getBytes(StandardCharsets.UTF_8)),
            "clientId",
            ConnectWiseMsp.DEMO_CLIENT_ID,
            "Accept",
            "application/vnd.connectwise.com+json; version=2025.8",
            "Content-Type",
            "application/json");
    long admin = -1;
    for (JsonNode r :
        JSON.readTree(http("GET", URI.create(cwApi + "/system/securityroles"), null, cw).body())) {
      if (r.get("name").asText().equals("Admin")) {
        admin = r.get("id").asLong();
      }
    }
    assertTrue(admin > 0, "the demo has an Admin role");
    HttpResponse<String> patched =
        http(
            "PATCH",
            URI.create(cwApi + "/system/apiMembers/187"),
            "[{\"op\":\"replace\",\"path\":\"securityRole\",\"value\":{\"id\":" + admin + "}}]",
            cw);
    assertEquals(200, patched.statusCode(), patched.body());

    String run2 = triggered(base);
    await(() -> dispatched(run2), "the widened run's alerts");
    List<JsonNode> second =
        alerts("connectwise-demo").subList(first.size(), alerts("connectwise-demo").size());
    Set<String> opened = openHigh(base, run2);
    opened.removeAll(openHigh(base, run1));
    assertTrue(!opened.isEmpty(), "the widening opens findings");
    Set<String> violationKeys = new TreeSet<>();
    Set<String> widenedKeys = new TreeSet<>();
    String grants = "";
    for (JsonNode a : second) {
      String key = a.get("key").asText();
      assertTrue(!firstKeys.contains(key), "an open finding alerts once: " + a);
      assertTrue(
          a.get("details").toString().contains("(187)") || key.contains(":187:"), a.toString());
      assertTrue(!a.toString().contains(dir.toString()), "no local path in an alert: " + a);
      if (a.get("kind").asText().equals("new-violation")) {
        assertTrue(violationKeys.add(key), "one alert per finding: " + key);
        grants += a.get("details").toString();
      } else {
        assertEquals("widened", a.get("kind").asText(), a.toString());
        assertTrue(widenedKeys.add(key), "one alert per widened grant: " + key);
      }
    }
    // every new finding at or above the threshold alerts once; the widenings that opened one are
    // told in its alert ("widened since"), the others in one widened alert each
    assertEquals(opened, violationKeys, err());
    assertTrue(grants.contains("widened since evidence pack connectwise-demo/" + run1), grants);
    Pattern widened =
        Pattern.compile("widened:connectwise:acme\\.example:187:(.+) / (\\w+):(\\w+)");
    for (String k : widenedKeys) {
      Matcher w = widened.matcher(k);
      assertTrue(w.matches(), k);
      assertTrue(
          !grants.contains("grant: " + w.group(1) + " " + w.group(2) + " "),
          "a widening with a finding is not told twice: " + k);
    }
    // nothing changed: nothing new
    int before = received.size();
    String run3 = triggered(base);
    await(() -> dispatched(run3), "the unchanged run's alerts");
    assertEquals(before, received.size(), "no alert without a change");
    assertTrue(err().contains("connectwise-demo run " + run3 + ": alerts: 0 sent"), err());

    serve.interrupt();
    serve.join(60_000);
    serve = null;
    assertEquals(0, code.get(), err());
  }

  @Test
  void aWebhookSecretThatCannotBeReadStopsTheStartWithItsPlace() throws Exception {
    Files.writeString(
        dir.resolve("psa-policy.yaml"),
        """
        alerts:
          webhooks:
            - name: oncall
              format: slack
              url: {env: PSA_POLICY_TEST_UNSET_HOOK}
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Context ctx =
        new Context(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            dir,
            Clock.fixed(NOW, ZoneOffset.UTC),
            false,
            () -> new UUID(0x1111, 1));
    assertEquals(
        3,
        new Main().run(new String[] {"serve", "--demo", "--port", "0", "--state-dir", "s"}, ctx));
    assertEquals(
        List.of(
            "psa-policy.yaml:5:18: environment variable PSA_POLICY_TEST_UNSET_HOOK for 'url' is"
                + " not set"),
        err().lines().toList());
    assertFalse(Files.exists(dir.resolve("s")), "nothing started");
  }

  String triggered(URI base) throws Exception {
    HttpResponse<String> r =
        http("POST", base.resolve("/v1/instances/connectwise-demo/runs"), null, Map.of());
    assertEquals(202, r.statusCode(), r.body());
    JsonNode body = JSON.readTree(r.body());
    return body.has("runId") ? body.get("runId").asText() : body.get("id").asText();
  }
}
