package dev.psapolicy.service.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.alert.AlertLedger;
import dev.psapolicy.report.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the history must do on every database it supports: the same migrations and queries, run by
 * {@link HistoryTest} on H2 and by {@link HistoryPostgresIT} on a real PostgreSQL server.
 */
abstract class HistoryContract {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** A fresh, empty database. */
  abstract String url();

  String user() {
    return null;
  }

  String password() {
    return null;
  }

  History history;

  @BeforeEach
  void open() throws Exception {
    history = History.open(url(), user(), password());
  }

  static RunRecord run(String id, String instance, int minute, RunStatus status, int high) {
    return new RunRecord(
        id,
        instance,
        T0.plusSeconds(60L * minute),
        T0.plusSeconds(60L * minute + 5),
        status,
        status == RunStatus.PASSED ? 0 : 1,
        status == RunStatus.PASSED ? "PASS" : "FAIL",
        Severity.HIGH,
        Map.of(Severity.HIGH, high, Severity.LOW, 1),
        high + 2,
        List.of(new RunRecord.InputHash("demo:acme", "ab".repeat(32))),
        "/state/evidence/" + instance + "/" + id,
        "cd".repeat(32),
        null);
  }

  static FindingRow finding(String fp, Severity s, String disposition) {
    return new FindingRow(
        fp,
        "CW-" + fp,
        s,
        "connectwise",
        "187",
        "Rewst",
        "Service Desk / Service Tickets",
        "add",
        disposition,
        disposition.equals("waived") ? "W-1" : null);
  }

  void seed() throws Exception {
    history.insert(
        run("r1", "acme-cw", 0, RunStatus.FAILED, 1),
        "{\"run\":1}",
        List.of(finding("fp1", Severity.HIGH, "open"), finding("fp2", Severity.LOW, "open")));
    history.insert(
        run("r2", "acme-cw", 15, RunStatus.FAILED, 2),
        "{\"run\":2}",
        List.of(
            finding("fp2", Severity.LOW, "open"),
            finding("fp3", Severity.HIGH, "open"),
            finding("fp4", Severity.HIGH, "waived")));
    history.insert(
        RunRecord.without(
            "r3",
            "acme-cw",
            T0.plusSeconds(1800),
            T0.plusSeconds(1801),
            RunStatus.ERROR,
            4,
            "incomplete data: connection refused"),
        null,
        List.of());
    history.insert(run("r4", "acme-at", 5, RunStatus.PASSED, 0), "{\"run\":4}", List.of());
  }

  @Test
  void aRunReadsBackAsWritten() throws Exception {
    seed();
    assertEquals(run("r2", "acme-cw", 15, RunStatus.FAILED, 2), history.run("r2").orElseThrow());
    assertEquals("{\"run\":2}", history.reportJson("r2").orElseThrow());
    assertEquals(RunStatus.ERROR, history.run("r3").orElseThrow().status());
    assertEquals("incomplete data: connection refused", history.run("r3").orElseThrow().error());
    assertTrue(history.run("nope").isEmpty());
    assertEquals(
        List.of("fp2", "fp3", "fp4"),
        history.findings("r2").stream().map(FindingRow::fingerprint).toList());
    assertEquals("W-1", history.findings("r2").get(2).dispositionRef());
  }

  @Test
  void runsAreNewestFirstAndTheLatestCompletedSkipsRunsWithoutAGate() throws Exception {
    seed();
    assertEquals(
        List.of("r3", "r2", "r4", "r1"),
        history.runs(null, 10).stream().map(RunRecord::runId).toList());
    assertEquals(
        List.of("r3", "r2"), history.runs("acme-cw", 2).stream().map(RunRecord::runId).toList());
    assertEquals("r3", history.latest("acme-cw").orElseThrow().runId());
    assertEquals("r2", history.latestCompleted("acme-cw").orElseThrow().runId());
    assertTrue(history.latest("other").isEmpty());
  }

  @Test
  void theDashboardQueries() throws Exception {
    seed();
    List<History.InstanceLatest> latest = history.instancesWithLatestRun();
    assertEquals(
        List.of("acme-at", "acme-cw"),
        latest.stream().map(History.InstanceLatest::instance).toList());
    assertEquals("r4", latest.get(0).latest().runId());
    assertEquals(RunStatus.ERROR, latest.get(1).latest().status());

    List<History.TrendPoint> trend = history.openViolationTrend("acme-cw", 10);
    assertEquals(List.of("r1", "r2"), trend.stream().map(History.TrendPoint::runId).toList());
    assertEquals(1, trend.get(0).open().get(Severity.HIGH));
    assertEquals(2, trend.get(1).open().get(Severity.HIGH));
    assertEquals(0, trend.get(1).open().get(Severity.CRITICAL));
    assertEquals(
        List.of("r2"),
        history.openViolationTrend("acme-cw", 1).stream().map(History.TrendPoint::runId).toList());

    // the open findings of acme-cw's newest completed run (r2), newest first seen first; the
    // waived one is not listed
    assertEquals(
        List.of(
            new History.NewestFinding(
                "acme-cw",
                "CW-fp3",
                Severity.HIGH,
                "Rewst (187)",
                "Service Desk / Service Tickets add",
                "fp3",
                "r2",
                T0.plusSeconds(900)),
            new History.NewestFinding(
                "acme-cw",
                "CW-fp2",
                Severity.LOW,
                "Rewst (187)",
                "Service Desk / Service Tickets add",
                "fp2",
                "r1",
                T0)),
        history.newestFindings(10));
    assertEquals(1, history.newestFindings(1).size());
  }

  @Test
  void valuesLongerThanTheirColumnsAreCutNotRefused() throws Exception {
    String longName = "N".repeat(1000);
    history.insert(
        RunRecord.without("long", "acme-cw", T0, T0, RunStatus.ERROR, 5, "e".repeat(5000)),
        null,
        List.of(
            new FindingRow(
                "fp9", "R", Severity.LOW, "connectwise", "1", longName, "c", "add", "open", null)));
    assertEquals(2000, history.run("long").orElseThrow().error().length());
    assertEquals(400, history.findings("long").get(0).principalName().length());
  }

  @Test
  void openingAgainMigratesNothingAndKeepsTheRuns() throws Exception {
    seed();
    History again = History.open(url(), user(), password());
    assertEquals(4, again.runs(null, 10).size());
  }

  @Test
  void alertLedgerKeepsEachDeliveryOnceAndForgetsClosedOnes() throws Exception {
    AlertLedger ledger = new HistoryAlertLedger(history);
    AlertLedger.Entry a =
        new AlertLedger.Entry("acme-cw", "oncall", "violation:" + "ab".repeat(32));
    AlertLedger.Entry b =
        new AlertLedger.Entry("acme-cw", "siem", "widened:connectwise:acme:7:Service Desk / x:All");
    AlertLedger.Entry other = new AlertLedger.Entry("acme-at", "oncall", "fail-closed");
    assertFalse(ledger.sent(a));
    ledger.markSent(a, T0);
    ledger.markSent(a, T0.plusSeconds(60)); // a second mark is no second row
    ledger.markSent(b, T0);
    ledger.markSent(other, T0);
    assertTrue(ledger.sent(a));
    assertEquals(Set.of(a, b), ledger.entries("acme-cw"));
    ledger.forget(List.of(a));
    assertFalse(ledger.sent(a));
    assertEquals(Set.of(b), ledger.entries("acme-cw"));
    // a restart reads what was delivered
    AlertLedger again = new HistoryAlertLedger(History.open(url(), user(), password()));
    assertEquals(Set.of(b), again.entries("acme-cw"));
    assertEquals(Set.of(other), again.entries("acme-at"));
  }
}
