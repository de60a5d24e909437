package dev.psapolicy.report;

import dev.psapolicy.input.InputRef;
import java.time.Instant;
import java.util.List;

/**
 * Run metadata carried by every output.
 *
 * @param runId random UUID of the run
 * @param startedAt UTC start time
 * @param toolVersion psa-policy version
 * @param inputs every file the run read (snapshots, baselines, rules) with its SHA-256
 * @param grantsEvaluated number of grant facts evaluated
 * @param complete whether every input was complete
 * @param incomplete why the data was incomplete (empty when complete)
 */
public record RunInfo(
    String runId,
    Instant startedAt,
    String toolVersion,
    List<InputRef> inputs,
    long grantsEvaluated,
    boolean complete,
    List<String> incomplete) {
  public RunInfo {
    inputs = List.copyOf(inputs);
    incomplete = List.copyOf(incomplete);
  }
}
