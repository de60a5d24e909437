package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk-through of README "Adopting psa-policy as a pipeline gate", step by step on a copy of
 * examples/pipeline-gate, on the day the README outputs were taken (fixed clock).
 */
class PipelineGateExampleTest {
  @TempDir Path dir;

  private void copyExample() throws IOException {
    Path src = Path.of("examples/pipeline-gate");
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.toList()) {
        if (!f.getFileName().toString().equals("accepted.yaml")) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
    }
  }

  private static String tail(String out, int lines) {
    String[] all = out.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(all, all.length - lines, all.length))
        + "\n";
  }

  @Test
  void theReadmeWalkThrough() throws Exception {
    copyExample();
    Cli cli = new Cli(dir);

    Cli.Result before = cli.run("check", "--demo", "--no-config");
    assertEquals(1, before.exit());
    assertEquals(
        "summary: 18 violation(s): 3 critical, 7 high, 5 medium, 3 low, 0 info; 18 open,"
            + " 0 waived, 0 accepted\ngate: FAIL (fail-on high: 10 at or above) exit 1\n",
        tail(before.out(), 2));

    Cli.Result accept = cli.run("accept", "--demo", "--by", "jane.doe@acme.example");
    assertEquals(0, accept.exit(), accept.err());
    assertEquals(
        "psa-policy accept: wrote accepted.yaml: 16 accepted finding(s); 1 waived"
            + " violation(s) left to their waivers\n",
        accept.out());

    Cli.Result adopted = cli.run("check", "--demo");
    assertEquals(0, adopted.exit(), adopted.err());
    assertEquals(
        "summary: 17 violation(s): 3 critical, 7 high, 4 medium, 1 low, 2 info; 0 open,"
            + " 1 waived, 16 accepted\ngate: PASS (fail-on high: 0 at or above) exit 0\n",
        tail(adopted.out(), 2));

    Cli.Result lab = cli.run("check", "--demo", "--snapshot", "lab-snapshot.yaml");
    assertEquals(1, lab.exit());
    assertTrue(
        lab.out()
            .contains(
                "CRITICAL PSA-OVERGRANT-DELETE  connectwise acme-lab.example"
                    + "  Rewst (lab) (311)  Service Desk / Service Tickets delete All (allowed None)\n"
                    + "         Delete on Service Desk / Service Tickets is All; rewst-connectwise allows"
                    + " None (2 steps too high)\n"),
        lab.out());
    assertEquals(
        "summary: 18 violation(s): 4 critical, 7 high, 4 medium, 1 low, 2 info; 1 open,"
            + " 1 waived, 16 accepted\ngate: FAIL (fail-on high: 1 at or above) exit 1\n",
        tail(lab.out(), 2));

    Cli.Result update = cli.run("accept", "--demo", "--snapshot", "lab-snapshot.yaml", "--update");
    // a plain --update only removes entries: it records nobody, so it needs no --by
    assertEquals(0, update.exit());
    assertEquals(
        "psa-policy accept: updated accepted.yaml: 16 accepted finding(s); 0 removed"
            + " (resolved or changed), 1 new not added (--add-new accepts them)\n  new, not accepted:"
            + " connectwise acme-lab.example Rewst (lab) (311) Service Desk / Service Tickets delete"
            + " All PSA-OVERGRANT-DELETE\n",
        update.out());

    Cli.Result expired = cli.run("check", "--demo", "--waivers", "waivers-expired.yaml");
    assertEquals(1, expired.exit());
    assertEquals(
        "psa-policy check: warning: waivers-expired.yaml:10:14: waiver W-7 waives"
            + " nothing: expired on 2026-10-30 (valid through that day, UTC)\npsa-policy check:"
            + " warning: waivers-expired.yaml:18:14: waiver W-8 waives nothing: expires 2027-06-30 is"
            + " 241 days after created 2026-11-01; at most 90 days are allowed\n",
        expired.err());
    assertEquals(
        "summary: 19 violation(s): 3 critical, 9 high, 4 medium, 1 low, 2 info; 3 open,"
            + " 0 waived, 16 accepted\ngate: FAIL (fail-on high: 3 at or above) exit 1\n",
        tail(expired.out(), 2));

    Cli.Result strict =
        cli.run("check", "--demo", "--waivers", "waivers-expired.yaml", "--strict-waivers");
    assertEquals(3, strict.exit());
    assertEquals(
        "waivers-expired.yaml:10:14: waiver W-7: expired on 2026-10-30 (valid through"
            + " that day, UTC)\nwaivers-expired.yaml:18:14: waiver W-8: expires 2027-06-30 is 241"
            + " days after created 2026-11-01; at most 90 days are allowed\n",
        strict.err());
  }
}
