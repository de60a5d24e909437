package dev.psapolicy.service;

import dev.psapolicy.report.Severity;
import dev.psapolicy.service.history.RunRecord;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * What {@code GET /metrics} shows, in the Prometheus text format: runs by instance and status, open
 * violations by instance and severity (of the newest run that evaluated the rules), fetch requests,
 * decisions, alert deliveries and HTTP request latency. A registry of its own (never the global
 * one).
 */
public final class Metrics {
  /** The content type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter runs =
      Counter.builder()
          .name("psa_policy_runs_total")
          .help("scheduled runs recorded, by instance and status")
          .labelNames("instance", "status")
          .register(registry);
  private final Gauge open =
      Gauge.builder()
          .name("psa_policy_open_violations")
          .help("open violations of the newest run that evaluated the rules")
          .labelNames("instance", "severity")
          .register(registry);
  private final Counter fetchRequests =
      Counter.builder()
          .name("psa_policy_fetch_requests_total")
          .help("HTTP responses received from PSAs, by instance")
          .labelNames("instance")
          .register(registry);
  private final Counter checks =
      Counter.builder()
          .name("psa_policy_checks_total")
          .help("POST /v1/check decisions, by gate outcome (or error)")
          .labelNames("outcome")
          .register(registry);
  private final Counter alerts =
      Counter.builder()
          .name("psa_policy_alerts_total")
          .help(
              "alert deliveries, by outcome: sent, failed (after every attempt), error (not computed)")
          .labelNames("outcome")
          .register(registry);
  private final Histogram latency =
      Histogram.builder()
          .name("psa_policy_http_request_duration_seconds")
          .help("HTTP request latency, by route and status")
          .labelNames("route", "status")
          .classicOnly()
          .classicUpperBounds(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
          .register(registry);

  /** Counts a recorded run and, when it evaluated the rules, sets the open counts. */
  public void run(RunRecord r) {
    runs.labelValues(r.instance(), r.status().id()).inc();
    if (r.gateOutcome() != null) {
      for (Severity s : Severity.values()) {
        open.labelValues(r.instance(), s.id()).set(r.open().get(s));
      }
    }
  }

  /** Counts one PSA response. */
  public void fetchResponse(String instance) {
    fetchRequests.labelValues(instance).inc();
  }

  /** Counts one decision. */
  public void check(String outcome) {
    checks.labelValues(outcome).inc();
  }

  /** Counts alert deliveries: {@code sent}, {@code failed} or {@code error}. */
  public void alerts(String outcome, int n) {
    alerts.labelValues(outcome).inc(n);
  }

  /** Records one HTTP request. */
  public void request(String route, int status, long nanos) {
    latency.labelValues(route, Integer.toString(status)).observe(nanos / 1e9);
  }

  /** The metrics in the Prometheus text format. */
  public byte[] scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toByteArray();
  }
}
