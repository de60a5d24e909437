package dev.psapolicy.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.simulator.AutotaskMsp;
import dev.psapolicy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * The pipeline a user runs, container by container: a PSA (the simulator image) on its own
 * container, and the gate image against it over a Docker network and TLS: {@code fetch} writes a
 * snapshot to the mounted folder, {@code check} judges it. Each vendor's violations must be exactly
 * those {@code check --demo} finds in-process for the same MSP, and no credential may appear in any
 * log or written file.
 */
class ContainerPipelineIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@code check --demo} finds in-process (the jar's classes, no container). */
  private static JsonNode demo;

  @TempDir Path work;

  @BeforeAll
  static void demoVerdict(@TempDir Path dir) throws Exception {
    Cli.Result r = new Cli(dir).run("check", "--demo", "--no-config", "--format", "json");
    assertEquals(1, r.exit(), r.err());
    demo = JSON.readTree(r.out());
  }

  @Test
  void connectWiseFetchThenCheck() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> login =
        Map.of(
            "CW_COMPANY",
            "acme",
            "CW_PUBLIC_KEY",
            "ItPub-" + tag,
            "CW_PRIVATE_KEY",
            "ItPriv-" + tag + "-s3cret");
    Map<String, String> env = new HashMap<>(login);
    env.put("CW_CLIENT_ID", "it-client-" + tag);
    Secrets secrets = Secrets.connectWise(env);
    Psa.writable(work);
    try (Network net = Network.newNetwork();
        GenericContainer<?> sim = Psa.simulator(net, "connectwise", login)) {
      Psa.Step.Result fetch =
          Psa.run(
              net,
              work,
              env,
              "fetch",
              "connectwise",
              "--base-url",
              Psa.CW_BASE_URL,
              "--ca-cert",
              Psa.CA_CERT,
              "--instance",
              "acme.example",
              "--integration",
              "hatz-ai-connectwise=187",
              "--integration",
              "rewst-connectwise=188",
              "--integration",
              "nable-ncentral-connectwise=189",
              "--integration",
              "cyberdrain-cow-connectwise=189",
              "-o",
              "/work/acme-connectwise.json",
              "--raw",
              "/work/raw");
      assertEquals(0, fetch.exit(), fetch::toString);
      assertTrue(fetch.err().contains("connectwise acme.example: 4 principal(s)"), fetch::toString);
      JsonNode snapshot = JSON.readTree(work.resolve("acme-connectwise.json").toFile());
      assertTrue(snapshot.path("complete").asBoolean(), "complete: " + snapshot);
      assertEquals(
          Psa.UID,
          Files.getAttribute(work.resolve("acme-connectwise.json"), "unix:uid"),
          "written by the image's non-root user");
      assertTrue(sim.getLogs().contains("/system/securityRoles/"), "the simulator served it");

      Psa.Step.Result check = check(net, "/work/acme-connectwise.json");
      assertEquals(1, check.exit(), check::toString);
      assertVerdict("connectwise", 4);
      secrets.assertAbsent(work, fetch, check);
    }
  }

  @Test
  void autotaskFetchPerApiUserThenCheck() throws Exception {
    List<Map<String, String>> logins = new ArrayList<>();
    for (String id : List.of("29683001", "29683002")) {
      logins.add(
          Map.of(
              "AT_USERNAME",
              AutotaskMsp.demoUserName(id),
              "AT_SECRET",
              AutotaskMsp.demoSecret(id),
              "AT_INTEGRATION_CODE",
              AutotaskMsp.DEMO_INTEGRATION_CODE));
    }
    Secrets secrets = Secrets.autotask(logins);
    Psa.writable(work);
    try (Network net = Network.newNetwork();
        GenericContainer<?> sim = Psa.simulator(net, "autotask", Map.of())) {
      // Autotask shows only the caller's own access: one fetch per API user, as a pipeline would.
      Psa.Step.Result rewst =
          Psa.run(
              net,
              work,
              logins.get(0),
              "fetch",
              "autotask",
              "--base-url",
              Psa.AT_BASE_URL,
              "--ca-cert",
              Psa.CA_CERT,
              "--instance",
              "acme (webservices5)",
              "--integration",
              "rewst-autotask",
              "-o",
              "/work/acme-autotask-rewst.json",
              "--raw",
              "/work/raw-rewst");
      assertEquals(0, rewst.exit(), rewst::toString);
      Psa.Step.Result backup =
          Psa.run(
              net,
              work,
              logins.get(1),
              "fetch",
              "autotask",
              "--base-url",
              Psa.AT_BASE_URL,
              "--ca-cert",
              Psa.CA_CERT,
              "--instance",
              "acme (webservices5)",
              "-o",
              "/work/acme-autotask-backup.json");
      assertEquals(0, backup.exit(), backup::toString);
      for (String f : List.of("acme-autotask-rewst.json", "acme-autotask-backup.json")) {
        JsonNode snapshot = JSON.readTree(work.resolve(f).toFile());
        assertTrue(snapshot.path("complete").asBoolean(), f + " complete: " + snapshot);
        assertEquals(1, snapshot.path("principals").size(), f);
      }
      assertTrue(sim.getLogs().contains("/V1.0/EntityInformation"), "the simulator served it");

      Psa.Step.Result check =
          check(net, "/work/acme-autotask-rewst.json", "/work/acme-autotask-backup.json");
      assertEquals(1, check.exit(), check::toString);
      assertVerdict("autotask", 2);
      secrets.assertAbsent(work, rewst, backup, check);
    }
  }

  /**
   * The gating step, as a pipeline runs it: JSON on stdout's behalf to result.json, SARIF and JUnit
   * for the CI system, and an evidence pack, all into the mounted folder.
   */
  private Psa.Step.Result check(Network net, String... snapshots) throws Exception {
    List<String> args = new ArrayList<>(List.of("check"));
    for (String s : snapshots) {
      args.addAll(List.of("--snapshot", s));
    }
    args.addAll(
        List.of(
            "--format",
            "json",
            "--output",
            "/work/result.json",
            "--output",
            "sarif=/work/result.sarif",
            "--output",
            "junit=/work/result.xml",
            "--evidence",
            "/work/evidence"));
    return Psa.run(net, work, Map.of(), args.toArray(String[]::new));
  }

  /** result.json: the gate's decision, complete data, and exactly the demo's violations. */
  private void assertVerdict(String platform, int principals) throws Exception {
    JsonNode result = JSON.readTree(work.resolve("result.json").toFile());
    assertEquals(1, result.path("summary").path("exitCode").asInt(), result::toString);
    assertTrue(result.path("run").path("complete").asBoolean(), result::toString);
    assertEquals(principals, result.path("run").path("principals").asInt(), result::toString);
    List<JsonNode> expected = new ArrayList<>();
    demo.path("violations")
        .forEach(
            v -> {
              if (platform.equals(v.path("platform").asText())) {
                expected.add(v);
              }
            });
    List<JsonNode> actual = new ArrayList<>();
    result.path("violations").forEach(actual::add);
    assertFalse(expected.isEmpty(), "the demo has " + platform + " violations");
    assertEquals(
        expected,
        actual,
        "the container pipeline's " + platform + " violations are check --demo's");

    JsonNode sarif = JSON.readTree(work.resolve("result.sarif").toFile());
    assertEquals("2.1.0", sarif.path("version").asText());
    JsonNode run = sarif.path("runs").path(0);
    assertEquals(actual.size(), run.path("results").size(), "one SARIF result per violation");
    assertEquals(1, run.path("invocations").path(0).path("exitCode").asInt());
    String junit = Files.readString(work.resolve("result.xml"));
    assertTrue(junit.startsWith("<?xml") && junit.contains("<testsuites"), junit);
    assertTrue(Files.isRegularFile(work.resolve("evidence/manifest.json")));
    assertTrue(Files.isRegularFile(work.resolve("evidence/report.html")));
    // the pack written inside the container verifies on the host
    Cli.Result verify = new Cli(work).run("verify", "evidence");
    assertEquals(0, verify.exit(), verify.out() + verify.err());
  }
}
