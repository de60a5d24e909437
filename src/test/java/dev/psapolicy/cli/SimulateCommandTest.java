package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Cli;
import dev.psapolicy.testing.DemoData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code psa-policy simulate}, and {@code fetch} against it. */
class SimulateCommandTest {
  @TempDir Path dir;

  @Test
  void servesUntilItsTimeIsUpAndFetchReadsFromIt() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Context ctx =
        new Context(
            o,
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            dir,
            Clock.systemUTC(),
            false);
    CompletableFuture<Integer> sim =
        CompletableFuture.supplyAsync(
            () ->
                new Main()
                    .run(
                        new String[] {
                          "simulate",
                          "connectwise",
                          "--port",
                          "0",
                          "--max-seconds",
                          "4",
                          "--fault",
                          "429:0@/system/info*1"
                        },
                        ctx));
    Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    String credentials = "credentials (simulated): export CW_COMPANY=acme";
    // the banner is printed line by line while the server starts: wait for the whole of it
    String banner = "";
    for (int i = 0;
        i < 1000 && !(banner.contains(credentials) && banner.contains("listening"));
        i++) {
      Thread.sleep(10);
      banner = out.toString(StandardCharsets.UTF_8);
    }
    assertTrue(banner.contains(credentials), banner);
    Matcher m = listening.matcher(banner);
    assertTrue(m.find(), banner);
    String port = m.group(1);
    Cli.Result r =
        new Cli(dir)
            .env("CW_COMPANY", "acme")
            .env("CW_PUBLIC_KEY", "SimPublicKey0001")
            .env("CW_PRIVATE_KEY", "SimPrivateKey0001")
            .env("CW_CLIENT_ID", "cid")
            .run("fetch", "connectwise", "--site", "http://127.0.0.1:" + port, "-o", "cw.json");
    assertEquals(0, r.exit(), r.err());
    // a write is logged with its body
    String patch = "[{\"op\":\"replace\",\"path\":\"securityRole\",\"value\":{\"id\":31}}]";
    HttpResponse<String> w =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/v4_6_release/apis/3.0/system/apiMembers/187"))
                    .header("Authorization", DemoData.cwCredentials().authorization())
                    .header("clientId", "cid")
                    .header("Accept", "application/vnd.connectwise.com+json; version=2025.8")
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(patch))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, w.statusCode(), w.body());
    assertEquals(0, sim.get(10, TimeUnit.SECONDS));
    String log = out.toString(StandardCharsets.UTF_8);
    assertTrue(
        log.contains("PATCH /v4_6_release/apis/3.0/system/apiMembers/187 " + patch + " -> 200\n"),
        log);
    assertTrue(log.contains("  faults: 429:0@/system/info*1\n"), log);
    assertTrue(log.contains("GET /v4_6_release/apis/3.0/system/info -> 429\n"), log);
    assertTrue(log.contains("GET /v4_6_release/apis/3.0/system/info -> 200\n"), log);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aBadFaultIsAUsageError() {
    Cli.Result r = new Cli(dir).run("simulate", "autotask", "--fault", "explode@x");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy simulate: fault 'explode@x' has unknown kind 'explode' (a status"
            + " like 429 or 500, slow, truncate, garble, auth, redirect) (see psa-policy simulate"
            + " --help)\n",
        r.err());
  }

  @Test
  void theAutotaskBannerNamesEachApiUser() {
    Cli.Result r =
        new Cli(dir)
            .run(
                "simulate",
                "autotask",
                "--port",
                "0",
                "--max-seconds",
                "1",
                "--quiet",
                "--host",
                "127.0.0.1");
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out().startsWith("Autotask PSA simulator listening on http://127.0.0.1:"), r.out());
    assertTrue(
        r.out()
            .contains(
                "  API user Old Backup Integration (29683002, simulated):"
                    + " export AT_USERNAME=api29683002@ACME.EXAMPLE AT_SECRET=SimSecret29683002"
                    + " AT_INTEGRATION_CODE=SIMINTEGRATIONCODE0001\n"),
        r.out());
  }

  @Test
  void psaSimHostIsTheDefaultBindAddressAndHostWins() {
    Cli.Result r =
        new Cli(dir)
            .env("PSA_SIM_HOST", "0.0.0.0")
            .run("simulate", "connectwise", "--port", "0", "--max-seconds", "1", "--quiet");
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out().startsWith("ConnectWise PSA simulator listening on http://0.0.0.0:"), r.out());
    r =
        new Cli(dir)
            .env("PSA_SIM_HOST", "0.0.0.0")
            .run(
                "simulate",
                "connectwise",
                "--port",
                "0",
                "--max-seconds",
                "1",
                "--quiet",
                "--host",
                "127.0.0.1");
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out().startsWith("ConnectWise PSA simulator listening on http://127.0.0.1:"), r.out());
  }
}
