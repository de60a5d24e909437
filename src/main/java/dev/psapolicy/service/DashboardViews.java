package dev.psapolicy.service;

import dev.psapolicy.report.Severity;
import dev.psapolicy.service.dashboard.DashboardView;
import dev.psapolicy.service.dashboard.DashboardView.Counts;
import dev.psapolicy.service.dashboard.DashboardView.FindingRow;
import dev.psapolicy.service.dashboard.DashboardView.InstanceRow;
import dev.psapolicy.service.dashboard.DashboardView.Status;
import dev.psapolicy.service.dashboard.DashboardView.Trend;
import dev.psapolicy.service.dashboard.DashboardView.TrendPoint;
import dev.psapolicy.service.history.History;
import dev.psapolicy.service.history.History.InstanceLatest;
import dev.psapolicy.service.history.History.NewestFinding;
import dev.psapolicy.service.history.RunRecord;
import dev.psapolicy.service.history.RunStatus;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the dashboard's view from the run history: the configured instances (those without a run
 * yet too, then any the history still holds), each one's trend, and the newest open findings.
 */
public final class DashboardViews {
  /** Runs per instance the trend plots. */
  public static final int TREND_RUNS = 50;

  /** Findings the page lists. */
  public static final int NEWEST_FINDINGS = 25;

  private DashboardViews() {}

  /**
   * The view at {@code now}.
   *
   * @param instances the configured instances, in configured order
   * @param history the run history
   * @param now when the page is made
   */
  public static DashboardView of(List<ServiceInstance> instances, History history, Instant now)
      throws SQLException {
    Map<String, InstanceRow> rows = new LinkedHashMap<>();
    for (ServiceInstance i : instances) {
      rows.put(
          i.name(),
          new InstanceRow(
              i.name(), i.platform() == null ? null : i.platform().id(), null, null, null, null));
    }
    for (InstanceLatest il : history.instancesWithLatestRun()) {
      RunRecord r = il.latest();
      String platform = rows.containsKey(il.instance()) ? rows.get(il.instance()).platform() : null;
      rows.put(
          il.instance(),
          new InstanceRow(
              il.instance(),
              platform,
              r.runId(),
              r.startedAt(),
              status(r.status()),
              r.gateOutcome() == null ? null : counts(r.open())));
    }
    List<Trend> trends = new ArrayList<>();
    for (String name : rows.keySet()) {
      List<TrendPoint> points = new ArrayList<>();
      for (History.TrendPoint p : history.openViolationTrend(name, TREND_RUNS)) {
        points.add(new TrendPoint(p.runId(), p.startedAt(), counts(p.open())));
      }
      trends.add(new Trend(name, points));
    }
    List<FindingRow> findings = new ArrayList<>();
    for (NewestFinding f : history.newestFindings(NEWEST_FINDINGS)) {
      findings.add(
          new FindingRow(
              f.ruleId(),
              severity(f.severity()),
              f.principal(),
              f.cell(),
              f.instance(),
              f.firstSeenRunId(),
              f.firstSeenAt()));
    }
    return new DashboardView(now, List.copyOf(rows.values()), trends, findings);
  }

  static Status status(RunStatus s) {
    return switch (s) {
      case PASSED -> Status.PASSED;
      case FAILED -> Status.FAILED;
      case INCOMPLETE -> Status.INCOMPLETE;
      case ERROR -> Status.ERROR;
      case SKIPPED -> Status.SKIPPED;
      case ABANDONED -> Status.ABANDONED;
    };
  }

  static DashboardView.Severity severity(Severity s) {
    return switch (s) {
      case CRITICAL -> DashboardView.Severity.CRITICAL;
      case HIGH -> DashboardView.Severity.HIGH;
      case MEDIUM -> DashboardView.Severity.MEDIUM;
      case LOW -> DashboardView.Severity.LOW;
      case INFO -> DashboardView.Severity.INFO;
    };
  }

  static Counts counts(Map<Severity, Integer> open) {
    return new Counts(
        open.getOrDefault(Severity.CRITICAL, 0),
        open.getOrDefault(Severity.HIGH, 0),
        open.getOrDefault(Severity.MEDIUM, 0),
        open.getOrDefault(Severity.LOW, 0),
        open.getOrDefault(Severity.INFO, 0));
  }
}
