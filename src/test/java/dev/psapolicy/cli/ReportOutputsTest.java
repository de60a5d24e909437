package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.render.Renderer;
import dev.psapolicy.render.Renderers;
import dev.psapolicy.render.ReportFixtures;
import dev.psapolicy.report.Report;
import dev.psapolicy.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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

  /**
   * A renderer that fails half way (a bug, a full disk) leaves every previous output intact: all
   * formats are rendered before any file is replaced, and each file is replaced atomically.
   */
  @Test
  void aRendererThatFailsHalfWayLeavesEveryPreviousFile() throws Exception {
    Files.writeString(dir.resolve("r.json"), "previous json");
    Files.writeString(dir.resolve("r.txt"), "previous text");
    Renderer broken =
        new Renderer() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public void render(Report report, OutputStream out) throws IOException {
            out.write("psa-policy 0.1.0: half a rep".getBytes(StandardCharsets.UTF_8));
            throw new IOException("renderer broke half way");
          }
        };
    ReportOutputs outputs =
        ReportOutputs.of(
            List.of(
                new ReportOutputs.Target(Renderers.byName("json"), "r.json"),
                new ReportOutputs.Target(broken, "r.txt")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Context ctx =
        new Context(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Map.of(),
            dir,
            Clock.fixed(Cli.NOW, ZoneOffset.UTC),
            false);
    IOException e =
        assertThrows(IOException.class, () -> outputs.write(ReportFixtures.get("mixed"), ctx));
    assertEquals("renderer broke half way", e.getMessage());
    assertEquals("previous json", Files.readString(dir.resolve("r.json")));
    assertEquals("previous text", Files.readString(dir.resolve("r.txt")));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary file is left behind");
    }
  }

  /** A location that cannot be written is a usage error before the run, never after the report. */
  @Test
  void anUnwritableLocationIsAUsageErrorBeforeTheRun() throws IOException {
    Files.writeString(dir.resolve("blocker"), "a file, not a folder");
    Cli.Result r = new Cli(dir).run("check", "--demo", "--output", "sarif=blocker/r.sarif");
    assertEquals(2, r.exit(), r.err());
    assertEquals("", r.out());
    assertEquals(
        "psa-policy check: cannot write "
            + dir.resolve("blocker/r.sarif")
            + ": a file of that name is in the way (see psa-policy check --help)\n",
        r.err());
  }
}
