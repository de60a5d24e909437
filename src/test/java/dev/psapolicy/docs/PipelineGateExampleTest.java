package dev.psapolicy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.psapolicy.testing.Cli;
import dev.psapolicy.testing.PipelineGateExample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The walk-through of docs/pipeline-gate.md, read from the doc and replayed step by step on a copy
 * of examples/pipeline-gate: every command it shows prints exactly the output it shows, on the day
 * the docs were written, on the day after the old example waiver's fixed expiry (2027-01-15), and
 * years later.
 */
class PipelineGateExampleTest {
  static final Path DOC = Path.of("docs/pipeline-gate.md");
  static final String PSA = "java -jar $psa";
  static final String SED =
      "sed -e \"s/@CREATED@/$(date -u +%F)/\" -e \"s/@EXPIRES@/$(date -u -d '+"
          + PipelineGateExample.WAIVER_DAYS
          + " days' +%F)/\" waivers.yaml.in > waivers.yaml";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-26", "2027-01-16", "2031-07-01"})
  void theWalkThroughPrintsWhatTheDocShows(String day) throws Exception {
    LocalDate today = LocalDate.parse(day);
    PipelineGateExample.copyShipped(dir);
    Cli cli =
        new Cli(dir)
            .clock(
                Clock.fixed(
                    today.atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    List<Integer> exits = new ArrayList<>();
    for (Walkthrough.Step step : Walkthrough.steps(DOC, "## Walk-through")) {
      String where = DOC + ":" + step.line() + ": " + step.command();
      switch (step.command()) {
        case "cd examples/pipeline-gate", "psa=../../target/psa-policy.jar" ->
            assertEquals("", step.output(), where);
        case SED -> {
          assertEquals("", step.output(), where);
          PipelineGateExample.writeWaivers(dir, today);
        }
        default -> {
          Walkthrough.Shown shown = Walkthrough.run(cli, PSA, step.command());
          assertEquals(step.output(), shown.text(), where + " (on " + day + ")");
          exits.add(shown.exit());
        }
      }
    }
    assertEquals(List.of(1, 0, 0, 1, 0, 1, 3), exits, "exit codes of the walk-through's commands");
  }
}
