package dev.psapolicy.service.dashboard;

import dev.psapolicy.service.dashboard.DashboardView.Counts;
import dev.psapolicy.service.dashboard.DashboardView.FindingRow;
import dev.psapolicy.service.dashboard.DashboardView.InstanceRow;
import dev.psapolicy.service.dashboard.DashboardView.Severity;
import dev.psapolicy.service.dashboard.DashboardView.Status;
import dev.psapolicy.service.dashboard.DashboardView.Trend;
import dev.psapolicy.service.dashboard.DashboardView.TrendPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Dashboard views for the tests: a busy one with hostile names, and an empty one. */
final class DashboardFixtures {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> \"q\" 'a'";

  private DashboardFixtures() {}

  /** Two instances with six runs each, one that has not run, and findings. */
  static DashboardView busy() {
    List<TrendPoint> cw = new ArrayList<>();
    List<TrendPoint> at = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Instant t = NOW.minusSeconds(3600L * 6 * (5 - i));
      cw.add(new TrendPoint("cw-run-" + i, t, new Counts(i % 2, 2 + i, 3, 1, i == 5 ? 0 : 4)));
      at.add(new TrendPoint("at-run-" + i, t.plusSeconds(60), new Counts(0, 1, 5 - i, 0, 2)));
    }
    return new DashboardView(
        NOW,
        List.of(
            new InstanceRow(
                "acme-cw",
                "connectwise",
                "cw-run-5",
                cw.get(5).at(),
                Status.FAILED,
                cw.get(5).open()),
            new InstanceRow(
                "acme-at " + HOSTILE,
                "autotask",
                "at-run-5 " + HOSTILE,
                at.get(5).at(),
                Status.INCOMPLETE,
                at.get(5).open()),
            new InstanceRow("new-instance", "connectwise", null, null, null, null)),
        List.of(
            new Trend("acme-cw", cw),
            new Trend("acme-at " + HOSTILE, at),
            new Trend("new-instance", List.of())),
        List.of(
            new FindingRow(
                "CW-TICKET-ADD-ONLY",
                Severity.HIGH,
                HOSTILE + " (187)",
                "Service Desk / Service Tickets edit",
                "acme-cw",
                "cw-run-5",
                cw.get(5).at()),
            new FindingRow(
                "PSA-ADMIN-API-USER",
                Severity.CRITICAL,
                "Legacy Sync (190)",
                null,
                "acme-cw",
                "cw-run-3",
                cw.get(3).at())));
  }

  /** No instance, no run. */
  static DashboardView empty() {
    return new DashboardView(NOW, List.of(), List.of(), List.of());
  }
}
