package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  @TempDir Path dir;

  @Test
  void demoFailsTheGateWithTheSeededViolations() {
    Cli.Result r = new Cli(dir).run("check", "--demo");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains("CW-TICKET-ADD-ONLY"), r.out());
    assertTrue(r.out().contains("gate: FAIL"), r.out());
  }

  @Test
  void noInputIsAUsageError() {
    Cli.Result r = new Cli(dir).run("check");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy check: give --snapshot FILE (repeatable) or --demo"
            + " (see psa-policy check --help)\n",
        r.err());
  }

  @Test
  void missingSnapshotFileIsInvalidInput() {
    Cli.Result r = new Cli(dir).run("check", "--snapshot", "nope.json");
    assertEquals(3, r.exit());
    assertEquals("nope.json: file not found\n", r.err());
  }

  @Test
  void brokenYamlNamesLineAndColumn() throws IOException {
    Files.writeString(dir.resolve("s.yaml"), "formatVersion: 1\nplatform: [connectwise\n");
    Cli.Result r = new Cli(dir).run("check", "--snapshot", "s.yaml");
    assertEquals(3, r.exit());
    assertEquals(
        "s.yaml:3:1: while parsing a flow sequence: expected ',' or ']', but got <stream end>\n",
        r.err());
  }

  @Test
  void anUnwritableOutputSaysWhy() throws IOException {
    Files.writeString(dir.resolve("blocker"), "a file, not a folder");
    Cli.Result r = new Cli(dir).run("check", "--demo", "-o", "blocker/out.json");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy check: cannot write "
            + dir.resolve("blocker/out.json")
            + ": a file of that name is in the way (see psa-policy check --help)\n",
        r.err());
  }

  /**
   * An evidence folder that cannot be created is said before the evaluation, exit 2 and one line;
   * it used to surface after the report as an internal error (exit 5).
   */
  @Test
  void anEvidenceFolderThatCannotBeWrittenIsAUsageErrorBeforeTheRun() throws IOException {
    Files.writeString(dir.resolve("blocker"), "a file, not a folder");
    Cli.Result r = new Cli(dir).run("check", "--demo", "--evidence", "blocker/pack");
    assertEquals(2, r.exit(), r.err());
    assertEquals("", r.out());
    assertEquals(
        "psa-policy check: cannot write "
            + dir.resolve("blocker/pack")
            + ": a file of that name is in the way (see psa-policy check --help)\n",
        r.err());
  }

  /** Checked before anything is read: a missing snapshot is not even looked at. */
  @Test
  void anUnwritableOutputCostsNoRun() throws IOException {
    Files.writeString(dir.resolve("blocker"), "a file, not a folder");
    Cli.Result r =
        new Cli(dir).run("check", "--snapshot", "missing.json", "-o", "blocker/out.json");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().startsWith("psa-policy check: cannot write "), r.err());
  }
}
