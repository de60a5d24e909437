package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.service.api.Tokens;
import dev.psapolicy.simulator.AutotaskMsp;
import dev.psapolicy.simulator.AutotaskSimulator;
import dev.psapolicy.simulator.ConnectWiseMsp;
import dev.psapolicy.simulator.ConnectWiseSimulator;
import dev.psapolicy.simulator.SimulatorOptions;
import dev.psapolicy.simulator.SimulatorTls;
import dev.psapolicy.source.http.Tls;
import dev.psapolicy.testing.DemoData;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code psa-policy serve}: the demo end to end in-process (scheduled runs, the API, a decision
 * equal to {@code check --format json}), and every user mistake as one line with its exit code.
 */
class ServeCommandTest {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  @TempDir Path dir;
  final Map<String, String> env = new HashMap<>();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  Context ctx() {
    AtomicInteger n = new AtomicInteger();
    return new Context(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        env,
        dir,
        Clock.fixed(NOW, ZoneOffset.UTC),
        false,
        () -> new UUID(0x1111, n.incrementAndGet()));
  }

  String err() {
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  int serve(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "serve";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Main().run(all, ctx());
  }

  static HttpResponse<String> http(String method, URI uri, byte[] body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri)
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theDemoRunsBothSimulatorsAndDecidesAsCheckDoes() throws Exception {
    AtomicReference<Integer> code = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> code.set(serve("--demo", "--port", "0", "--no-config", "--state-dir", "state")));
    t.start();
    Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    URI base = null;
    ObjectMapper json = new ObjectMapper();
    long end = System.nanoTime() + 120_000_000_000L;
    JsonNode runs = null;
    while (System.nanoTime() < end) {
      Matcher m = listening.matcher(err());
      if (base == null && m.find()) {
        base = URI.create(m.group(1));
      }
      if (base != null) {
        runs = json.readTree(http("GET", base.resolve("/v1/runs"), null).body()).get("runs");
        if (runs.size() >= 2) {
          break;
        }
      }
      Thread.sleep(200);
    }
    assertTrue(runs != null && runs.size() >= 2, err());
    for (JsonNode r : runs) {
      assertEquals("failed", r.get("status").asText(), r.toString());
      assertEquals(1, r.get("exitCode").asInt());
    }
    assertEquals(
        "[autotask-demo, connectwise-demo]",
        new TreeSet<>(
                List.of(runs.get(0).get("instance").asText(), runs.get(1).get("instance").asText()))
            .toString());

    // the dashboard shows both instances with their latest run, linked, and the newest findings
    HttpResponse<String> home = http("GET", base, null);
    assertEquals(200, home.statusCode());
    assertTrue(
        home.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
        home.headers().toString());
    for (JsonNode r : runs) {
      assertTrue(home.body().contains(">" + r.get("instance").asText() + "<"), home.body());
      assertTrue(
          home.body().contains("/v1/runs/" + r.get("runId").asText() + "?format=html"),
          home.body());
    }
    assertEquals(
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
        home.headers().firstValue("Content-Security-Policy").orElse(""));
    assertTrue(home.body().contains("status-failed"), home.body());
    assertTrue(home.body().contains("PSA-ADMIN-API-USER"), home.body());

    byte[] snapshot;
    try (InputStream in =
        getClass().getResourceAsStream("/dev/psapolicy/demo/acme-connectwise.json")) {
      snapshot = in.readAllBytes();
    }
    Files.write(dir.resolve("snapshot.json"), snapshot);
    HttpResponse<String> decided = http("POST", base.resolve("/v1/check"), snapshot);
    assertEquals(200, decided.statusCode());
    assertEquals("FAIL", decided.headers().firstValue("X-Psa-Policy-Outcome").orElseThrow());

    t.interrupt();
    t.join(60_000);
    assertEquals(0, code.get(), err());
    assertTrue(err().contains("psa-policy serve: stopped"), err());

    ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
    Context cli =
        new Context(
            new PrintStream(cliOut, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Map.of(),
            dir,
            Clock.fixed(NOW, ZoneOffset.UTC),
            false,
            () -> new UUID(0x2222, 1));
    assertEquals(
        1,
        new Main()
            .run(
                new String[] {
                  "check", "--snapshot", "snapshot.json", "--format", "json", "--no-config"
                },
                cli));
    String serverRunId = decided.headers().firstValue("X-Psa-Policy-Run-Id").orElseThrow();
    // the same snapshot, policy and instant: the same bytes, but for the run's own id
    assertEquals(
        cliOut.toString(StandardCharsets.UTF_8),
        decided.body().replace(serverRunId, new UUID(0x2222, 1).toString()));
  }

  @Test
  void anyAddressServesHttpsWithTokensOnly() throws Exception {
    Path tls = Path.of("src/test/resources/dev/psapolicy/tls").toAbsolutePath();
    env.put(ServeCommand.KEYSTORE_PASSWORD, "changeit");
    env.put(ServeCommand.TOKEN, "s3cret-token");
    assertEquals(0, serve("--hash-token"));
    Files.write(dir.resolve("tokens"), out.toByteArray());
    AtomicReference<Integer> code = new AtomicReference<>();
    Thread t =
        new Thread(
            () ->
                code.set(
                    serve(
                        "--demo",
                        "--no-config",
                        "--host",
                        "0.0.0.0",
                        "--port",
                        "0",
                        "--state-dir",
                        "s",
                        "--tls-keystore",
                        tls.resolve("psa-simulator.p12").toString(),
                        "--token-file",
                        "tokens")));
    t.start();
    Pattern listening = Pattern.compile("listening on https://0\\.0\\.0\\.0:(\\d+)");
    int port = 0;
    for (int i = 0; i < 600 && port == 0; i++) {
      Matcher m = listening.matcher(err());
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
      Thread.sleep(100);
    }
    assertTrue(port > 0, err());
    SSLContext trust = Tls.trusting(tls.resolve("psa-simulator-cert.pem"));
    URL url = URI.create("https://127.0.0.1:" + port + "/v1/instances").toURL();
    HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
    c.setSSLSocketFactory(trust.getSocketFactory());
    c.setHostnameVerifier((host, session) -> true); // the test certificate names psa-simulator
    assertEquals(401, c.getResponseCode());
    c = (HttpsURLConnection) url.openConnection();
    c.setSSLSocketFactory(trust.getSocketFactory());
    c.setHostnameVerifier((host, session) -> true);
    c.setRequestProperty("Authorization", "Bearer s3cret-token");
    assertEquals(200, c.getResponseCode());
    t.interrupt();
    t.join(60_000);
    assertEquals(0, code.get(), err());
  }

  @Test
  void anyAddressNeedsTokensToo() throws Exception {
    Path tls = Path.of("src/test/resources/dev/psapolicy/tls").toAbsolutePath();
    assertEquals(
        2,
        serve(
            "--demo",
            "--host",
            "0.0.0.0",
            "--tls-keystore",
            tls.resolve("psa-simulator.p12").toString()));
    assertEquals(
        "psa-policy serve: --host 0.0.0.0 is reachable from the network: give --token-file FILE"
            + " too (see psa-policy serve --help)\n",
        err());
  }

  @Test
  void plainHttpBindsOnlyToLoopback() {
    assertEquals(2, serve("--demo", "--host", "0.0.0.0"));
    assertEquals(
        "psa-policy serve: --host 0.0.0.0 is not a loopback address: plain HTTP binds only to"
            + " loopback; give --tls-keystore FILE for HTTPS (see psa-policy serve --help)\n",
        err());
  }

  @Test
  void aDatabaseUrlOfAnotherKindIsAUsageError() {
    assertEquals(2, serve("--demo", "--no-config", "--db", "jdbc:mysql://db/x?password=hunter2"));
    assertEquals(
        "psa-policy serve: --db must be a jdbc:h2: or jdbc:postgresql: URL, found"
            + " 'jdbc:mysql://db/x?...' (see psa-policy serve --help)\n",
        err());
  }

  @Test
  void anUnreachableDatabaseIsOneLineAndExit5() {
    assertEquals(
        5,
        serve("--demo", "--no-config", "--db", "jdbc:postgresql://127.0.0.1:1/x?password=hunter2"));
    String e = err();
    assertTrue(
        e.startsWith(
            "psa-policy serve: cannot open the history database jdbc:postgresql://127.0.0.1:1/x?...: "),
        e);
    assertEquals(1, e.lines().count(), e);
    assertTrue(!e.contains("hunter2"), e);
  }

  @Test
  void aPortInUseIsOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertEquals(2, serve("--demo", "--no-config", "--state-dir", "s", "--port", "" + port));
      String e = err();
      assertTrue(e.startsWith("psa-policy serve: cannot listen on 127.0.0.1:" + port + " ("), e);
      assertEquals(1, e.lines().count(), e);
    }
  }

  @Test
  void withoutInstancesOrDemoThereIsNothingToServe() {
    assertEquals(2, serve("--no-config", "--state-dir", "s"));
    assertEquals(
        "psa-policy serve: no instances to serve: add a 'serve: instances:' section to"
            + " psa-policy.yaml or give --demo (see psa-policy serve --help)\n",
        err());
  }

  @Test
  void aBadServeSectionNamesItsPlace() throws Exception {
    Files.writeString(
        dir.resolve("psa-policy.yaml"),
        "serve:\n  instances:\n    - {name: a, platform: autotask, schedule: 1 hour}\n");
    assertEquals(3, serve("--state-dir", "s"));
    assertEquals(
        "psa-policy.yaml:3:47: 'schedule' must be an interval such as 30s, 15m, 1h or 1d, or a"
            + " cron expression of five fields (minute hour day month weekday), found '1 hour'\n",
        err());
  }

  @Test
  void anInstanceUrlPassesFetchsTransportCheck() throws Exception {
    Files.writeString(
        dir.resolve("psa-policy.yaml"),
        "serve:\n  instances:\n    - name: a\n      platform: autotask\n"
            + "      baseUrl: http://psa.example.com/ATServicesRest\n      schedule: 1h\n"
            + "    - name: b\n      platform: connectwise\n"
            + "      site: https://u:p@na.myconnectwise.net\n      schedule: 1h\n");
    assertEquals(3, serve("--state-dir", "s"));
    assertEquals(
        "psa-policy.yaml:5:16: plain http:// is allowed only to loopback addresses; use"
            + " https://psa.example.com/ATServicesRest\n"
            + "psa-policy.yaml:9:13: 'na.myconnectwise.net' URL carries user info; give credentials"
            + " through the environment instead\n",
        err());
  }

  @Test
  void configuredInstancesAreFetchedAndJudgedAndTrustOnlyTheCertificateTheyName() throws Exception {
    String pub = "PubK3y-serve-0001";
    String priv = "PrivS3cret-serve-0002";
    try (ConnectWiseSimulator sim =
            ConnectWiseSimulator.start(
                ConnectWiseMsp.fromSnapshot(DemoData.connectWise(), 5).withLogin("acme", pub, priv),
                SimulatorOptions.loopback()
                    .withTls(
                        SimulatorTls.fromPkcs12(
                            resource("dev/psapolicy/tls/simulator.p12"),
                            "changeit".toCharArray())));
        AutotaskSimulator at =
            AutotaskSimulator.start(DemoData.autotaskMsp(), SimulatorOptions.loopback())) {
      String atUser = DemoData.autotask().principals().get(0).id();
      env.put("ACME_AT_USERNAME", AutotaskMsp.demoUserName(atUser));
      env.put("ACME_AT_SECRET", AutotaskMsp.demoSecret(atUser));
      env.put("ACME_AT_INTEGRATION_CODE", AutotaskMsp.DEMO_INTEGRATION_CODE);
      Files.copy(resource("dev/psapolicy/tls/simulator-cert.pem"), dir.resolve("psa-ca.pem"));
      env.put("CW_COMPANY", "acme");
      env.put("CW_PUBLIC_KEY", pub);
      env.put("CW_PRIVATE_KEY", priv);
      env.put("CW_CLIENT_ID", "3f0e2a5c-1111-4a2b-9c3d-000000000001");
      Files.writeString(
          dir.resolve("psa-policy.yaml"),
          "serve:\n  instances:\n"
              + "    - name: trusted\n      platform: connectwise\n      site: "
              + sim.siteUrl()
              + "\n      caCert: psa-ca.pem\n      timeout: 20\n      schedule: 1h\n"
              + "    - name: untrusted\n      platform: connectwise\n      baseUrl: "
              + sim.apiRoot()
              + "\n      retries: 0\n      schedule: 1h\n"
              + "    - name: acme-at\n      platform: autotask\n      baseUrl: "
              + at.apiRoot()
              + "\n      envPrefix: ACME_\n      schedule: 1h\n");
      AtomicReference<Integer> code = new AtomicReference<>();
      Thread t = new Thread(() -> code.set(serve("--port", "0", "--state-dir", "state")));
      t.start();
      Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
      ObjectMapper json = new ObjectMapper();
      Map<String, JsonNode> byInstance = new HashMap<>();
      long end = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < end && byInstance.size() < 3) {
        Matcher m = listening.matcher(err());
        if (m.find()) {
          URI runs = URI.create(m.group(1)).resolve("/v1/runs");
          for (JsonNode r : json.readTree(http("GET", runs, null).body()).get("runs")) {
            byInstance.put(r.get("instance").asText(), r);
          }
        }
        Thread.sleep(200);
      }
      t.interrupt();
      t.join(60_000);
      assertEquals(0, code.get(), err());
      assertEquals(3, byInstance.size(), err());
      // found through company-info discovery over TLS, fetched, judged, failed by the gate
      // (the demo data has violations)
      JsonNode trusted = byInstance.get("trusted");
      assertEquals("failed", trusted.get("status").asText(), trusted.toString());
      assertEquals(1, trusted.get("exitCode").asInt(), trusted.toString());
      // its evidence pack is written and verifies as any pack does
      assertFalse(trusted.get("evidence").isNull(), trusted.toString());
      List<Path> packs;
      try (var l = Files.list(dir.resolve("state/evidence/trusted"))) {
        packs = l.toList();
      }
      assertEquals(1, packs.size(), packs.toString());
      assertEquals(
          0, new Main().run(new String[] {"verify", packs.get(0).toString()}, ctx()), err());
      JsonNode untrusted = byInstance.get("untrusted");
      assertEquals("incomplete", untrusted.get("status").asText(), untrusted.toString());
      assertTrue(
          untrusted.get("error").asText().contains("is the server certificate trusted?"),
          untrusted.toString());
      // an Autotask instance whose credentials come from prefixed variables: one API user's view
      JsonNode autotask = byInstance.get("acme-at");
      assertEquals("failed", autotask.get("status").asText(), autotask.toString());
      assertEquals(4, autotask.get("violations").asInt(), autotask.toString());
      assertEquals(
          "autotask-127.0.0.1",
          autotask.get("inputs").get(0).get("name").asText(),
          "the fetched snapshot is the run's first input");
      assertFalse(err().contains(priv), "no secret in the log");
      assertFalse(err().contains(AutotaskMsp.demoSecret(atUser)), "no secret in the log");
    }
  }

  @Test
  void aCaCertThatIsNoCertificateNamesItsPlace() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
    Files.writeString(
        dir.resolve("psa-policy.yaml"),
        "serve:\n  instances:\n    - name: a\n      platform: autotask\n"
            + "      caCert: ca.pem\n      schedule: 1h\n"
            + "    - name: b\n      platform: autotask\n"
            + "      caCert: missing.pem\n      schedule: 1h\n"
            + "      baseUrl: http://psa.example.com/ATServicesRest\n");
    assertEquals(3, serve("--state-dir", "s"));
    // every problem of the section at once, in file order: the certificates' and the URL's
    assertEquals(
        "psa-policy.yaml:5:15: ca.pem: not a PEM or DER X.509 certificate\n"
            + "psa-policy.yaml:9:15: missing.pem: file not found\n"
            + "psa-policy.yaml:11:16: plain http:// is allowed only to loopback addresses; use"
            + " https://psa.example.com/ATServicesRest\n",
        err());
  }

  private static Path resource(String name) throws Exception {
    return Path.of(ServeCommandTest.class.getClassLoader().getResource(name).toURI());
  }

  @Test
  void validateAcceptsAServeSection() throws Exception {
    Files.writeString(
        dir.resolve("psa-policy.yaml"),
        "serve:\n  instances:\n    - {name: a, platform: autotask, schedule: \"*/15 * * * *\"}\n");
    assertEquals(0, new Main().run(new String[] {"validate", "psa-policy.yaml"}, ctx()));
    assertEquals("valid: 1 policy config\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theIntervalOptionIsTheDemosOnly() {
    assertEquals(2, serve("--interval", "5m", "--no-config"));
    assertEquals(
        "psa-policy serve: --interval applies to --demo only (instances set 'schedule') (see"
            + " psa-policy serve --help)\n",
        err());
  }

  @Test
  void hashTokenPrintsTheLineForTheTokenFile() {
    env.put(ServeCommand.TOKEN, "abc");
    assertEquals(0, serve("--hash-token"));
    assertEquals(
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n",
        out.toString(StandardCharsets.UTF_8));
    assertEquals("", err());
  }

  @Test
  void hashTokenMakesANewTokenWhenNoneIsGiven() {
    assertEquals(0, serve("--hash-token"));
    String token = err().lines().toList().get(1);
    assertEquals(Tokens.line(token) + "\n", out.toString(StandardCharsets.UTF_8));
  }
}
