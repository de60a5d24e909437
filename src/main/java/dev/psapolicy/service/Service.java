package dev.psapolicy.service;

import dev.psapolicy.engine.RuleRunException;
import dev.psapolicy.evidence.EvidencePack;
import dev.psapolicy.evidence.Keys;
import dev.psapolicy.evidence.PackVerifier;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InputRef;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.policy.Schedule;
import dev.psapolicy.render.Renderers;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Verdict;
import dev.psapolicy.report.Violation;
import dev.psapolicy.run.DemoFetch;
import dev.psapolicy.run.Evaluation;
import dev.psapolicy.run.IncompleteDataException;
import dev.psapolicy.run.OutputFiles;
import dev.psapolicy.run.Policy;
import dev.psapolicy.run.RequestException;
import dev.psapolicy.run.RunInputs;
import dev.psapolicy.service.history.FindingRow;
import dev.psapolicy.service.history.RunRecord;
import dev.psapolicy.service.history.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The running service: the instances, their schedule, their runs and the record of them. One run of
 * an instance is what {@code check --evidence} does after {@code fetch}: fetch, evaluate under the
 * one loaded {@link Policy}, write the evidence pack, then record the run (history, metrics) and
 * tell the {@link RunListener}s.
 *
 * <p>Runs of one instance never overlap: a run due while the previous one still goes is recorded as
 * {@code skipped}. The schedule resumes from the history: an instance's next run is its newest
 * recorded run's start plus its interval (now, when that is past or there is none). {@link #close}
 * stops the schedule, gives a running job {@code grace} to finish and records it as {@code
 * abandoned} when it does not.
 */
public final class Service implements AutoCloseable {
  /** How many reports are kept in memory for {@code /v1/runs/{id}?format=} other than json. */
  static final int REPORT_CACHE = 64;

  /** How often the history database is checked (and waiting runs written). */
  static final Duration DB_CHECK = Duration.ofSeconds(5);

  /**
   * What the service runs with.
   *
   * @param policy the loaded policy every run and decision is judged by
   * @param instances the instances
   * @param clock the clock
   * @param runIds new run ids
   * @param toolVersion psa-policy's version (in reports)
   * @param signingKey the evidence packs' Ed25519 key, or null for unsigned packs
   * @param grace how long shutdown waits for a running job
   * @param log where one line per run goes (standard error)
   */
  public record Settings(
      Policy policy,
      List<ServiceInstance> instances,
      Clock clock,
      Supplier<String> runIds,
      String toolVersion,
      PrivateKey signingKey,
      Duration grace,
      PrintStream log) {
    public Settings {
      instances = List.copyOf(instances);
    }
  }

  private enum JobState {
    RUNNING,
    DONE,
    ABANDONED
  }

  private record Job(String runId, Instant startedAt, AtomicReference<JobState> state) {}

  private final Settings settings;
  private final RunRecorder recorder;
  private final Metrics metrics;
  private final Map<String, ServiceInstance> instances = new LinkedHashMap<>();
  private final Map<String, Job> running = new ConcurrentHashMap<>();
  private final Map<String, RunRecord> lastCompleted = new ConcurrentHashMap<>();
  private final Map<String, Report> reports =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Report> eldest) {
          return size() > REPORT_CACHE;
        }
      };
  private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService ticker;
  private final ExecutorService workers;
  private volatile boolean closed;

  /** A service over {@code recorder}'s history; nothing runs until {@link #start}. */
  public Service(Settings settings, RunRecorder recorder, Metrics metrics) {
    this.settings = settings;
    this.recorder = recorder;
    this.metrics = metrics;
    for (ServiceInstance i : settings.instances()) {
      instances.put(i.name(), i);
      try {
        recorder.history().latestCompleted(i.name()).ifPresent(r -> lastCompleted.put(i.name(), r));
      } catch (SQLException e) {
        // the first run finds out again and says so
      }
    }
    ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "psa-policy-schedule"));
    workers =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(4, instances.size())), r -> daemon(r, "psa-policy-run"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Registers a listener told about every recorded run. */
  public void addListener(RunListener l) {
    listeners.add(l);
  }

  /** The settings. */
  public Settings settings() {
    return settings;
  }

  /** The recorder (and through it the history). */
  public RunRecorder recorder() {
    return recorder;
  }

  /** The metrics. */
  public Metrics metrics() {
    return metrics;
  }

  /** The instances, in configured order. */
  public List<ServiceInstance> instances() {
    return List.copyOf(instances.values());
  }

  /** The run id of the instance's running job, or null. */
  public String runningRun(String instance) {
    Job j = running.get(instance);
    return j == null ? null : j.runId();
  }

  /**
   * Starts the schedule: every instance's first run at its resumed time (now when none is
   * recorded), then every interval; and the database check.
   */
  public void start() {
    Instant now = settings.clock().instant();
    for (ServiceInstance i : instances.values()) {
      Instant first = now;
      try {
        first = firstRun(recorder.history().latest(i.name()), i.schedule(), now);
      } catch (SQLException e) {
        // run now: the run records the database problem
      }
      plan(i, first);
    }
    ticker.scheduleWithFixedDelay(
        recorder::check, DB_CHECK.toMillis(), DB_CHECK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Triggers {@code i} at {@code at}, then plans its next run from {@code at}. */
  private void plan(ServiceInstance i, Instant at) {
    if (closed || at.equals(Instant.MAX)) {
      return;
    }
    long delay = Math.max(0, Duration.between(settings.clock().instant(), at).toMillis());
    try {
      ticker.schedule(
          () -> {
            trigger(i.name());
            Instant next = i.schedule().next(at);
            Instant now = settings.clock().instant();
            plan(i, next.isAfter(now) ? next : i.schedule().next(now));
          },
          delay,
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) { // rejected: shutting down
      // nothing more to plan
    }
  }

  /**
   * When an instance's first run is due: the schedule's next time after its newest recorded run's
   * start, or now when that is past or nothing is recorded (a restart resumes the schedule).
   */
  static Instant firstRun(Optional<RunRecord> last, Schedule schedule, Instant now) {
    if (last.isEmpty()) {
      return now;
    }
    Instant due = schedule.next(last.get().startedAt());
    return due.isAfter(now) ? due : now;
  }

  /**
   * Starts a run of {@code instance} on a worker now, unless one is running (then a {@code skipped}
   * run is recorded). Returns the new run's id (the skipped run's when skipped), or null for an
   * unknown instance or a closed service.
   */
  public String trigger(String instance) {
    ServiceInstance i = instances.get(instance);
    if (i == null || closed) {
      return null;
    }
    Job job =
        new Job(
            settings.runIds().get(),
            settings.clock().instant(),
            new AtomicReference<>(JobState.RUNNING));
    Job other = running.putIfAbsent(instance, job);
    if (other != null) {
      RunRecord skipped =
          RunRecord.without(
              job.runId(),
              instance,
              job.startedAt(),
              job.startedAt(),
              RunStatus.SKIPPED,
              null,
              "the previous run (" + other.runId() + ") was still running");
      record(skipped, null);
      return job.runId();
    }
    try {
      workers.submit(() -> execute(i, job));
    } catch (RuntimeException e) { // rejected: shutting down
      running.remove(instance, job);
      return null;
    }
    return job.runId();
  }

  /** Runs {@code instance} on the calling thread and returns what was recorded (tests, bench). */
  public RunRecord runNow(String instance) {
    ServiceInstance i = instances.get(instance);
    Job job =
        new Job(
            settings.runIds().get(),
            settings.clock().instant(),
            new AtomicReference<>(JobState.RUNNING));
    if (running.putIfAbsent(instance, job) != null) {
      throw new IllegalStateException(instance + " is running");
    }
    return execute(i, job);
  }

  private RunRecord execute(ServiceInstance i, Job job) {
    RunRecord rec;
    Report report = null;
    String json = null;
    List<FindingRow> findings = List.of();
    try {
      if (!recorder.check()) {
        throw new HistoryUnavailable(recorder.problem());
      }
      DemoFetch.Fetched fetched =
          i.source().fetch(settings.clock(), r -> metrics.fetchResponse(i.name()));
      Policy policy = settings.policy();
      Evaluation.Result result =
          Evaluation.run(
              new Evaluation.Request(
                  policy,
                  fetched.snapshots(),
                  false,
                  job.startedAt(),
                  settings.toolVersion(),
                  job.runId()));
      report = result.report();
      Path dir = i.evidenceDir().resolve(job.runId());
      List<String> notes = new ArrayList<>();
      EvidencePack.PreviousPack previous = previousPack(i, notes);
      Path tmp = OutputFiles.tempFolder(dir);
      EvidencePack.Written w;
      try {
        w =
            EvidencePack.write(
                tmp,
                report,
                RunInputs.of(fetched.snapshots(), fetched.responses(), policy),
                settings.signingKey(),
                previous);
      } catch (Exception | Error e) {
        OutputFiles.deleteTree(tmp);
        throw e;
      }
      OutputFiles.publishFolder(tmp, dir);
      json = new String(render(report), StandardCharsets.UTF_8);
      findings = findings(report);
      rec = completed(i, job, report, dir.toString(), w.manifestSha256(), notes);
    } catch (Exception | Error e) {
      rec = failed(i, job, e);
    }
    if (!job.state().compareAndSet(JobState.RUNNING, JobState.DONE)) {
      return rec; // abandoned by shutdown, which recorded it
    }
    if (report != null) {
      synchronized (reports) {
        reports.put(job.runId(), report);
      }
    }
    try {
      record(rec, json, findings, report);
    } finally {
      running.remove(i.name(), job); // after recording: idle means recorded
    }
    return rec;
  }

  private static byte[] render(Report report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Renderers.byName("json").render(report, out);
    return out.toByteArray();
  }

  /**
   * The pack this run's pack follows: the instance's newest completed run's, verified first as
   * {@code check --previous} does (signed by this service's key when it signs, else on its hashes:
   * the service wrote it). A pack that is gone starts a new chain; one that is not intact is not
   * followed, and the run says so ({@code notes}, in its error field) without failing.
   */
  private EvidencePack.PreviousPack previousPack(ServiceInstance i, List<String> notes)
      throws Keys.KeyException {
    RunRecord last = lastCompleted.get(i.name());
    if (last == null || last.evidencePath() == null) {
      return null;
    }
    Path dir = Path.of(last.evidencePath());
    if (!Files.isDirectory(dir)) {
      notes.add("evidence chain restarted: the previous run's pack (" + last.runId() + ") is gone");
      return null;
    }
    PublicKey pinned = settings.signingKey() == null ? null : Keys.publicOf(settings.signingKey());
    PackVerifier.PackResult r = PackVerifier.verify(dir, pinned);
    if (!r.ok()) {
      notes.add(
          "evidence chain broken: the previous run's pack ("
              + last.runId()
              + ") is not intact: "
              + String.join("; ", r.problems()));
      return null;
    }
    return new EvidencePack.PreviousPack(
        dir, r.manifestSha256(), r.manifest().run().runId(), r.manifest().run().startedAt());
  }

  private RunRecord completed(
      ServiceInstance i,
      Job job,
      Report report,
      String evidence,
      String manifest,
      List<String> notes) {
    Verdict v = report.verdict();
    RunStatus status =
        switch (v.outcome()) {
          case PASS -> RunStatus.PASSED;
          case FAIL -> RunStatus.FAILED;
          case INCOMPLETE -> RunStatus.INCOMPLETE;
        };
    Map<Severity, Integer> open = new EnumMap<>(Severity.class);
    for (Violation x : report.violations()) {
      if (x.disposition().isOpen()) {
        open.merge(x.severity(), 1, Integer::sum);
      }
    }
    List<RunRecord.InputHash> inputs = new ArrayList<>();
    for (InputRef r : report.run().inputs()) {
      inputs.add(new RunRecord.InputHash(r.name(), r.sha256()));
    }
    return new RunRecord(
        job.runId(),
        i.name(),
        job.startedAt(),
        settings.clock().instant(),
        status,
        v.exitCode(),
        v.outcome().name(),
        v.failOn(),
        open,
        report.violations().size(),
        inputs,
        evidence,
        manifest,
        error(status == RunStatus.INCOMPLETE ? report.run().incomplete() : List.of(), notes));
  }

  private static String error(List<String> incomplete, List<String> notes) {
    List<String> all = new ArrayList<>(incomplete);
    all.addAll(notes);
    return all.isEmpty() ? null : RunRecorder.oneLine(String.join("; ", all));
  }

  private RunRecord failed(ServiceInstance i, Job job, Throwable e) {
    RunStatus status = RunStatus.ERROR;
    ExitCode code;
    String message;
    if (e instanceof IncompleteDataException) {
      status = RunStatus.INCOMPLETE;
      code = ExitCode.INCOMPLETE_DATA;
      message = "incomplete data: " + e.getMessage();
    } else if (e instanceof InvalidInputException x) {
      code = ExitCode.INVALID_INPUT;
      message = String.join("; ", x.problems().stream().map(InputProblem::toString).toList());
    } else if (e instanceof RequestException) {
      code = ExitCode.USAGE;
      message = e.getMessage();
    } else if (e instanceof RuleRunException x) {
      code = x.exitCode();
      message = e.getMessage();
    } else if (e instanceof HistoryUnavailable) {
      code = ExitCode.INTERNAL_ERROR;
      message = e.getMessage();
    } else {
      code = ExitCode.INTERNAL_ERROR;
      message =
          "internal error: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return RunRecord.without(
        job.runId(),
        i.name(),
        job.startedAt(),
        settings.clock().instant(),
        status,
        code.code(),
        RunRecorder.oneLine(message));
  }

  private static List<FindingRow> findings(Report report) {
    List<FindingRow> out = new ArrayList<>();
    for (Violation v : report.violations()) {
      out.add(
          new FindingRow(
              v.fingerprint(),
              v.ruleId(),
              v.severity(),
              v.platform(),
              v.principalId(),
              v.principalName(),
              v.cell(),
              v.verb(),
              v.disposition().status().id(),
              v.disposition().reference()));
    }
    return out;
  }

  private void record(RunRecord rec, Report report) {
    record(rec, null, List.of(), report);
  }

  private void record(RunRecord rec, String json, List<FindingRow> findings, Report report) {
    recorder.record(rec, json, findings);
    metrics.run(rec);
    settings
        .log()
        .println(
            "psa-policy serve: "
                + rec.instance()
                + " run "
                + rec.runId()
                + ": "
                + rec.status().id()
                + (rec.exitCode() == null ? "" : " (exit " + rec.exitCode() + ")")
                + (rec.gateOutcome() == null
                    ? ""
                    : ", "
                        + rec.open().values().stream().mapToInt(Integer::intValue).sum()
                        + " open violation(s)")
                + (rec.error() == null ? "" : ": " + rec.error())
                + (recorder.problem() == null
                    ? ""
                    : " [not yet written: " + recorder.problem() + "]"));
    RunRecord previous = lastCompleted.get(rec.instance());
    if (rec.gateOutcome() != null) {
      lastCompleted.put(rec.instance(), rec);
    }
    for (RunListener l : listeners) {
      try {
        l.runFinished(previous, rec, report);
      } catch (RuntimeException e) {
        settings
            .log()
            .println(
                "psa-policy serve: a run listener failed: "
                    + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + RunRecorder.oneLine(e.getMessage())));
      }
    }
  }

  /** The report of a recent run, while it is in memory. */
  public Optional<Report> report(String runId) {
    synchronized (reports) {
      return Optional.ofNullable(reports.get(runId));
    }
  }

  /**
   * Stops the schedule, waits up to the grace period for running jobs, and records those still
   * running as {@code abandoned}; then writes what waits for the database, if it can.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ticker.shutdownNow();
    workers.shutdown();
    try {
      workers.awaitTermination(settings.grace().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Map.Entry<String, Job> e : running.entrySet()) {
      Job job = e.getValue();
      if (job.state().compareAndSet(JobState.RUNNING, JobState.ABANDONED)) {
        record(
            RunRecord.without(
                job.runId(),
                e.getKey(),
                job.startedAt(),
                settings.clock().instant(),
                RunStatus.ABANDONED,
                null,
                "stopped by shutdown after a grace period of "
                    + settings.grace().toSeconds()
                    + "s"),
            null);
      }
    }
    workers.shutdownNow();
    try {
      // an abandoned job is interrupted; let it unwind before the caller tears down
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    recorder.flush();
  }

  /** Waits for every job running now to end (tests). */
  public void awaitIdle(Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!running.isEmpty() && System.nanoTime() < end) {
      Thread.sleep(20);
    }
  }

  private static final class HistoryUnavailable extends Exception {
    HistoryUnavailable(String message) {
      super(message);
    }
  }
}
