package dev.psapolicy.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectImageResponse;
import dev.psapolicy.simulator.ConnectWiseMsp;
import dev.psapolicy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The image itself, as docs/container.md describes it: the CLI is the entrypoint and its exit codes
 * are the container's, it runs as a non-root user, a read-only root file system is enough, and the
 * issue's {@code docker run} examples work as written.
 */
class ContainerImageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMPLIANT = "rules/cases/compliant/hatz-ai-connectwise/snapshot.yaml";

  @TempDir Path work;

  @BeforeEach
  void files() throws Exception {
    Psa.writable(work);
    String compliant = Files.readString(Path.of(COMPLIANT));
    Files.writeString(work.resolve("compliant.yaml"), compliant);
    Files.writeString(
        work.resolve("incomplete.yaml"),
        compliant.replace(
            "formatVersion: 1\n",
            "formatVersion: 1\ncomplete: false\nincomplete: [\"GET /system/securityRoles/7/settings"
                + " -> 500 after 4 attempts\"]\n"));
    Files.writeString(work.resolve("broken.json"), "{\"formatVersion\": 1, \"principals\": [ }");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--version                                      | 0 | psa-policy ",
        "check --snapshot compliant.yaml                | 0 | gate: PASS",
        "check --demo                                   | 1 | gate: FAIL",
        "''                                             | 2 | usage: psa-policy",
        "check --demo --format yaml                     | 2 | unknown format",
        "check --snapshot broken.json                   | 3 | broken.json:1:",
        "check --snapshot incomplete.yaml               | 4 | gate: INCOMPLETE",
        "check --demo --output /tmp/result.json         | 2 | cannot write /tmp/result.json"
      })
  void exitCodesAreTheClis(String args, int exit, String says) throws Exception {
    Psa.Step.Result r =
        Psa.run(null, work, Map.of(), args.isBlank() ? new String[0] : args.trim().split(" +"));
    assertEquals(exit, r.exit(), r::toString);
    assertTrue(r.logs().contains(says), r::toString);
  }

  @Test
  void runsAsANonRootUserFromTheCli() throws Exception {
    InspectImageResponse image =
        DockerClientFactory.instance()
            .client()
            .inspectImageCmd(PsaImage.name().asCanonicalNameString())
            .exec();
    assertEquals(Psa.UID + ":" + Psa.UID, image.getConfig().getUser());
    assertEquals("/work", image.getConfig().getWorkingDir());
    List<String> entrypoint = List.of(image.getConfig().getEntrypoint());
    assertEquals("/opt/java/bin/java", entrypoint.get(0));
    assertEquals("/opt/psa-policy/psa-policy.jar", entrypoint.get(entrypoint.size() - 1));
  }

  /**
   * {@code docker run --rm -v "$PWD:/work" psa-policy:dev check --snapshot /work/acme.json ...}.
   */
  @Test
  void checksAMountedSnapshot() throws Exception {
    Files.copy(
        Path.of("src/main/resources/dev/psapolicy/demo/acme-connectwise.json"),
        work.resolve("acme.json"));
    Psa.Step.Result r =
        Psa.run(null, work, Map.of(), "check", "--snapshot", "/work/acme.json", "--format", "json");
    assertEquals(1, r.exit(), r::toString);
    JsonNode result = JSON.readTree(r.out());
    assertEquals(1, result.path("summary").path("exitCode").asInt(), r::toString);
    assertTrue(result.path("violations").size() > 0, r::toString);
  }

  /**
   * The one-shot set-up docs/container.md gives a pipeline that only runs {@code check} (C1 and the
   * serial collector, by {@code --entrypoint}), run as the page writes it: the verdict and the
   * violations are the image's own entry point's, and no JVM warning reaches standard error.
   */
  @Test
  void theDocumentedOneShotEntrypointGivesTheSameVerdict() throws Exception {
    Files.copy(
        Path.of("src/main/resources/dev/psapolicy/demo/acme-connectwise.json"),
        work.resolve("acme.json"));
    String doc = Files.readString(Path.of("docs/container.md")).replace("\\\n", " ");
    String line =
        doc.lines()
            .filter(
                l -> l.startsWith("docker run") && l.contains("--entrypoint /opt/java/bin/java"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("docs/container.md shows the one-shot set-up"));
    List<String> words = List.of(line.trim().split(" +"));
    int image = words.indexOf("psa-policy:dev");
    int jar = words.indexOf("/opt/psa-policy/psa-policy.jar");
    List<String> entrypoint = new ArrayList<>(List.of("/opt/java/bin/java"));
    entrypoint.addAll(words.subList(image + 1, jar + 1));
    assertTrue(entrypoint.contains("-XX:TieredStopAtLevel=1"), "" + entrypoint);
    List<String> args = new ArrayList<>(words.subList(jar + 1, words.size()));
    args.set(args.indexOf("acme.json"), "/work/acme.json");

    Psa.Step.Result plain = Psa.run(null, work, Map.of(), args.toArray(String[]::new));
    Psa.Step.Result oneShot = Psa.runWithEntrypoint(work, entrypoint, args.toArray(String[]::new));
    assertEquals(1, plain.exit(), plain::toString);
    assertEquals(plain.exit(), oneShot.exit(), oneShot::toString);
    assertEquals("", oneShot.err(), oneShot::toString);
    assertEquals(
        JSON.readTree(plain.out()).path("violations"),
        JSON.readTree(oneShot.out()).path("violations"));
  }

  /**
   * {@code docker run --rm -p 8080:8080 psa-policy:dev simulate connectwise --port 8080}, then a
   * fetch from the host over the published port (plain http to localhost is allowed).
   */
  @Test
  void aSimulatorOnAPublishedPort() throws Exception {
    try (GenericContainer<?> sim =
        new GenericContainer<>(PsaImage.name())
            .withExposedPorts(8080)
            .withCommand("simulate", "connectwise", "--port", "8080")
            .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true))
            .waitingFor(
                Wait.forLogMessage(".*simulator listening on http://0\\.0\\.0\\.0:8080.*\\n", 1)
                    .withStartupTimeout(Duration.ofSeconds(60)))) {
      sim.start();
      Cli.Result r =
          new Cli(work)
              .env("CW_COMPANY", ConnectWiseMsp.DEMO_COMPANY)
              .env("CW_PUBLIC_KEY", ConnectWiseMsp.DEMO_PUBLIC_KEY)
              .env("CW_PRIVATE_KEY", ConnectWiseMsp.DEMO_PRIVATE_KEY)
              .env("CW_CLIENT_ID", ConnectWiseMsp.DEMO_CLIENT_ID)
              .run(
                  "fetch",
                  "connectwise",
                  "--base-url",
                  "http://localhost:" + sim.getMappedPort(8080) + "/v4_6_release/apis/3.0",
                  "-o",
                  "cw.json");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.err().contains("4 principal(s)"), r.err());
    }
  }
}
