package dev.psapolicy.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * psa-policy containers as a pipeline runs them: every one from the image under test, with a
 * read-only root file system (the only writable place is the folder mounted at {@code /work}), as
 * the image's non-root user.
 */
final class Psa {
  /** The simulator's host name on the test network; the test certificate is issued to it. */
  static final String SIM_HOST = "psa-simulator";

  static final int SIM_PORT = 8443;

  /** The image's user, psa (build-image.sh writes it into /etc/passwd). */
  static final int UID = 10001;

  /** The CA certificate a gate container trusts for the simulator ({@code fetch --ca-cert}). */
  static final String CA_CERT = "/tls/psa-simulator-cert.pem";

  /** The ConnectWise API root of the simulator container. */
  static final String CW_BASE_URL =
      "https://" + SIM_HOST + ":" + SIM_PORT + "/v4_6_release/apis/3.0";

  /** The Autotask API root of the simulator container. */
  static final String AT_BASE_URL = "https://" + SIM_HOST + ":" + SIM_PORT + "/ATServicesRest";

  private Psa() {}

  /**
   * A simulator container ({@code simulate VENDOR} over TLS on {@value #SIM_PORT}, alias {@value
   * #SIM_HOST}), started: it has printed where it listens.
   */
  static GenericContainer<?> simulator(
      Network network, String vendor, Map<String, String> env, String... extra) throws Exception {
    // no --host: the image's PSA_SIM_HOST=0.0.0.0 makes it reachable from other containers
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "simulate",
                vendor,
                "--port",
                String.valueOf(SIM_PORT),
                "--tls-keystore",
                "/tls/psa-simulator.p12"));
    cmd.addAll(Arrays.asList(extra));
    GenericContainer<?> c =
        base(network)
            .withNetworkAliases(SIM_HOST)
            .withEnv(env)
            .withCommand(cmd.toArray(String[]::new))
            .waitingFor(
                Wait.forLogMessage(".*simulator listening on https://.*\\n", 1)
                    .withStartupTimeout(Duration.ofSeconds(60)));
    try {
      c.start();
    } catch (RuntimeException e) {
      String logs = c.getContainerId() == null ? "" : c.getLogs();
      c.close();
      throw new AssertionError(
          "the " + vendor + " simulator container did not start: " + e + "\n" + logs, e);
    }
    return c;
  }

  /**
   * A gate step: one psa-policy command in its own container, {@code work} at /work; on {@code
   * network} (null: the default bridge).
   */
  static Step step(Network network, Path work, Map<String, String> env, String... args)
      throws Exception {
    GenericContainer<?> c =
        base(network)
            .withFileSystemBind(work.toString(), "/work", BindMode.READ_WRITE)
            .withEnv(env)
            .withCommand(args)
            .withStartupCheckStrategy(new Started());
    return new Step(c, String.join(" ", args));
  }

  /**
   * A gate step run with another entry point ({@code docker run --entrypoint E IMAGE ARGS}: the
   * first of {@code entrypoint} replaces the image's, the rest come before {@code args}).
   */
  static Step.Result runWithEntrypoint(Path work, List<String> entrypoint, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(entrypoint.subList(1, entrypoint.size()));
    cmd.addAll(Arrays.asList(args));
    GenericContainer<?> c =
        base(null)
            .withFileSystemBind(work.toString(), "/work", BindMode.READ_WRITE)
            .withCreateContainerCmdModifier(x -> x.withEntrypoint(entrypoint.get(0)))
            .withCommand(cmd.toArray(String[]::new))
            .withStartupCheckStrategy(new Started());
    try (Step s = new Step(c, String.join(" ", cmd))) {
      return s.start().await(Duration.ofSeconds(120));
    }
  }

  /** Runs a gate step to its end. */
  static Step.Result run(Network network, Path work, Map<String, String> env, String... args)
      throws Exception {
    try (Step s = step(network, work, env, args)) {
      return s.start().await(Duration.ofSeconds(120));
    }
  }

  /** A host folder the image's non-root user may write to (as {@code docker run --user} would). */
  static Path writable(Path dir) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    return dir;
  }

  private static GenericContainer<?> base(Network network) throws Exception {
    GenericContainer<?> c = new GenericContainer<>(PsaImage.name());
    if (network != null) {
      c.withNetwork(network);
    }
    return c.withFileSystemBind(tlsDir().toString(), "/tls", BindMode.READ_ONLY)
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true));
  }

  private static Path tlsDir() throws URISyntaxException {
    URL u = Psa.class.getClassLoader().getResource("dev/psapolicy/tls/psa-simulator.p12");
    if (u == null) {
      throw new IllegalStateException("test resource dev/psapolicy/tls/psa-simulator.p12 missing");
    }
    return Path.of(u.toURI()).getParent();
  }

  /** A gate container started and (with {@link #await}) run to its exit. */
  static final class Step implements AutoCloseable {
    private final GenericContainer<?> container;
    private final String command;

    private Step(GenericContainer<?> container, String command) {
      this.container = container;
      this.command = command;
    }

    /** What the container left behind: the CLI's exit code and its two streams. */
    record Result(String command, int exit, String out, String err) {
      /** Both streams, for assertions about what never appears in them. */
      String logs() {
        return out + err;
      }

      @Override
      public String toString() {
        return "psa-policy "
            + command
            + " -> exit "
            + exit
            + "\n--- stdout\n"
            + out
            + "--- stderr\n"
            + err;
      }
    }

    /** Starts the container; returns once it runs (or has already exited). */
    Step start() {
      container.start();
      return this;
    }

    /** Waits for the container's exit. */
    Result await(Duration timeout) {
      DockerClient client = container.getDockerClient();
      Integer exit =
          client
              .waitContainerCmd(container.getContainerId())
              .start()
              .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Result(
          command,
          exit,
          container.getLogs(OutputType.STDOUT),
          container.getLogs(OutputType.STDERR));
    }

    @Override
    public void close() {
      container.close();
    }
  }

  /**
   * Startup succeeds as soon as the container has run at all: a gate step may exit at once and with
   * any code (Testcontainers' own strategies count a non-zero exit as a failed start).
   */
  private static final class Started extends StartupCheckStrategy {
    @Override
    public StartupStatus checkStartupState(DockerClient client, String id) {
      InspectContainerResponse.ContainerState s = getCurrentState(client, id);
      return s.getStatus() != null && !"created".equals(s.getStatus())
          ? StartupStatus.SUCCESSFUL
          : StartupStatus.NOT_YET_KNOWN;
    }
  }
}
