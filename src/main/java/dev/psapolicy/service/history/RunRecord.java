package dev.psapolicy.service.history;

import dev.psapolicy.report.Severity;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One run of one instance as the history keeps it. Never holds a secret: errors are the one-line
 * messages psa-policy prints, which name files and variables, never values.
 *
 * @param runId the run's UUID (the report's run id; the API's run id)
 * @param instance the instance's name
 * @param startedAt when it started
 * @param finishedAt when it finished (null while running)
 * @param status how it ended
 * @param exitCode the exit code {@code check} would have returned, or null (skipped)
 * @param gateOutcome the gate's outcome (PASS, FAIL, INCOMPLETE), or null when no gate ran
 * @param failOn the gate threshold, or null
 * @param open open (not waived, not accepted) violations by severity, every severity present
 * @param violationsTotal every violation, open or not
 * @param inputs the run's inputs with their SHA-256
 * @param evidencePath the evidence pack's folder, or null
 * @param manifestSha256 the pack's manifest hash, or null
 * @param error what went wrong (status error, skipped, abandoned), or null
 */
public record RunRecord(
    String runId,
    String instance,
    Instant startedAt,
    Instant finishedAt,
    RunStatus status,
    Integer exitCode,
    String gateOutcome,
    Severity failOn,
    Map<Severity, Integer> open,
    int violationsTotal,
    List<InputHash> inputs,
    String evidencePath,
    String manifestSha256,
    String error) {

  public RunRecord {
    Map<Severity, Integer> m = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      m.put(s, open == null ? 0 : open.getOrDefault(s, 0));
    }
    open = Map.copyOf(m);
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }

  /** A run that evaluated nothing (skipped, error, abandoned). */
  public static RunRecord without(
      String runId,
      String instance,
      Instant startedAt,
      Instant finishedAt,
      RunStatus status,
      Integer exitCode,
      String error) {
    return new RunRecord(
        runId,
        instance,
        startedAt,
        finishedAt,
        status,
        exitCode,
        null,
        null,
        Map.of(),
        0,
        List.of(),
        null,
        null,
        error);
  }

  /**
   * One input of a run.
   *
   * @param name its name in the report's run metadata
   * @param sha256 its SHA-256
   */
  public record InputHash(String name, String sha256) {}
}
