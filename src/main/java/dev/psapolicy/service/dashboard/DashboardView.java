package dev.psapolicy.service.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the dashboard shows, as plain records: the service fills them from its history and
 * {@link DashboardPage} renders them. Lists are shown in the order given.
 *
 * @param generatedAt when the view was made
 * @param instances one row per configured instance
 * @param trends per instance, the open violations of its recent runs
 * @param newestFindings the most recently opened findings, newest first
 */
public record DashboardView(
    Instant generatedAt,
    List<InstanceRow> instances,
    List<Trend> trends,
    List<FindingRow> newestFindings) {

  public DashboardView {
    Objects.requireNonNull(generatedAt, "generatedAt");
    instances = List.copyOf(instances);
    trends = List.copyOf(trends);
    newestFindings = List.copyOf(newestFindings);
  }

  /** A severity, as the dashboard names and colours it. */
  public enum Severity {
    CRITICAL("critical"),
    HIGH("high"),
    MEDIUM("medium"),
    LOW("low"),
    INFO("info");

    private final String id;

    Severity(String id) {
      this.id = id;
    }

    /** The external name. */
    public String id() {
      return id;
    }
  }

  /** The outcome of an instance's latest run. */
  public enum Status {
    /** The gate passed. */
    PASSED("passed"),
    /** Open violations at or above the threshold. */
    FAILED("failed"),
    /** The data was incomplete: the run proves nothing. */
    INCOMPLETE("incomplete"),
    /** The run could not finish (fetch or internal error). */
    ERROR("error"),
    /** The run was skipped (another run of the instance was still going). */
    SKIPPED("skipped"),
    /** The run was stopped by a shutdown before it finished. */
    ABANDONED("abandoned");

    private final String id;

    Status(String id) {
      this.id = id;
    }

    /** The external name. */
    public String id() {
      return id;
    }
  }

  /**
   * Open violations by severity.
   *
   * @param critical critical
   * @param high high
   * @param medium medium
   * @param low low
   * @param info info
   */
  public record Counts(int critical, int high, int medium, int low, int info) {
    /** No violation. */
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

    public Counts {
      if (critical < 0 || high < 0 || medium < 0 || low < 0 || info < 0) {
        throw new IllegalArgumentException("negative count");
      }
    }

    /** The count of one severity. */
    public int of(Severity s) {
      return switch (s) {
        case CRITICAL -> critical;
        case HIGH -> high;
        case MEDIUM -> medium;
        case LOW -> low;
        case INFO -> info;
      };
    }

    /** All of them. */
    public int total() {
      return critical + high + medium + low + info;
    }
  }

  /**
   * One instance and its latest run.
   *
   * @param name the instance's name
   * @param platform connectwise or autotask
   * @param latestRunId the latest run's id, or null when it has not run yet
   * @param latestRunAt when the latest run started, or null
   * @param status the latest run's outcome, or null
   * @param open the latest run's open violations
   */
  public record InstanceRow(
      String name,
      String platform,
      String latestRunId,
      Instant latestRunAt,
      Status status,
      Counts open) {
    public InstanceRow {
      Objects.requireNonNull(name, "name");
      open = open == null ? Counts.ZERO : open;
    }
  }

  /**
   * One run on the trend.
   *
   * @param runId the run
   * @param at when it started
   * @param open its open violations
   */
  public record TrendPoint(String runId, Instant at, Counts open) {
    public TrendPoint {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(open, "open");
    }
  }

  /**
   * The trend of one instance.
   *
   * @param instance the instance's name
   * @param points its runs, oldest first
   */
  public record Trend(String instance, List<TrendPoint> points) {
    public Trend {
      Objects.requireNonNull(instance, "instance");
      points = List.copyOf(points);
    }
  }

  /**
   * A finding that opened recently.
   *
   * @param ruleId the rule
   * @param severity its severity
   * @param principal the API user, as people read it ("name (id)")
   * @param cell "module / function verb", or null for a finding about the user
   * @param instance the instance
   * @param firstSeenRunId the run that first found it
   * @param firstSeenAt when that run started
   */
  public record FindingRow(
      String ruleId,
      Severity severity,
      String principal,
      String cell,
      String instance,
      String firstSeenRunId,
      Instant firstSeenAt) {
    public FindingRow {
      Objects.requireNonNull(ruleId, "ruleId");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(firstSeenRunId, "firstSeenRunId");
      Objects.requireNonNull(firstSeenAt, "firstSeenAt");
    }
  }
}
