package dev.psapolicy.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.simulator.AutotaskMsp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * Faults across the network boundary, for each PSA: the simulator container killed mid-fetch, a
 * simulator slower than the client's timeout, a 429 storm. The gate never exits 0 on incomplete
 * data: {@code fetch} exits 4 and marks what it writes {@code complete: false}, and {@code check}
 * on that snapshot exits 4 too.
 */
class ContainerFaultsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  /** What differs between the PSAs for these cases. */
  enum Vendor {
    CONNECTWISE(
        "connectwise",
        Map.of(
            "CW_COMPANY",
            "acme",
            "CW_PUBLIC_KEY",
            "FaultPub-4c1d",
            "CW_PRIVATE_KEY",
            "FaultPriv-9e7a-s3cret"),
        // one request per security role (read one after another); the list read before them
        "securityRoles/\\d+/settings",
        "securityRoles/\\d+/settings",
        "/system/securityroles"),
    AUTOTASK(
        "autotask",
        Map.of(
            "AT_USERNAME",
            AutotaskMsp.demoUserName("29683001"),
            "AT_SECRET",
            AutotaskMsp.demoSecret("29683001"),
            "AT_INTEGRATION_CODE",
            AutotaskMsp.DEMO_INTEGRATION_CODE),
        // one request for every entity's access (EntityInformation); the picklist read before it
        "/V1\\.0/EntityInformation$",
        "/V1\\.0/EntityInformation$",
        "entityInformation/fields");

    final String id;
    final Map<String, String> login;

    /** Permission requests: a failure there leaves a snapshot marked incomplete. */
    final String permissions;

    /** One permission request: its first two attempts are the first two matching requests. */
    final String onePermission;

    /** In the simulator's log once the fetch has reached the permission requests. */
    final String beforePermissions;

    Vendor(
        String id,
        Map<String, String> login,
        String permissions,
        String onePermission,
        String beforePermissions) {
      this.id = id;
      this.login = login;
      this.permissions = permissions;
      this.onePermission = onePermission;
      this.beforePermissions = beforePermissions;
    }

    Map<String, String> simulatorEnv() {
      return this == CONNECTWISE ? login : Map.of();
    }

    Map<String, String> fetchEnv() {
      if (this == AUTOTASK) {
        return login;
      }
      Map<String, String> env = new HashMap<>(login);
      env.put("CW_CLIENT_ID", "fault-client");
      return env;
    }

    Secrets secrets() {
      return this == CONNECTWISE
          ? Secrets.connectWise(fetchEnv())
          : Secrets.autotask(List.of(login));
    }

    String[] fetch(String... extra) {
      List<String> a =
          new ArrayList<>(
              List.of(
                  "fetch",
                  id,
                  "--base-url",
                  this == CONNECTWISE ? Psa.CW_BASE_URL : Psa.AT_BASE_URL,
                  "--ca-cert",
                  Psa.CA_CERT,
                  "-o",
                  "/work/snapshot.json"));
      a.addAll(List.of(extra));
      return a.toArray(String[]::new);
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void simulatorKilledMidFetch(Vendor psa) throws Exception {
    Psa.writable(work);
    // Permission requests take 0.8 s, within the client's 4 s (room for a loaded machine): left
    // alone, the fetch succeeds.
    // The container is killed once they have begun. A killed container sends no FIN and its
    // address stops answering: every request left ends by the read timeout (or "cannot
    // connect"), so --retries 0 keeps the case short; the outcome is the same with retries.
    try (Network net = Network.newNetwork();
        GenericContainer<?> sim =
            Psa.simulator(
                net, psa.id, psa.simulatorEnv(), "--fault", "slow:800@" + psa.permissions);
        Psa.Step fetch =
            Psa.step(net, work, psa.fetchEnv(), psa.fetch("--timeout", "4", "--retries", "0"))) {
      fetch.start();
      awaitLog(sim, psa.beforePermissions, Duration.ofSeconds(60));
      sim.getDockerClient().killContainerCmd(sim.getContainerId()).exec();
      Psa.Step.Result r = fetch.await(Duration.ofSeconds(120));
      assertIncomplete(psa, net, r);
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void simulatorSlowerThanTheTimeout(Vendor psa) throws Exception {
    Psa.writable(work);
    // the first permission request and its retry answer after 12 s; the client waits 3 s (a 1 s
    // wait let a loaded machine time out on the requests before it)
    try (Network net = Network.newNetwork();
        GenericContainer<?> sim =
            Psa.simulator(
                net,
                psa.id,
                psa.simulatorEnv(),
                "--fault",
                "slow:12000@" + psa.onePermission + "*2")) {
      Psa.Step.Result r =
          Psa.run(net, work, psa.fetchEnv(), psa.fetch("--timeout", "3", "--retries", "1"));
      assertIncomplete(psa, net, r);
      assertTrue(r.err().contains("timed out") || r.err().contains("timeout"), r::toString);
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void tooManyRequestsStorm(Vendor psa) throws Exception {
    Psa.writable(work);
    // every permission request answers 429 with Retry-After: 1, however often it is retried
    try (Network net = Network.newNetwork();
        GenericContainer<?> sim =
            Psa.simulator(net, psa.id, psa.simulatorEnv(), "--fault", "429:1@" + psa.permissions)) {
      Psa.Step.Result r = Psa.run(net, work, psa.fetchEnv(), psa.fetch("--retries", "1"));
      assertIncomplete(psa, net, r);
      assertTrue(r.err().contains("429"), r::toString);
      // the client kept to the retry budget: 2 attempts for each request it gave up on
      Matcher m = Pattern.compile("(?m)^GET (\\S+) -> 429$").matcher(sim.getLogs());
      Map<String, Integer> attempts = new TreeMap<>();
      while (m.find()) {
        attempts.merge(m.group(1), 1, Integer::sum);
      }
      assertFalse(attempts.isEmpty(), sim.getLogs());
      attempts.forEach((path, n) -> assertEquals(2, n, path + " attempts"));
    }
  }

  /**
   * fetch exits 4 and says why; the snapshot it wrote is marked incomplete; check on it exits 4 (in
   * its own container, as the next pipeline step); no credential leaked.
   */
  private void assertIncomplete(Vendor psa, Network net, Psa.Step.Result fetch) throws Exception {
    assertEquals(4, fetch.exit(), fetch::toString);
    assertTrue(fetch.err().contains("incomplete data"), fetch::toString);
    Path snapshot = work.resolve("snapshot.json");
    assertTrue(Files.isRegularFile(snapshot), fetch::toString);
    JsonNode s = JSON.readTree(snapshot.toFile());
    assertFalse(s.path("complete").asBoolean(true), "complete: false in " + s);
    assertFalse(s.path("incomplete").isEmpty(), "reasons in " + s);

    Psa.Step.Result check =
        Psa.run(
            net,
            work,
            Map.of(),
            "check",
            "--snapshot",
            "/work/snapshot.json",
            "--format",
            "json",
            "--output",
            "/work/result.json");
    assertEquals(4, check.exit(), check::toString);
    psa.secrets().assertAbsent(work, fetch, check);
  }

  private static void awaitLog(GenericContainer<?> c, String text, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!c.getLogs().contains(text)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no '" + text + "' in the simulator's log:\n" + c.getLogs());
      }
      Thread.sleep(100);
    }
  }
}
