package dev.psapolicy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.evidence.EvidencePack;
import dev.psapolicy.evidence.Manifest;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.policy.Schedule;
import dev.psapolicy.report.Report;
import dev.psapolicy.run.DemoFetch;
import dev.psapolicy.run.InputFiles;
import dev.psapolicy.run.Policy;
import dev.psapolicy.run.PolicyRequest;
import dev.psapolicy.service.history.History;
import dev.psapolicy.service.history.RunRecord;
import dev.psapolicy.service.history.RunStatus;
import dev.psapolicy.vocabulary.Platform;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule's rules: no overlap, abandon on shutdown, listeners, resume, database outages. */
class ServiceTest {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static Policy policy;
  static Snapshot cw;
  private static final AtomicInteger DB = new AtomicInteger();

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeAll
  static void load() throws Exception {
    policy = Policy.load(PolicyRequest.defaults(Path.of("."), NOW));
    cw =
        InputFiles.demoSnapshots().stream()
            .filter(s -> s.platform() == Platform.CONNECTWISE)
            .findFirst()
            .orElseThrow();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  Service service(History history, Duration grace, InstanceSource source) {
    AtomicInteger ids = new AtomicInteger();
    Service s =
        new Service(
            new Service.Settings(
                policy,
                List.of(
                    new ServiceInstance(
                        "a",
                        Platform.CONNECTWISE,
                        new Schedule.Every(Duration.ofHours(1), "1h"),
                        dir.resolve("ev"),
                        source)),
                Clock.fixed(NOW, ZoneOffset.UTC),
                () -> "run-" + ids.incrementAndGet(),
                "test",
                null,
                grace,
                new PrintStream(log, true, StandardCharsets.UTF_8)),
            new RunRecorder(history),
            new Metrics());
    open.add(s);
    return s;
  }

  static History memory() throws Exception {
    return History.open(
        "jdbc:h2:mem:service" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1", null, null);
  }

  static InstanceSource fixed() {
    return (c, l) -> new DemoFetch.Fetched(List.of(cw), Map.of());
  }

  /** A source that waits until released, telling when it started. */
  static InstanceSource blocking(CountDownLatch started, CountDownLatch release) {
    return (c, l) -> {
      started.countDown();
      release.await(30, TimeUnit.SECONDS);
      return new DemoFetch.Fetched(List.of(cw), Map.of());
    };
  }

  @Test
  void aRunDueWhileThePreviousGoesIsRecordedAsSkipped() throws Exception {
    History h = memory();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Service s = service(h, Duration.ofSeconds(30), blocking(started, release));
    assertEquals("run-1", s.trigger("a"));
    assertTrue(started.await(30, TimeUnit.SECONDS));
    assertEquals("run-1", s.runningRun("a"));
    assertEquals("run-2", s.trigger("a"));
    release.countDown();
    s.awaitIdle(Duration.ofSeconds(30));
    RunRecord skipped = h.run("run-2").orElseThrow();
    assertEquals(RunStatus.SKIPPED, skipped.status());
    assertEquals("the previous run (run-1) was still running", skipped.error());
    assertEquals(RunStatus.FAILED, h.run("run-1").orElseThrow().status());
    assertNull(s.runningRun("a"));
  }

  @Test
  void shutdownGivesTheRunningJobItsGraceThenRecordsItAbandoned() throws Exception {
    History h = memory();
    CountDownLatch started = new CountDownLatch(1);
    Service s = service(h, Duration.ZERO, blocking(started, new CountDownLatch(1)));
    s.trigger("a");
    assertTrue(started.await(30, TimeUnit.SECONDS));
    s.close();
    RunRecord r = h.run("run-1").orElseThrow();
    assertEquals(RunStatus.ABANDONED, r.status());
    assertEquals("stopped by shutdown after a grace period of 0s", r.error());
    assertNull(s.trigger("a"), "no run after shutdown");
  }

  @Test
  void listenersGetThePreviousCompletedRunTheNewOneAndItsReport() throws Exception {
    Service s = service(memory(), Duration.ZERO, fixed());
    List<Object[]> calls = new ArrayList<>();
    s.addListener(
        (previous, current, report) -> calls.add(new Object[] {previous, current, report}));
    s.addListener(
        (p, c, r) -> {
          throw new IllegalStateException("boom");
        });
    RunRecord first = s.runNow("a");
    RunRecord second = s.runNow("a");
    assertEquals(2, calls.size());
    assertNull(calls.get(0)[0]);
    assertSame(first, calls.get(0)[1]);
    assertSame(first, calls.get(1)[0]);
    assertSame(second, calls.get(1)[1]);
    assertEquals("run-2", ((Report) calls.get(1)[2]).run().runId());
    assertTrue(
        log.toString(StandardCharsets.UTF_8)
            .contains("psa-policy serve: a run listener failed: IllegalStateException: boom"));
  }

  @Test
  void eachPackFollowsTheInstancesPreviousOneOnceItVerifies() throws Exception {
    Service s = service(memory(), Duration.ZERO, fixed());
    RunRecord first = s.runNow("a");
    RunRecord second = s.runNow("a");
    Manifest m =
        EvidencePack.readManifest(
            Files.readAllBytes(Path.of(second.evidencePath()).resolve(EvidencePack.MANIFEST)));
    assertEquals(first.manifestSha256(), m.previous().manifestSha256());
    assertEquals("run-1", m.previous().runId());
    assertNull(second.error());

    // a pack changed after the fact is not followed, and the next run says so
    Files.writeString(Path.of(second.evidencePath()).resolve(EvidencePack.RESULTS), "{}");
    RunRecord third = s.runNow("a");
    assertEquals(RunStatus.FAILED, third.status());
    assertTrue(
        third
            .error()
            .startsWith(
                "evidence chain broken: the previous run's pack (run-2) is not" + " intact: "),
        third.error());
    Manifest m3 =
        EvidencePack.readManifest(
            Files.readAllBytes(Path.of(third.evidencePath()).resolve(EvidencePack.MANIFEST)));
    assertNull(m3.previous());
  }

  @Test
  void aRestartResumesTheScheduleFromTheNewestRecordedRun() {
    Schedule hourly = Schedule.parse("1h");
    assertEquals(NOW, Service.firstRun(Optional.empty(), hourly, NOW));
    RunRecord tenMinutesAgo =
        RunRecord.without("r", "a", NOW.minusSeconds(600), NOW, RunStatus.PASSED, 0, null);
    assertEquals(NOW.plusSeconds(3000), Service.firstRun(Optional.of(tenMinutesAgo), hourly, NOW));
    RunRecord twoHoursAgo =
        RunRecord.without("r", "a", NOW.minusSeconds(7200), NOW, RunStatus.PASSED, 0, null);
    assertEquals(NOW, Service.firstRun(Optional.of(twoHoursAgo), hourly, NOW));
    // at minute 30 of every hour: the last run at 09:30, so 10:30 is next (NOW is 10:00)
    RunRecord at0930 =
        RunRecord.without("r", "a", NOW.minusSeconds(1800), NOW, RunStatus.PASSED, 0, null);
    assertEquals(
        NOW.plusSeconds(1800),
        Service.firstRun(Optional.of(at0930), Schedule.parse("30 * * * *"), NOW));
  }

  @Test
  void aDatabaseOutageFailsRunsVisiblyAndLosesNoFinishedRun() throws Exception {
    Server tcp =
        Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString());
    tcp.start();
    int port = tcp.getPort();
    History h = History.open("jdbc:h2:tcp://127.0.0.1:" + port + "/history", null, null);
    Service s = service(h, Duration.ZERO, fixed());
    assertEquals(RunStatus.FAILED, s.runNow("a").status());
    assertNull(s.recorder().problem());

    tcp.stop();
    RunRecord down = s.runNow("a");
    assertEquals(RunStatus.ERROR, down.status());
    assertEquals(5, down.exitCode());
    assertTrue(down.error().startsWith("history database unavailable: "), down.error());
    assertNotNull(s.recorder().problem());
    assertTrue(s.recorder().problem().startsWith("history database unavailable: "));
    assertEquals(List.of(down), s.recorder().pendingRuns());

    tcp =
        Server.createTcpServer(
            "-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir", dir.toString());
    tcp.start();
    try {
      assertTrue(s.recorder().check());
      assertNull(s.recorder().problem());
      assertEquals(List.of(), s.recorder().pendingRuns());
      assertEquals(
          List.of("run-2", "run-1"), h.runs("a", 10).stream().map(RunRecord::runId).toList());
    } finally {
      tcp.stop();
    }
  }
}
