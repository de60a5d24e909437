package dev.psapolicy.waiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading waivers files: a broken file is invalid input, a broken waiver is a defect. */
class WaiverFileTest {
  private static final List<String> RULES =
      List.of(
          "CW-TIME-ENTRY-DELETE-MY",
          "CW-TICKET-ADD-ONLY",
          "PSA-OVERGRANT-DELETE",
          "PSA-ADMIN-API-USER");

  private static final String GOOD =
      """
        - id: W-12
          rule: "*"
          scope: { platform: connectwise, instance: acme.example, principal: "187",
                   module: "Time & Expense", function: "Time Entry", verb: delete }
          reason: Billing sync deletes its own duplicate entries until vendor fix 4.2
          approver: jane.doe@acme.example
          ticket: SEC-1234
          created: 2026-11-20
          expires: 2027-01-15
      """;

  private static WaiverFile.Loaded parse(String text) throws InvalidInputException {
    return WaiverFile.parse(
        InputFile.file(InputKind.WAIVERS, "waivers.yaml", text.getBytes(StandardCharsets.UTF_8)),
        RULES);
  }

  @Test
  void readsTheIssueExample() throws Exception {
    Waiver w = parse("waivers:\n" + GOOD).waivers().get(0);
    assertEquals(List.of(), w.defects());
    assertEquals("W-12", w.id());
    assertEquals(
        "platform=connectwise instance=acme.example principal=187"
            + " module=Time & Expense function=Time Entry verb=delete",
        w.scope().describe());
    assertEquals("2027-01-15", w.expires().toString());
    assertEquals("waivers.yaml:2:5", w.where());
    assertEquals(10, w.expiresLine());
    assertEquals(14, w.expiresColumn());
  }

  static Stream<Arguments> defects() {
    return Stream.of(
        Arguments.of(
            "missing expires",
            GOOD.replace("    expires: 2027-01-15\n", ""),
            List.of("waivers.yaml:2:5: waiver W-12: missing required key 'expires'")),
        Arguments.of(
            "unknown key",
            GOOD.replace("ticket:", "tikcet:"),
            List.of(
                "waivers.yaml:2:5: waiver W-12: missing required key 'ticket'",
                "waivers.yaml:8:5: waiver W-12: unknown key 'tikcet' (did you mean 'ticket'?)")),
        Arguments.of(
            "bad glob in scope",
            GOOD.replace("principal: \"187\"", "principal: \"1[87\""),
            List.of(
                "waivers.yaml:4:72: waiver W-12: bad glob '1[87':"
                    + " the '[' at position 2 is never closed")),
        Arguments.of(
            "bad glob in rule",
            GOOD.replace("rule: \"*\"", "rule: \"CW-[\""),
            List.of(
                "waivers.yaml:3:11: waiver W-12: bad glob 'CW-[': the '[' at position 4 is"
                    + " never closed")),
        Arguments.of(
            "unknown rule id",
            GOOD.replace("rule: \"*\"", "rule: PSA-OVERGRANT-DELTE"),
            List.of(
                "waivers.yaml:3:11: waiver W-12: unknown rule"
                    + " id 'PSA-OVERGRANT-DELTE' (did you mean 'PSA-OVERGRANT-DELETE'?)")),
        Arguments.of(
            "glob matching no rule",
            GOOD.replace("rule: \"*\"", "rule: \"AT-*\""),
            List.of("waivers.yaml:3:11: waiver W-12: rule 'AT-*' matches no rule")),
        Arguments.of(
            "waiving a waiver finding",
            GOOD.replace("rule: \"*\"", "rule: PSA-WAIVER-STALE"),
            List.of(
                "waivers.yaml:3:11: waiver W-12: rule"
                    + " 'PSA-WAIVER-STALE' is a finding about waivers; it cannot be waived")),
        Arguments.of(
            "unknown platform",
            GOOD.replace("platform: connectwise", "platform: halopsa"),
            List.of(
                "waivers.yaml:4:24: waiver W-12: 'platform' has"
                    + " unknown value 'halopsa' (expected one of: connectwise, autotask)")),
        Arguments.of(
            "misspelt verb",
            GOOD.replace("verb: delete", "verb: delet"),
            List.of(
                "waivers.yaml:5:70: waiver W-12: 'verb' has unknown value 'delet' (did you"
                    + " mean 'delete'?)")),
        Arguments.of(
            "empty scope",
            GOOD.replace(
                "scope: { platform: connectwise, instance:"
                    + " acme.example, principal: \"187\",\n             module: \"Time & Expense\","
                    + " function: \"Time Entry\", verb: delete }",
                "scope: {}"),
            List.of(
                "waivers.yaml:4:12: waiver W-12: 'scope' names nothing; give at least one"
                    + " of platform, instance, principal, module, function, verb (switch a rule off"
                    + " everywhere with 'disable' in psa-policy.yaml instead)")),
        Arguments.of(
            "bad date",
            GOOD.replace("2027-01-15", "15/01/2027"),
            List.of(
                "waivers.yaml:10:14: waiver W-12: 'expires' must be a date like 2026-11-26,"
                    + " found '15/01/2027'")),
        Arguments.of(
            "no id",
            GOOD.replace("- id: W-12\n    ", "- "),
            List.of("waivers.yaml:2:5: waiver #1: missing required key 'id'")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defects")
  void aBrokenWaiverIsKeptWithItsDefects(String name, String entry, List<String> expected)
      throws Exception {
    Waiver w = parse("waivers:\n" + entry).waivers().get(0);
    assertEquals(expected, w.defects().stream().map(InputProblem::toString).sorted().toList());
  }

  @Test
  void autotaskVerbsMeanTheFactsVerbs() throws Exception {
    Waiver w = parse("waivers:\n" + GOOD.replace("verb: delete", "verb: query")).waivers().get(0);
    assertEquals("inquire", w.scope().verb().text());
  }

  @Test
  void duplicateIdsAcrossFilesAreADefectOfTheLaterOne(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "waivers:\n" + GOOD);
    Files.writeString(dir.resolve("b.yaml"), "waivers:\n" + GOOD);
    List<WaiverFile.Loaded> files =
        WaiverFile.read(
            List.of(
                Map.entry(dir.resolve("a.yaml"), "a.yaml"),
                Map.entry(dir.resolve("b.yaml"), "b.yaml")),
            RULES);
    assertEquals(List.of(), files.get(0).waivers().get(0).defects());
    assertEquals(
        List.of("b.yaml:2:5: waiver W-12: duplicate id (first used at a.yaml:2:5)"),
        files.get(1).waivers().get(0).defects().stream().map(InputProblem::toString).toList());
  }

  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        Arguments.of(
            "waivers:\n  - id: [W-1\n",
            List.of(
                "waivers.yaml:3:1: while parsing a flow"
                    + " sequence: expected ',' or ']', but got <stream end>")),
        Arguments.of(
            "waiver:\n" + GOOD,
            List.of(
                "waivers.yaml:1:1: missing required key" + " 'waivers' (a list; it may be empty)",
                "waivers.yaml:1:1: unknown key 'waiver'" + " (did you mean 'waivers'?)")),
        Arguments.of(
            "waivers: W-1\n",
            List.of("waivers.yaml:1:10: 'waivers' must be a list," + " found the string 'W-1'")),
        Arguments.of(
            "- W-1\n",
            List.of("waivers.yaml:1:1: a waivers file must be a mapping," + " found a list")),
        Arguments.of(
            "formatVersion: 2\nwaivers: []\n",
            List.of(
                "waivers.yaml:1:16:" + " unsupported formatVersion 2 (this psa-policy reads 1)")));
  }

  @ParameterizedTest
  @MethodSource("brokenFiles")
  void aBrokenFileIsInvalidInput(String text, List<String> expected) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(text));
    assertEquals(expected, e.problems().stream().map(InputProblem::toString).toList());
  }

  @Test
  void anEmptyListIsFine() throws Exception {
    assertTrue(parse("waivers: []\n").waivers().isEmpty());
  }
}
