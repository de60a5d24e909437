package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --format / -o FILE / --output NAME=FILE. */
class ReportOutputsTest {
  @TempDir Path dir;

  @Test
  void severalFormatsAtOnceWhileStandardOutputKeepsTheFormat() throws IOException {
    Cli.Result r =
        new Cli(dir)
            .run(
                "check",
                "--demo",
                "--output",
                "sarif=out/r.sarif",
                "--output",
                "junit=out/r.xml",
                "--output",
                "markdown=summary.md",
                "--output",
                "csv=plan.csv",
                "--output",
                "html=report.html",
                "--output",
                "json=r.json");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().startsWith("psa-policy dev: "), r.out());
    assertTrue(r.out().contains("gate: FAIL"), r.out());
    assertTrue(Files.readString(dir.resolve("out/r.sarif")).contains("\"version\" : \"2.1.0\""));
    assertTrue(Files.readString(dir.resolve("out/r.xml")).startsWith("<?xml"));
    assertTrue(Files.readString(dir.resolve("summary.md")).startsWith("## psa-policy: FAIL"));
    assertTrue(Files.readString(dir.resolve("plan.csv")).startsWith("severity,rule,"));
    assertTrue(Files.readString(dir.resolve("report.html")).startsWith("<!DOCTYPE html>"));
    assertTrue(Files.readString(dir.resolve("r.json")).contains("\"runId\" : \"" + Cli.RUN_ID));
  }

  @Test
  void plainOutputIsTheFileOfFormat() throws IOException {
    Cli.Result r =
        new Cli(dir)
            .run(
                "check",
                "--demo",
                "--format",
                "markdown",
                "-o",
                "pr.md",
                "--output",
                "sarif=r.sarif");
    assertEquals(1, r.exit(), r.err());
    assertEquals("", r.out());
    assertTrue(Files.readString(dir.resolve("pr.md")).startsWith("## psa-policy: FAIL"));
    assertTrue(Files.exists(dir.resolve("r.sarif")));
  }

  @Test
  void mistakes() {
    Cli cli = new Cli(dir);
    Cli.Result r = cli.run("check", "--demo", "--format", "pdf");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy check: unknown format 'pdf' (formats: text, json, sarif, junit,"
            + " markdown, csv, html) (see psa-policy check --help)\n",
        r.err());
    r = cli.run("check", "--demo", "-o", "a.txt", "-o", "b.txt");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy check: -o FILE given twice ('a.txt' and 'b.txt'); for more formats"
            + " use --output NAME=FILE with NAME one of text, json, sarif, junit, markdown, csv, html"
            + " (see psa-policy check --help)\n",
        r.err());
    r = cli.run("check", "--demo", "--output", "json=x", "--output", "sarif=x");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy check: --output names x twice (see psa-policy check --help)\n", r.err());
    r = cli.run("check", "--demo", "--output", "sarif=");
    assertEquals(2, r.exit());
  }
}
