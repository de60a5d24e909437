package dev.psapolicy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Cli;
import dev.psapolicy.testing.ExternalTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auditor's steps of docs/audit.md, "Verifying a pack step by step with OpenSSL", run as
 * written with bash, OpenSSL, jq and coreutils on two chained packs made here. Hashes and run ids
 * differ from the doc's (other keys, other runs); every other character of the outputs is as shown,
 * and where a step prints a hash or id twice, both are the same.
 */
class AuditDocTest {
  static final Path DOC = Path.of("docs/audit.md");
  static final String SECTION = "## Verifying a pack step by step with OpenSSL";
  private static final Pattern HASH = Pattern.compile("\\b[0-9a-f]{64}\\b");
  private static final Pattern UUID =
      Pattern.compile("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");

  @TempDir Path dir;

  /** Each fenced block of the section, as steps. */
  private static List<List<Walkthrough.Step>> blocks() {
    List<String> lines = Walkthrough.lines(DOC);
    int at = lines.indexOf(SECTION);
    assertTrue(at >= 0, DOC + " lacks " + SECTION);
    List<List<Walkthrough.Step>> out = new ArrayList<>();
    for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      String l = lines.get(i);
      if (l.strip().startsWith("```")) {
        int indent = l.indexOf('`');
        int start = i + 1;
        int end = start;
        while (!lines.get(end).strip().startsWith("```")) {
          end++;
        }
        List<String> block = new ArrayList<>();
        for (String b : lines.subList(start, end)) {
          block.add(b.length() >= indent ? b.substring(indent) : b.strip());
        }
        out.add(Walkthrough.parse(DOC, block, start + 1));
        i = end;
      }
    }
    return out;
  }

  private static String masked(String s) {
    return UUID.matcher(HASH.matcher(s).replaceAll("<sha256>")).replaceAll("<uuid>");
  }

  private static Set<String> all(Pattern p, String s) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = p.matcher(s);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  @Test
  void theOpenSslStepsVerifyARealPack() throws Exception {
    ExternalTools.require("the auditor's OpenSSL steps", "openssl");
    for (String tool : List.of("bash", "jq", "sha256sum")) {
      // .ci/run does not install jq: where it is missing the steps cannot be replayed.
      Assumptions.assumeTrue(
          ExternalTools.run(dir, 10, List.of("sh", "-c", "command -v " + tool)).exit() == 0,
          tool + " is not installed");
    }
    Cli cli = new Cli(dir);
    assertEquals(0, cli.run("keygen", "--out", "ci-evidence").exit());
    assertEquals(
        1,
        cli.run(
                "check",
                "--demo",
                "--evidence",
                "evidence/2026-10-26",
                "--signing-key",
                "ci-evidence.key")
            .exit());
    assertEquals(
        1,
        cli.run(
                "check",
                "--demo",
                "--evidence",
                "evidence/2026-11-26",
                "--signing-key",
                "ci-evidence.key",
                "--previous",
                "evidence/2026-10-26")
            .exit());

    List<List<Walkthrough.Step>> blocks = blocks();
    assertEquals(6, blocks.size(), "six steps");
    Path cwd = dir;
    for (List<Walkthrough.Step> block : blocks) {
      StringBuilder printed = new StringBuilder();
      for (Walkthrough.Step step : block) {
        String where = DOC + ":" + step.line() + ": " + step.command();
        if (step.command().startsWith("cd ")) {
          cwd = cwd.resolve(step.command().substring(3));
          continue;
        }
        // The tool's log goes to dir, never into the pack (step 4 would see it).
        ExternalTools.Run r =
            ExternalTools.run(
                dir,
                60,
                List.of("bash", "-c", "cd '" + dir.relativize(cwd) + "' && " + step.command()));
        assertEquals(0, r.exit(), where + "\n" + r.output());
        assertEquals(masked(step.output()), masked(r.output()), where);
        printed.append(r.output());
      }
      assertTrue(
          all(HASH, printed.toString()).size() <= 1 && all(UUID, printed.toString()).size() <= 1,
          "a step that prints a hash or an id twice prints the same one: " + printed);
    }
  }
}
