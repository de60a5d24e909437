package dev.psapolicy.ruletest;

import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule pack's blind spots: for each baseline, every cell and verb of the catalog (a cell the
 * baseline does not list is allowed None) is widened by one lattice step in turn; a widening no
 * rule reports is a blind spot.
 *
 * @param baselines per baseline, how many widenings and how many were missed
 * @param blindSpots the widenings no rule reports
 * @param conflicts violations above info reported for an API user holding exactly what a baseline
 *     allows
 */
public record Mutation(
    List<BaselineSummary> baselines, List<Probes.Probe> blindSpots, List<Conflict> conflicts) {

  public Mutation {
    baselines = List.copyOf(baselines);
    blindSpots = List.copyOf(blindSpots);
    conflicts = List.copyOf(conflicts);
  }

  /**
   * One baseline's count.
   *
   * @param baselineId the baseline
   * @param widenings one-step widenings tried
   * @param blindSpots of which no rule reported
   */
  public record BaselineSummary(String baselineId, int widenings, int blindSpots) {}

  /**
   * A rule that flags what a baseline allows.
   *
   * @param baselineId the baseline
   * @param violation what was reported
   */
  public record Conflict(String baselineId, Violation violation) {}

  /** True when every widening was reported. */
  public boolean passed() {
    return blindSpots.isEmpty();
  }

  /** Total one-step widenings tried. */
  public int widenings() {
    return baselines.stream().mapToInt(BaselineSummary::widenings).sum();
  }

  /**
   * Builds the result from probe runs: one-step outcomes of the real baselines only (the strict
   * baselines of {@link Probes#strict} belong to coverage).
   */
  public static Mutation of(List<Probes.BaselineRun> runs) {
    List<BaselineSummary> summaries = new ArrayList<>();
    List<Probes.Probe> blind = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    for (Probes.BaselineRun run : runs) {
      if (Probes.isStrict(run.baseline())) {
        continue;
      }
      int n = 0;
      int missed = 0;
      for (Probes.Outcome o : run.outcomes()) {
        if (!o.probe().oneStep()) {
          continue;
        }
        n++;
        if (o.flaggedBy().isEmpty()) {
          missed++;
          blind.add(o.probe());
        }
      }
      summaries.add(new BaselineSummary(run.baseline().id(), n, missed));
      for (Violation v : run.compliantFindings()) {
        // An info finding (a partial baseline, say) informs; it does not contradict the baseline.
        if (v.severity() != Severity.INFO) {
          conflicts.add(new Conflict(run.baseline().id(), v));
        }
      }
    }
    return new Mutation(summaries, blind, conflicts);
  }
}
