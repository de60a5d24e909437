package dev.psapolicy.cli;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.run.DemoFetch;
import dev.psapolicy.run.InputFiles;
import dev.psapolicy.simulator.AutotaskMsp;
import dev.psapolicy.simulator.AutotaskSimulator;
import dev.psapolicy.simulator.ConnectWiseMsp;
import dev.psapolicy.simulator.ConnectWiseSimulator;
import dev.psapolicy.simulator.Fault;
import dev.psapolicy.simulator.FaultPlan;
import dev.psapolicy.simulator.SimulatorOptions;
import dev.psapolicy.simulator.SimulatorServer;
import dev.psapolicy.simulator.SimulatorTls;
import dev.psapolicy.vocabulary.Platform;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy simulate connectwise|autotask}: a PSA to point psa-policy or other tools at.
 * Serves the demo MSP (or a snapshot's), logs one line per request, injects faults on request, and
 * runs until killed (or {@code --max-seconds}).
 */
final class SimulateCommand implements Command {
  /** Key-store password variable for {@code --tls-keystore}. */
  static final String KEYSTORE_PASSWORD = "PSA_SIM_KEYSTORE_PASSWORD";

  /**
   * Default bind address when {@code --host} is not given. The container image sets it to {@code
   * 0.0.0.0}: inside a container, loopback is unreachable from a published port or another
   * container, and the container's network is what limits who can connect.
   */
  static final String HOST_VARIABLE = "PSA_SIM_HOST";

  @Override
  public String name() {
    return "simulate";
  }

  @Override
  public String summary() {
    return "run a simulated ConnectWise PSA or Autotask PSA (the demo MSP) until killed";
  }

  @Override
  public String usage() {
    return "connectwise|autotask [options]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("host")
                .hasArg()
                .argName("ADDRESS")
                .desc(
                    "address to bind (default "
                        + HOST_VARIABLE
                        + ", else 127.0.0.1; the container"
                        + " image sets 0.0.0.0)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("port")
                .hasArg()
                .argName("PORT")
                .desc("port (default 8080; 0 for any free port)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("snapshot")
                .hasArg()
                .argName("FILE")
                .desc("serve the MSP of this snapshot instead of the demo")
                .get())
        .addOption(
            Option.builder()
                .longOpt("fault")
                .hasArg()
                .argName("SPEC")
                .desc(
                    "inject a fault: KIND[:ARG][@[METHOD ]PATH-REGEX][#AFTER][*TIMES], KIND = a"
                        + " status (429[:SECS], 500, ...), slow:MILLIS, truncate, garble, auth,"
                        + " redirect:URL; #AFTER lets that many matching requests through first;"
                        + " repeatable")
                .get())
        .addOption(
            Option.builder()
                .longOpt("page-size-limit")
                .hasArg()
                .argName("N")
                .desc("ConnectWise: the server's largest page (default 1000)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("access-as-numbers")
                .desc("Autotask: report userAccessFor* as 0/1/2 instead of None/All/Restricted")
                .get())
        .addOption(
            Option.builder()
                .longOpt("omit-entity")
                .hasArg()
                .argName("ENTITY")
                .desc(
                    "Autotask: leave ENTITY out of the one GET /V1.0/EntityInformation answer (its"
                        + " own entityInformation still serves it); repeatable")
                .get())
        .addOption(
            Option.builder()
                .longOpt("threshold-used")
                .hasArg()
                .argName("N")
                .desc("Autotask: requests already used this hour (default 124 of 10000)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("tls-keystore")
                .hasArg()
                .argName("FILE")
                .desc(
                    "serve HTTPS with this PKCS#12 key store (password from "
                        + KEYSTORE_PASSWORD
                        + ", default changeit)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("max-seconds")
                .hasArg()
                .argName("N")
                .desc("stop after N seconds (default: run until killed)")
                .get())
        .addOption(Option.builder().longOpt("quiet").desc("do not log requests").get())
        .addOption(Option.builder().longOpt("debug").desc("show stack traces").get());
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    Platform platform = Inputs.platformArgument(cmd, "simulate");
    String host =
        cmd.getOptionValue(
            "host", ctx.env().getOrDefault(HOST_VARIABLE, SimulatorOptions.LOOPBACK));
    int port = Inputs.intOption(cmd, "port", 8080, 0, 65535);
    int maxSeconds = Inputs.intOption(cmd, "max-seconds", 0, 1, Integer.MAX_VALUE);
    List<Fault> faults = new ArrayList<>();
    for (String spec : Inputs.values(cmd, "fault")) {
      try {
        faults.add(Fault.parse(spec));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    SimulatorOptions options =
        new SimulatorOptions(
            host,
            port,
            FaultPlan.of(faults),
            tls(cmd, ctx),
            Inputs.intOption(cmd, "page-size-limit", 1000, 1, 100_000),
            cmd.hasOption("access-as-numbers"),
            Set.copyOf(Inputs.values(cmd, "omit-entity")));
    Snapshot seed = seed(cmd, ctx, platform);
    SimulatorServer server;
    PrintStream out = ctx.out();
    try {
      if (platform == Platform.CONNECTWISE) {
        ConnectWiseMsp msp =
            ConnectWiseMsp.fromSnapshot(
                seed, DemoFetch.STAFF, PermissionCatalog.builtIn().customizeIds());
        Map<String, String> env = ctx.env();
        boolean own =
            env.get("CW_COMPANY") != null
                && env.get("CW_PUBLIC_KEY") != null
                && env.get("CW_PRIVATE_KEY") != null;
        if (own) {
          msp =
              msp.withLogin(
                  env.get("CW_COMPANY"), env.get("CW_PUBLIC_KEY"), env.get("CW_PRIVATE_KEY"));
        }
        ConnectWiseSimulator cw = ConnectWiseSimulator.start(msp, options);
        server = cw;
        out.println("ConnectWise PSA simulator listening on " + listening(cw, host));
        out.println("  --site " + cw.siteUrl() + "   or   --base-url " + cw.apiRoot());
        out.println(
            own
                ? "  credentials: CW_COMPANY, CW_PUBLIC_KEY and CW_PRIVATE_KEY from the"
                    + " environment (any CW_CLIENT_ID)"
                : "  credentials (simulated): export CW_COMPANY="
                    + msp.company()
                    + " CW_PUBLIC_KEY="
                    + msp.publicKey()
                    + " CW_PRIVATE_KEY="
                    + msp.privateKey()
                    + " CW_CLIENT_ID="
                    + ConnectWiseMsp.DEMO_CLIENT_ID);
      } else {
        AutotaskMsp msp =
            AutotaskMsp.fromSnapshot(seed, PermissionCatalog.builtIn().cells(Platform.AUTOTASK), 6);
        if (cmd.hasOption("threshold-used")) {
          msp =
              msp.withThreshold(
                  msp.threshold(), Inputs.intOption(cmd, "threshold-used", 124, 0, 1_000_000));
        }
        AutotaskSimulator at = AutotaskSimulator.start(msp, options);
        server = at;
        out.println("Autotask PSA simulator listening on " + listening(at, host));
        out.println("  --base-url " + at.apiRoot() + "   or   --zone-lookup " + at.apiRoot());
        for (SnapshotPrincipal p : seed.principals()) {
          out.println(
              "  API user "
                  + p.name()
                  + " ("
                  + p.id()
                  + ", simulated): export"
                  + " AT_USERNAME="
                  + AutotaskMsp.demoUserName(p.id())
                  + " AT_SECRET="
                  + AutotaskMsp.demoSecret(p.id())
                  + " AT_INTEGRATION_CODE="
                  + AutotaskMsp.DEMO_INTEGRATION_CODE);
        }
      }
    } catch (BindException e) {
      throw new UsageException(
          "cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")");
    }
    if (!faults.isEmpty()) {
      out.println("  faults: " + String.join(", ", faults.stream().map(Fault::spec).toList()));
    }
    out.flush();
    if (!cmd.hasOption("quiet")) {
      server.onRequest(
          r -> {
            synchronized (out) {
              out.println(
                  r.method()
                      + " "
                      + r.pathAndQuery()
                      + (r.body() == null || r.body().isEmpty() ? "" : " " + oneLine(r.body()))
                      + " -> "
                      + (r.status() == 0 ? "(connection cut)" : String.valueOf(r.status())));
              out.flush();
            }
          });
    }
    try (SimulatorServer s = server) {
      CountDownLatch forever = new CountDownLatch(1);
      if (maxSeconds > 0) {
        forever.await(maxSeconds, TimeUnit.SECONDS);
      } else {
        forever.await();
      }
    }
    return ExitCode.OK.code();
  }

  private static String listening(SimulatorServer s, String host) {
    String scheme = s.options().tls() != null ? "https" : "http";
    return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + s.port();
  }

  private static Snapshot seed(CommandLine cmd, Context ctx, Platform platform) throws Exception {
    if (cmd.hasOption("snapshot")) {
      String f = cmd.getOptionValue("snapshot");
      Snapshot s = InputFiles.snapshots(List.of(f), ctx.cwd()).get(0);
      if (s.platform() != platform) {
        throw new UsageException(
            "--snapshot " + f + " is a " + s.platform().id() + " snapshot, not " + platform.id());
      }
      for (SnapshotPrincipal p : s.principals()) {
        if (!p.id().matches("\\d{1,18}")) {
          throw new InvalidInputException(
              new InputProblem(
                  f,
                  p.line(),
                  0,
                  "principal id '" + p.id() + "' is not numeric; the simulator serves PSA ids"));
        }
      }
      return s;
    }
    return InputFiles.demoSnapshots().stream()
        .filter(s -> s.platform() == platform)
        .findFirst()
        .orElseThrow();
  }

  private static SSLContext tls(CommandLine cmd, Context ctx) throws InvalidInputException {
    if (!cmd.hasOption("tls-keystore")) {
      return null;
    }
    String f = cmd.getOptionValue("tls-keystore");
    String pw = ctx.env().getOrDefault(KEYSTORE_PASSWORD, "changeit");
    try {
      return SimulatorTls.fromPkcs12(ctx.path(f), pw.toCharArray());
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(InputProblem.at(f, "file not found"));
    } catch (IOException | GeneralSecurityException e) {
      throw new InvalidInputException(
          InputProblem.at(
              f, "not a PKCS#12 key store this password" + " opens (" + KEYSTORE_PASSWORD + ")"));
    }
  }

  /**
   * A request body on one log line (JSON bodies are one line already; a hostile one may not be).
   */
  private static String oneLine(String body) {
    String t = body.replace('\n', ' ').replace('\r', ' ').strip();
    return t.length() > 500 ? t.substring(0, 500) + "..." : t;
  }
}
