package dev.psapolicy.service;

import dev.psapolicy.alert.AlertDispatcher;
import dev.psapolicy.alert.AlertInput;
import dev.psapolicy.alert.AlertLedger;
import dev.psapolicy.alert.AlertSet;
import dev.psapolicy.alert.Alerts;
import dev.psapolicy.alert.AlertsConfig;
import dev.psapolicy.alert.Webhook;
import dev.psapolicy.alert.WebhookSender;
import dev.psapolicy.drift.DriftLoader;
import dev.psapolicy.drift.State;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.report.Report;
import dev.psapolicy.run.Policy;
import dev.psapolicy.service.history.History;
import dev.psapolicy.service.history.HistoryAlertLedger;
import dev.psapolicy.service.history.RunRecord;
import dev.psapolicy.service.history.RunStatus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Alerts of {@code serve} (docs/alerts.md): after each run that has a report, computes its alert
 * conditions ({@link Alerts#between}) against the instance's previous run and dispatches them to
 * the webhooks with the ledger in the history database, so each alert goes out once per open
 * finding, across restarts too.
 *
 * <p>A run whose fetch failed closed has no report; it sends its {@code fail-closed} alert all the
 * same.
 *
 * <p>All of it happens on one thread of its own, in run order: a slow or failing webhook (retries
 * wait up to 30 s) never delays a run or the schedule. Failures are one line each on the log
 * (webhook name and host, never its URL or key) and counted in {@code psa_policy_alerts_total}.
 */
public final class AlertListener implements RunListener, AutoCloseable {
  /** How long {@link #close} waits for alerts still being sent. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final AlertsConfig config;
  private final List<Webhook> webhooks;
  private final Policy policy;
  private final AlertDispatcher dispatcher;
  private final Function<String, Report> reports;
  private final Clock clock;
  private final Metrics metrics;
  private final PrintStream log;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "psa-policy-alerts");
            t.setDaemon(true);
            return t;
          });

  /**
   * A listener.
   *
   * @param config the {@code alerts:} section
   * @param webhooks its webhooks, resolved ({@link AlertsConfig#resolve})
   * @param policy the loaded policy (its waivers and waiver policy)
   * @param sender delivers one alert
   * @param ledger what was delivered before
   * @param reports a recent run's report by run id, or null when it is no longer in memory
   * @param clock today, for waivers and deliveries
   * @param metrics where deliveries are counted
   * @param log one line per failure
   */
  public AlertListener(
      AlertsConfig config,
      List<Webhook> webhooks,
      Policy policy,
      WebhookSender sender,
      AlertLedger ledger,
      Function<String, Report> reports,
      Clock clock,
      Metrics metrics,
      PrintStream log) {
    this.config = Objects.requireNonNull(config);
    this.webhooks = List.copyOf(webhooks);
    this.policy = Objects.requireNonNull(policy);
    this.dispatcher = new AlertDispatcher(this.webhooks, sender, ledger, clock);
    this.reports = Objects.requireNonNull(reports);
    this.clock = Objects.requireNonNull(clock);
    this.metrics = Objects.requireNonNull(metrics);
    this.log = Objects.requireNonNull(log);
  }

  /**
   * Registers a listener on {@code service} with the ledger in {@code history} and says where
   * alerts go on the service's log; none when there is no webhook.
   *
   * @param webhooks the config's webhooks, resolved at start ({@link AlertsConfig#resolve})
   * @return the listener (close it after the service), or null when there is no webhook
   */
  public static AlertListener attach(
      Service service, History history, AlertsConfig config, List<Webhook> webhooks) {
    if (webhooks.isEmpty()) {
      return null;
    }
    Service.Settings s = service.settings();
    AlertListener l =
        new AlertListener(
            config,
            webhooks,
            s.policy(),
            WebhookSender.standard(config.maxAttempts(), s.clock()),
            new HistoryAlertLedger(history),
            id -> service.report(id).orElse(null),
            s.clock(),
            service.metrics(),
            s.log());
    service.addListener(l);
    for (Webhook w : webhooks) {
      s.log().println("psa-policy serve: alerts to " + w.describe());
    }
    return l;
  }

  /** The webhooks, in config order. */
  public List<Webhook> webhooks() {
    return webhooks;
  }

  @Override
  public void runFinished(RunRecord previous, RunRecord current, Report report) {
    if (report == null && current.status() != RunStatus.INCOMPLETE) {
      return; // evaluated nothing: error, skipped, abandoned
    }
    // the previous report is looked up now, while it is surely in memory
    Report before = previous == null ? null : reports.apply(previous.runId());
    try {
      sender.execute(() -> alert(previous, current, report, before));
    } catch (RuntimeException e) { // rejected: shutting down
      log.println(
          "psa-policy serve: "
              + current.instance()
              + " run "
              + current.runId()
              + ": no alerts"
              + " sent, the service is stopping");
    }
  }

  private void alert(RunRecord previous, RunRecord current, Report report, Report before) {
    String prefix = "psa-policy serve: " + current.instance() + " run " + current.runId() + ": ";
    AlertSet set;
    AlertDispatcher.Delivery d;
    try {
      if (report == null) {
        // the fetch failed closed: no report, but the run proves nothing and says so
        set =
            Alerts.failedClosed(
                current.instance(),
                current.runId(),
                current.error() == null ? List.of() : List.of(current.error()));
        d = dispatcher.dispatch(set);
      } else {
        set = alerts(previous, current, report, before);
        d = dispatcher.dispatch(set);
      }
    } catch (RuntimeException e) {
      metrics.alerts("error", 1);
      log.println(
          prefix
              + "alerts not sent: "
              + (e instanceof HistoryAlertLedger.LedgerException
                  ? e.getMessage()
                  : e.getClass().getSimpleName()
                      + (e.getMessage() == null
                          ? ""
                          : ": " + RunRecorder.oneLine(e.getMessage()))));
      return;
    }
    int failed = d.failures().size();
    int sent = d.attempts().size() - failed;
    int earlier = set.alerts().size() * webhooks.size() - d.attempts().size();
    metrics.alerts("sent", sent);
    metrics.alerts("failed", failed);
    log.println(
        prefix
            + "alerts: "
            + sent
            + " sent"
            + (failed == 0 ? "" : ", " + failed + " not sent")
            + (earlier == 0 ? "" : ", " + earlier + " sent before"));
    for (AlertDispatcher.Attempt a : d.failures()) {
      log.println(prefix + "alert " + a.alert().key() + " not sent: " + a.outcome().failure());
    }
  }

  private AlertSet alerts(RunRecord previous, RunRecord current, Report report, Report before) {
    State was = previous == null ? null : state(previous);
    State now = was == null ? null : state(current);
    AlertInput in =
        new AlertInput(
            current.instance(),
            before,
            report,
            was,
            now,
            policy.exemptions().waivers(),
            policy.exemptions().policy());
    return Alerts.between(in, config, clock);
  }

  /**
   * A run's grants as {@code diff} reads them, from its evidence pack; null (no widened alerts for
   * this pair of runs) when the pack is gone or unreadable, which the log says.
   */
  private State state(RunRecord r) {
    if (r.evidencePath() == null) {
      return null;
    }
    Path dir = Path.of(r.evidencePath());
    if (!Files.isDirectory(dir)) {
      log.println(
          "psa-policy serve: "
              + r.instance()
              + ": no widened alerts against run "
              + r.runId()
              + ": its evidence pack is gone");
      return null;
    }
    try {
      return DriftLoader.load(dir, r.instance() + "/" + r.runId()); // no local path in alerts
    } catch (InvalidInputException e) {
      log.println(
          "psa-policy serve: "
              + r.instance()
              + ": no widened alerts against run "
              + r.runId()
              + ": "
              + String.join("; ", e.problems().stream().map(InputProblem::toString).toList()));
      return null;
    }
  }

  /** Stops taking runs and waits a little for alerts still being sent. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      sender.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
