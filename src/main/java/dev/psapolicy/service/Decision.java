package dev.psapolicy.service;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.render.Renderer;
import dev.psapolicy.report.Report;
import dev.psapolicy.run.Evaluation;
import dev.psapolicy.run.Policy;
import dev.psapolicy.source.snapshot.SnapshotReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /v1/check}: one snapshot judged by the one loaded {@link Policy} (one shared rule
 * base, a new session per call), rendered as {@code check --format NAME} prints it. The same
 * snapshot, policy, instant and run id give the same bytes as the CLI.
 */
public final class Decision {
  private final Policy policy;
  private final Clock clock;
  private final Supplier<String> runIds;
  private final String toolVersion;

  /** A decision maker over {@code policy}. */
  public Decision(Policy policy, Clock clock, Supplier<String> runIds, String toolVersion) {
    this.policy = policy;
    this.clock = clock;
    this.runIds = runIds;
    this.toolVersion = toolVersion;
  }

  /**
   * A decision and its rendering.
   *
   * @param report the report
   * @param body the rendered report
   */
  public record Result(Report report, byte[] body) {}

  /**
   * Judges one snapshot.
   *
   * @param body the snapshot (JSON or YAML)
   * @param name the snapshot's name in messages and in the report's inputs
   * @param renderer the output format
   * @param allowUnknown report unknown permissions as findings instead of incomplete data
   * @throws InvalidInputException when the snapshot is invalid (problems name {@code name})
   */
  public Result check(byte[] body, String name, Renderer renderer, boolean allowUnknown)
      throws InvalidInputException, IOException {
    Snapshot s = SnapshotReader.parse(InputFile.file(InputKind.SNAPSHOT, name, body));
    Report report =
        Evaluation.run(
                new Evaluation.Request(
                    policy, List.of(s), allowUnknown, clock.instant(), toolVersion, runIds.get()))
            .report();
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    renderer.render(report, out);
    return new Result(report, out.toByteArray());
  }
}
