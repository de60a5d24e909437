package dev.psapolicy.service;

import dev.psapolicy.report.Report;
import dev.psapolicy.service.history.RunRecord;

/**
 * Told about every run {@code serve} records (alerts subscribe here). Called on the run's thread
 * after the run is recorded (or queued while the database is away); a listener that throws is
 * reported on standard error and does not affect the run or other listeners.
 */
public interface RunListener {
  /**
   * A run finished.
   *
   * @param previous the instance's newest earlier run that evaluated the rules (passed, failed or
   *     incomplete), or null when there is none
   * @param current the run just recorded (any status: passed, failed, incomplete, error, skipped,
   *     abandoned)
   * @param report the run's report, or null when it evaluated nothing (error, skipped, abandoned)
   */
  void runFinished(RunRecord previous, RunRecord current, Report report);
}
