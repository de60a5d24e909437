package dev.psapolicy.cli;

import dev.psapolicy.alert.Webhook;
import dev.psapolicy.evidence.Keys;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.policy.Schedule;
import dev.psapolicy.policy.ServeConfig;
import dev.psapolicy.run.DemoFetch;
import dev.psapolicy.run.InstanceFetch;
import dev.psapolicy.run.Policy;
import dev.psapolicy.run.PolicyRequest;
import dev.psapolicy.service.AlertListener;
import dev.psapolicy.service.DashboardViews;
import dev.psapolicy.service.Decision;
import dev.psapolicy.service.Metrics;
import dev.psapolicy.service.RunRecorder;
import dev.psapolicy.service.Service;
import dev.psapolicy.service.ServiceInstance;
import dev.psapolicy.service.api.ApiServer;
import dev.psapolicy.service.api.Tokens;
import dev.psapolicy.service.dashboard.DashboardPage;
import dev.psapolicy.service.history.History;
import dev.psapolicy.source.http.HttpSettings;
import dev.psapolicy.source.http.Transport;
import dev.psapolicy.vocabulary.Platform;
import java.io.IOException;
import java.io.StringWriter;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.cli.CommandLine;

/**
 * The work of {@code serve}: options checked, policy and history opened, instances built (from the
 * config's {@code serve:} section or the demo simulators), the schedule and the API started; then
 * it waits for SIGTERM (a shutdown hook), an interrupt or {@code --max-seconds}, and stops in
 * order: schedule (a running job finishes or is recorded abandoned), HTTP server, history.
 */
final class ServeRun {
  private ServeRun() {}

  static int run(CommandLine cmd, Context ctx) throws Exception {
    if (!cmd.getArgList().isEmpty()) {
      throw new UsageException("unexpected argument '" + cmd.getArgList().get(0) + "'");
    }
    if (cmd.hasOption("hash-token")) {
      String token = ctx.env().get(ServeCommand.TOKEN);
      if (token == null || token.isBlank()) {
        token = Tokens.newToken();
        ctx.err().println("psa-policy serve: new token (give it to the client; it is not stored):");
        ctx.err().println(token);
      }
      ctx.out().println(Tokens.line(token.strip()));
      return ExitCode.OK.code();
    }
    String host = cmd.getOptionValue("host", "127.0.0.1");
    int port = Inputs.intOption(cmd, "port", ServeCommand.PORT, 0, 65535);
    int maxSeconds = Inputs.intOption(cmd, "max-seconds", 0, 1, Integer.MAX_VALUE);
    int grace = Inputs.intOption(cmd, "grace", 30, 0, 3600);
    boolean demo = cmd.hasOption("demo");
    if (cmd.hasOption("interval") && !demo) {
      throw new UsageException("--interval applies to --demo only (instances set 'schedule')");
    }
    Duration interval = Duration.ofMinutes(1);
    if (cmd.hasOption("interval")) {
      interval = ServeConfig.interval(cmd.getOptionValue("interval"));
      if (interval == null || interval.compareTo(ServeConfig.MIN_INTERVAL) < 0) {
        throw new UsageException(
            "--interval must be an interval of at least 10s such as 30s, 5m or 1h, found '"
                + cmd.getOptionValue("interval")
                + "'");
      }
    }
    Path keystore =
        cmd.hasOption("tls-keystore") ? ctx.path(cmd.getOptionValue("tls-keystore")) : null;
    if (keystore != null && !Files.isRegularFile(keystore)) {
      throw new InvalidInputException(
          InputProblem.at(cmd.getOptionValue("tls-keystore"), "file not found"));
    }
    if (!ApiServer.loopback(host)) {
      if (keystore == null) {
        throw new UsageException(
            "--host "
                + host
                + " is not a loopback address: plain HTTP binds only to loopback; give"
                + " --tls-keystore FILE for HTTPS");
      }
      if (!cmd.hasOption("token-file")) {
        throw new UsageException(
            "--host " + host + " is reachable from the network: give --token-file FILE too");
      }
    }
    Tokens tokens =
        cmd.hasOption("token-file")
            ? Tokens.read(
                ctx.path(cmd.getOptionValue("token-file")), cmd.getOptionValue("token-file"))
            : Tokens.none();
    PrivateKey key = signingKey(cmd, ctx);

    PolicyRequest request = GateInputs.request(cmd, ctx, true);
    Policy policy = Policy.load(request);
    List<Webhook> webhooks = policy.config().alerts().resolve(ctx.env()); // secrets: at start only

    Path state;
    if (cmd.hasOption("state-dir")) {
      state = ctx.path(cmd.getOptionValue("state-dir"));
    } else if (demo) {
      state = Files.createTempDirectory("psa-policy-serve-");
    } else {
      state = ctx.path("psa-policy-state");
    }
    try {
      Files.createDirectories(state);
    } catch (IOException e) {
      throw new UsageException("cannot create --state-dir " + state + ": " + e.getMessage());
    }
    String url =
        cmd.getOptionValue("db", "jdbc:h2:file:" + state.resolve("history").toAbsolutePath());
    History history;
    try {
      history =
          History.open(url, cmd.getOptionValue("db-user"), ctx.env().get(ServeCommand.DB_PASSWORD));
    } catch (History.UnsupportedDatabaseException e) {
      throw new UsageException(e.getMessage());
    } catch (SQLException e) {
      ctx.err()
          .println(
              "psa-policy serve: cannot open the history database "
                  + History.redact(url)
                  + ": "
                  + oneLine(e.getMessage()));
      if (cmd.hasOption("debug")) {
        e.printStackTrace(ctx.err());
      }
      return ExitCode.INTERNAL_ERROR.code();
    }

    List<ServiceInstance> instances = new ArrayList<>();
    DemoFetch.Simulators sims = null;
    if (demo) {
      sims = DemoFetch.Simulators.start();
      DemoFetch.Simulators s = sims;
      Path evidence = state.resolve("evidence");
      Schedule demoSchedule =
          new Schedule.Every(interval, cmd.getOptionValue("interval", "1m").strip());
      instances.add(
          new ServiceInstance(
              "connectwise-demo",
              Platform.CONNECTWISE,
              demoSchedule,
              evidence.resolve("connectwise-demo"),
              s::fetchConnectWise));
      instances.add(
          new ServiceInstance(
              "autotask-demo",
              Platform.AUTOTASK,
              demoSchedule,
              evidence.resolve("autotask-demo"),
              s::fetchAutotask));
    } else {
      List<InputProblem> problems = new ArrayList<>();
      checkTransport(policy.config().serve(), policy.config().file(), problems);
      Map<String, HttpSettings> http =
          httpSettings(policy.config().serve(), policy.config().file(), ctx, problems);
      if (!problems.isEmpty()) {
        throw new InvalidInputException(problems);
      }
      for (ServeConfig.Instance i : policy.config().serve().instances()) {
        InstanceFetch.Target target =
            new InstanceFetch.Target(
                i.platform(),
                i.baseUrl(),
                i.site(),
                i.zoneLookup(),
                i.instance(),
                i.credentials() == null ? null : ctx.path(i.credentials()),
                i.envPrefix(),
                i.integrations(),
                http.get(i.name()));
        instances.add(
            new ServiceInstance(
                i.name(),
                i.platform(),
                i.schedule(),
                i.evidenceDir() != null
                    ? ctx.path(i.evidenceDir())
                    : state.resolve("evidence").resolve(i.name()),
                (clock, listener) -> InstanceFetch.fetch(target, ctx.env(), clock, listener)));
      }
      if (instances.isEmpty()) {
        throw new UsageException(
            "no instances to serve: add a 'serve: instances:' section to "
                + (policy.config().file() == null ? "psa-policy.yaml" : policy.config().file())
                + " or give --demo");
      }
    }
    Metrics metrics = new Metrics();
    RunRecorder recorder = new RunRecorder(history);
    Path spilled = state.resolve("pending-runs");
    RunRecorder.Restored back = recorder.restore(spilled);
    for (String u : back.unreadable()) {
      ctx.err().println("psa-policy serve: warning: kept run " + u);
    }
    int restored = back.runs();
    if (restored > 0) {
      ctx.err()
          .println(
              "psa-policy serve: "
                  + restored
                  + " finished run(s) kept from the last stop"
                  + (recorder.problem() == null
                      ? " written to the history"
                      : ": " + recorder.problem()));
    }
    Service service =
        new Service(
            new Service.Settings(
                policy,
                instances,
                ctx.clock(),
                ctx::newRunId,
                Version.get(),
                key,
                Duration.ofSeconds(grace),
                ctx.err()),
            recorder,
            metrics);
    AlertListener alerts =
        AlertListener.attach(service, history, policy.config().alerts(), webhooks);
    Decision decision = new Decision(policy, ctx.clock(), ctx::newRunId, Version.get());
    char[] storePassword =
        keystore == null
            ? null
            : ctx.env().getOrDefault(ServeCommand.KEYSTORE_PASSWORD, "").toCharArray();
    ApiServer api =
        new ApiServer(
            service, decision, new ApiServer.Listen(host, port, keystore, storePassword, tokens));
    api.home(
        () -> {
          StringWriter page = new StringWriter();
          DashboardPage.render(
              DashboardViews.of(service.instances(), recorder.history(), ctx.clock().instant()),
              page);
          return page.toString().getBytes(StandardCharsets.UTF_8);
        });
    try {
      api.start();
    } catch (Exception e) {
      service.close();
      if (sims != null) {
        sims.close();
      }
      Throwable c = e;
      while (c != null && !(c instanceof BindException)) {
        c = c.getCause();
      }
      if (c != null || e instanceof IOException) {
        throw new UsageException(
            "cannot listen on " + host + ":" + port + " (" + oneLine(e.getMessage()) + ")");
      }
      throw e;
    }
    ctx.err().println("psa-policy serve: listening on " + api.url());
    ctx.err().println("psa-policy serve: history " + History.redact(url));
    if (sims != null) {
      ctx.err()
          .println(
              "psa-policy serve: demo simulators: ConnectWise "
                  + sims.connectWise().origin()
                  + ", Autotask "
                  + sims.autotask().origin());
    }
    for (ServiceInstance i : instances) {
      ctx.err()
          .println(
              "psa-policy serve: instance "
                  + i.name()
                  + " ("
                  + i.platform().id()
                  + ") schedule "
                  + i.schedule().text());
    }
    service.start();

    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean once = new AtomicBoolean();
    DemoFetch.Simulators simsToClose = sims;
    Runnable stop =
        () -> {
          if (once.compareAndSet(false, true)) {
            service.close();
            if (alerts != null) {
              alerts.close(); // after the service: the last runs' alerts still go out
            }
            try {
              api.close();
            } catch (Exception e) {
              ctx.err().println("psa-policy serve: stopping the HTTP server: " + e.getMessage());
            }
            if (simsToClose != null) {
              simsToClose.close();
            }
            String problem = recorder.problem();
            int pending = recorder.pendingRuns().size();
            if (pending > 0) {
              try {
                recorder.spill(spilled);
                ctx.err()
                    .println(
                        "psa-policy serve: "
                            + pending
                            + " finished run(s) could not be written to the history ("
                            + problem
                            + "): kept in "
                            + spilled
                            + ", written at the next start");
              } catch (IOException e) {
                ctx.err()
                    .println(
                        "psa-policy serve: "
                            + pending
                            + " finished run(s) are lost: the history could not take them ("
                            + problem
                            + ") and "
                            + spilled
                            + " cannot be written: "
                            + oneLine(e.getMessage()));
              }
            }
            ctx.err().println("psa-policy serve: stopped");
          }
          stopped.countDown();
        };
    Thread hook = new Thread(stop, "psa-policy-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean interrupted = false;
    try {
      if (maxSeconds > 0) {
        stopped.await(maxSeconds, TimeUnit.SECONDS);
      } else {
        stopped.await();
      }
    } catch (InterruptedException e) {
      interrupted = true; // an interrupt asks for a stop, which still waits for the running job
    }
    stop.run();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook is running
    }
    return recorder.pendingRuns().isEmpty() ? ExitCode.OK.code() : ExitCode.INTERNAL_ERROR.code();
  }

  /**
   * Every instance URL passes the transport check {@code fetch} makes ({@link Transport#checked}):
   * no plain http:// to a host that is not loopback, no user info; else no credentials go out. Each
   * URL that fails is added to {@code problems}.
   */
  private static void checkTransport(ServeConfig serve, String file, List<InputProblem> problems) {
    for (ServeConfig.Instance i : serve.instances()) {
      URI[] urls = {i.baseUrl(), i.site(), i.zoneLookup()};
      String[] keys = {"baseUrl", "site", "zoneLookup"};
      for (int k = 0; k < urls.length; k++) {
        if (urls[k] != null) {
          try {
            Transport.checked(urls[k].toString());
          } catch (IllegalArgumentException e) {
            Node at = i.at().get(keys[k]);
            problems.add(new InputProblem(file, at.line(), at.column(), e.getMessage()));
          }
        }
      }
    }
  }

  /**
   * Each instance's request settings, as {@code fetch --timeout --retries --ca-cert} makes them; a
   * certificate that cannot be read is added to {@code problems} at its place in the config.
   */
  private static Map<String, HttpSettings> httpSettings(
      ServeConfig serve, String file, Context ctx, List<InputProblem> problems) {
    Map<String, HttpSettings> out = new HashMap<>();
    for (ServeConfig.Instance i : serve.instances()) {
      try {
        out.put(
            i.name(),
            FetchCommand.settings(
                i.timeout(), i.retries(), i.caCert() == null ? null : ctx.path(i.caCert())));
      } catch (FetchCommand.UntrustedCaCert e) {
        Node at = i.at().get("caCert");
        problems.add(
            new InputProblem(file, at.line(), at.column(), i.caCert() + ": " + e.getMessage()));
      }
    }
    return out;
  }

  private static PrivateKey signingKey(CommandLine cmd, Context ctx) throws Exception {
    String keyFile = cmd.getOptionValue("signing-key");
    try {
      if (keyFile != null) {
        return Keys.readPrivate(Files.readString(ctx.path(keyFile), StandardCharsets.US_ASCII));
      }
      String env = ctx.env().get(EvidenceStep.KEY_ENV);
      if (env != null && !env.isBlank()) {
        keyFile = "$" + EvidenceStep.KEY_ENV;
        return Keys.readPrivate(env);
      }
      return null;
    } catch (IOException e) {
      throw new InvalidInputException(InputProblem.at(keyFile, "cannot read file"));
    } catch (Keys.KeyException e) {
      throw new InvalidInputException(InputProblem.at(keyFile, e.getMessage()));
    }
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).replace('\r', ' ').strip();
  }
}
