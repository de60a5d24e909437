package dev.psapolicy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README is the newcomer's page: short, the two set-up commands first (CI runs the second
 * verbatim), and one real check whose output it shows as the tool prints it.
 */
class ReadmeTest {
  static final Path README = Path.of("README.md");

  @TempDir Path dir;

  @Test
  void theFirstCodeBlockIsTheTwoSetUpCommands() throws Exception {
    List<String> lines = Walkthrough.lines(README);
    int first = 0;
    while (!lines.get(first).startsWith("```")) {
      first++;
    }
    assertEquals(
        List.of(
            "```bash",
            "mvn -B -q package -DskipTests && java -jar target/psa-policy.jar check --demo",
            "mvn -B verify",
            "```"),
        lines.subList(first, first + 4),
        "README's first code block: the run command, then the test command .ci/run runs");
    assertTrue(
        Files.readAllLines(Path.of(".ci/run")).contains("mvn -B verify"),
        ".ci/run runs README's test command verbatim");
  }

  @Test
  void readmeStaysShort() throws Exception {
    long size = Files.size(README);
    assertTrue(
        size <= 8 * 1024,
        "README.md is " + size + " bytes: it is for newcomers; put the rest in docs/");
  }

  @Test
  void theRealCheckPrintsWhatTheReadmeShows() {
    List<Walkthrough.Step> steps = Walkthrough.steps(README, "## One real check");
    assertEquals(1, steps.size(), "one command under 'One real check'");
    Walkthrough.Step step = steps.get(0);
    assertEquals("java -jar target/psa-policy.jar check --demo", step.command());
    Walkthrough.Shown shown =
        Walkthrough.run(new Cli(dir), "java -jar target/psa-policy.jar", step.command());
    assertEquals(1, shown.exit(), "check --demo exits 1 by design");
    String actual = normalised(shown.text());
    // The README shortens the output at lines like "[... 15 more violations ...]": every part
    // between them is printed as shown, in this order, the first at the start, the last at the end.
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (String l : normalised(step.output()).split("\n", -1)) {
      if (l.startsWith("[...")) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(l).append('\n');
      }
    }
    parts.add(part.substring(0, part.length() - 1));
    assertTrue(parts.size() >= 2, "the README's output is shortened somewhere");
    assertTrue(
        actual.startsWith(parts.get(0)),
        "the output starts:\n" + parts.get(0) + "\nbut:\n" + actual);
    assertTrue(actual.endsWith(parts.get(parts.size() - 1)), "the output ends as the README shows");
    int from = 0;
    for (String p : parts) {
      int at = actual.indexOf(p, from);
      assertTrue(at >= 0, "the output lacks, in this order:\n" + p + "\nit is:\n" + actual);
      from = at + p.length();
    }
  }

  /**
   * The run line names a random id and the time, and the first line the version of the jar (tests
   * run from classes, which have none): the same for every run here.
   */
  private static String normalised(String out) {
    return out.replaceAll("(?m)^run \\S+, started \\S+$", "run ID, started TIME")
        .replaceAll("(?m)^psa-policy \\S+: ", "psa-policy VERSION: ");
  }
}
