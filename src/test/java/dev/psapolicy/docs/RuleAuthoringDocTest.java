package dev.psapolicy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.facts.Grant;
import dev.psapolicy.ruleapi.Findings;
import dev.psapolicy.ruleapi.Fixes;
import dev.psapolicy.testing.Cli;
import dev.psapolicy.vocabulary.Level;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/rule-authoring.md says what the code does: its walk-through runs as written (the commands,
 * the rule it prints, the edits it describes, the outputs it shows), the rule-author API it lists
 * is the API of {@link Findings}, {@link Fixes} and {@link Level}, and its excerpt of a built-in
 * rule is in the built-in DRL.
 */
class RuleAuthoringDocTest {
  static final Path DOC = Path.of("docs/rule-authoring.md");
  static final String WALK = "## From nothing to a passing rule";
  static final String PSA = "psa-policy";

  @TempDir Path dir;

  private List<Integer> replay(Cli cli, int block) {
    List<Integer> exits = new ArrayList<>();
    List<Walkthrough.Step> steps = Walkthrough.steps(DOC, WALK, block);
    assertTrue(!steps.isEmpty(), "no commands in block " + block + " of " + WALK);
    for (Walkthrough.Step step : steps) {
      Walkthrough.Shown shown = Walkthrough.run(cli, PSA, step.command());
      assertEquals(step.output(), shown.text(), DOC + ":" + step.line() + ": " + step.command());
      exits.add(shown.exit());
    }
    return exits;
  }

  private void append(String file, String line) throws Exception {
    Files.writeString(dir.resolve(file), line + "\n", StandardOpenOption.APPEND);
  }

  @Test
  void theWalkThroughRunsAsWritten() throws Exception {
    Cli cli = new Cli(dir);
    String cases = "my-rules/cases/ACME-NO-MEMBER-EDIT/";

    assertEquals(List.of(0, 0), replay(cli, 0), "rules new, then test");

    // "Change the condition and the metadata to your policy": the rule as the doc prints it.
    Files.writeString(
        dir.resolve("my-rules/acme-no-member-edit.drl"),
        String.join("\n", Walkthrough.block(DOC, WALK, 2)) + "\n");
    // "give the positive case's snapshot (and the example vendor baseline next to it) a
    // System / Member Maintenance row with edit: All"
    append(
        cases + "positive/snapshot.yaml",
        "      - { module: System, function: Member Maintenance, add: None, edit: All, delete: None,"
            + " inquire: All }");
    append(
        cases + "positive/baseline.yaml",
        "  - { module: System, function: Member Maintenance, edit: All, inquire: All }");
    assertEquals(List.of(1), replay(cli, 3), "the failing case");

    // "Replace the expected entry with the reported one" (the doc's expected.yaml of the case
    // format), "make the negative case a near miss ... in its snapshot and its baseline".
    Files.writeString(
        dir.resolve(cases + "positive/expected.yaml"),
        String.join("\n", Walkthrough.block(DOC, "## Test cases")) + "\n");
    append(
        cases + "negative/snapshot.yaml",
        "      - { module: System, function: Member Maintenance, add: None, edit: None, delete: None,"
            + " inquire: All }");
    append(
        cases + "negative/baseline.yaml",
        "  - { module: System, function: Member Maintenance, inquire: All }");
    Cli.Result passes = cli.run("test", "--rules", "my-rules", "my-rules/cases");
    assertEquals(0, passes.exit(), "'and test passes':\n" + passes.out() + passes.err());

    assertEquals(List.of(1), replay(cli, 4), "the rule on the demo");
    assertEquals(0, cli.run("validate", "my-rules").exit(), "validate my-rules");
  }

  private static final Pattern CALL =
      Pattern.compile("\\b(findings|Fixes|level|Level)\\.(\\w+)(?:\\(([^)]*)\\))?");

  @Test
  void theApiTableIsTheApi() {
    List<String> table = new ArrayList<>();
    List<String> lines = Walkthrough.lines(DOC);
    int at = lines.indexOf("## The rule-author API");
    assertTrue(at >= 0);
    for (int i = at; i < lines.size() && !lines.get(i).startsWith("Things that bite"); i++) {
      if (lines.get(i).startsWith("| `")) {
        table.add(lines.get(i).substring(2, lines.get(i).indexOf(" | ")));
      }
    }
    assertTrue(table.size() >= 6, "the API table: " + table);
    Map<String, Class<?>> receivers =
        Map.of(
            "findings",
            Findings.class,
            "Fixes",
            Fixes.class,
            "level",
            Level.class,
            "Level",
            Level.class);
    Set<String> documented = new LinkedHashSet<>();
    for (String cell : table) {
      Matcher m = CALL.matcher(cell);
      while (m.find()) {
        Class<?> type = receivers.get(m.group(1));
        String name = m.group(2);
        if (type == Level.class && Set.of("NONE", "MY", "ALL").contains(name)) {
          continue;
        }
        int arity = m.group(3) == null || m.group(3).isBlank() ? 0 : m.group(3).split(",").length;
        boolean exists =
            Arrays.stream(type.getMethods())
                .anyMatch(x -> x.getName().equals(name) && x.getParameterCount() == arity);
        assertTrue(
            exists, "the doc names " + m.group() + ", which " + type.getSimpleName() + " lacks");
        documented.add(type.getSimpleName() + "." + name + "/" + arity);
      }
    }
    for (Class<?> type : List.of(Findings.class, Fixes.class)) {
      for (Method x : type.getDeclaredMethods()) {
        if (Modifier.isPublic(x.getModifiers())) {
          String key = type.getSimpleName() + "." + x.getName() + "/" + x.getParameterCount();
          assertTrue(documented.contains(key), "the API table lacks " + key + ": " + documented);
        }
      }
    }
    // The overGrant the built-in rules call takes the judged grant alone.
    assertTrue(documented.contains("Findings.overGrant/1"));
    assertTrue(
        Arrays.stream(Grant.class.getMethods()).anyMatch(x -> x.getName().equals("allowedRank")));
  }

  @Test
  void theBuiltInRuleExcerptIsInTheBuiltInRules() throws Exception {
    List<String> excerpt = Walkthrough.block(DOC, "## The rule-author API", 1);
    List<String> drl = Files.readAllLines(Path.of("rules/overgrant.drl"));
    int from = 0;
    for (String line : excerpt) {
      int found = -1;
      for (int i = from; i < drl.size(); i++) {
        if (drl.get(i).equals(line)) {
          found = i;
          break;
        }
      }
      assertTrue(found >= 0, "rules/overgrant.drl lacks, in this order, the doc's line: " + line);
      from = found + 1;
    }
  }
}
