package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
  @TempDir Path dir;

  /** Copies a built-in case into the temp dir under {@code cases/NAME}. */
  private Path copyCase(String builtIn, String name) throws IOException {
    Path from = Path.of("rules/cases").resolve(builtIn);
    Path to = dir.resolve("cases").resolve(name);
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.toList()) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return to;
  }

  @Test
  void builtInCasesCoverageAndMutationPassFromTheBundledCopy() {
    Cli.Result r = new Cli(dir).run("test", "--coverage", "--min", "100", "--mutate");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(
        r.out()
            .contains(
                "PASS  builtin:cases/CW-TICKET-ADD-ONLY/"
                    + "edit-and-inquire-on-add-only-tickets  (2 violations)\n"),
        r.out());
    assertTrue(r.out().contains("cases: 103 passed, 0 failed\n"), r.out());
    assertTrue(
        r.out()
            .contains(
                """

        coverage of the built-in rules:
          rules with a positive and a negative case: 17 of 17 = 100.00%
          permission cells governed (module x function x verb): 1260 of 1260 = 100.00%
          minimum 100%: rules pass, cells pass
        """),
        r.out());
    assertTrue(r.out().contains("  hatz-ai-connectwise: 300 widenings, 0 blind spots\n"), r.out());
    assertTrue(
        r.out().endsWith("mutation: 15001 widenings, 0 blind spots\nresult: PASS\n"), r.out());
  }

  @Test
  void aFailingCaseShowsExpectedVersusReportedAndExitsOne() throws IOException {
    Path c = copyCase("PSA-OVERGRANT-EDIT/edit-above-baseline", "edit");
    // Expect the one-step Edit at high (it is medium) and forget the Agreements finding.
    Files.writeString(
        c.resolve("expected.yaml"),
        """
        positive: [PSA-OVERGRANT-EDIT]
        violations:
          - { rule: PSA-OVERGRANT-EDIT, principal: "187", module: System, function: My Account, verb: edit, severity: high }
          - { rule: PSA-OVERGRANT-EDIT, principal: "187", module: Finance, function: Billing View Time, verb: edit, severity: high }
        """);
    copyCase("compliant/hatz-ai-connectwise", "compliant");
    Cli.Result r = new Cli(dir).run("test", "cases");
    assertEquals(1, r.exit(), r.err());
    assertEquals(
        """
        PASS  cases/compliant  (0 violations)
        FAIL  cases/edit  (2 violations)
              expected (-) versus reported (+); '+' lines paste into expected.yaml
              - { rule: PSA-OVERGRANT-EDIT, principal: "187", module: Finance, function: Billing View Time, verb: edit, severity: high }  # expected (line 4), not reported
              ~ { rule: PSA-OVERGRANT-EDIT, principal: "187", module: System, function: My Account, verb: edit, severity: high }  # severity: expected 'high', reported 'medium'
              + { rule: PSA-OVERGRANT-EDIT, principal: "187", module: Finance, function: Agreements, verb: edit, severity: high }  # Edit on Finance / Agreements is All; hatz-ai-connectwise allows None (2 steps too high)
        cases: 1 passed, 1 failed
        result: FAIL
        """,
        r.out());
    assertEquals("", r.err());
  }

  @Test
  void junitFormatToAFile() throws IOException {
    Path c = copyCase("PSA-NO-BASELINE/no-integrations-no-default", "no-baseline");
    Files.writeString(c.resolve("expected.yaml"), "violations: []\n");
    Cli.Result r = new Cli(dir).run("test", "--format", "junit", "-o", "out/junit.xml", "cases");
    assertEquals(1, r.exit(), r.err());
    assertEquals("", r.out());
    assertEquals(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites name="psa-policy test" tests="1" failures="1">
          <testsuite name="rule cases" tests="1" failures="1" errors="0" skipped="0">
            <testcase classname="cases" name="no-baseline">
              <failure message="1 reported not expected" type="failure">+ { rule: PSA-NO-BASELINE, principal: "190", severity: high }  # API user Legacy PSA Sync (190) has no baseline, so its grants are not judged</failure>
            </testcase>
          </testsuite>
        </testsuites>
        """,
        Files.readString(dir.resolve("out/junit.xml")));
  }

  @Test
  void brokenYamlInACaseIsInvalidInput() throws IOException {
    Path c = copyCase("PSA-NO-BASELINE/no-integrations-no-default", "broken");
    Files.writeString(c.resolve("expected.yaml"), "violations:\n  - { rule: PSA-NO-BASELINE\n");
    Cli.Result r = new Cli(dir).run("test", "cases");
    assertEquals(3, r.exit());
    assertEquals(
        "cases/broken/expected.yaml:3:1: while parsing a flow mapping: expected ',' or"
            + " '}', but got <stream end>\n",
        r.err());
    assertEquals("", r.out());
  }

  @Test
  void everyProblemOfEveryCaseAtOnce() throws IOException {
    Path a = copyCase("PSA-NO-BASELINE/no-integrations-no-default", "a");
    Files.writeString(
        a.resolve("expected.yaml"),
        """
        positive: [PSA-NO-BASELIN]
        violations:
          - { rule: PSA-NO-BASELINE, principal: "999", severity: hihg }
          - { rule: PSA-OVERGRANT-EDIT, principal: "190", module: Finance, verb: edit, severity: high }
        """);
    Path b = copyCase("compliant/hatz-ai-connectwise", "b");
    Files.writeString(
        b.resolve("expected.yaml"),
        """
        baselines: [hatz-ai-conectwise]
        negative: [PSA-ADMIN-API-USER]
        compare: some
        violatons: []
        """);
    Cli.Result r = new Cli(dir).run("test", "cases");
    assertEquals(3, r.exit(), r.out());
    assertEquals(
        """
        cases/a/expected.yaml:1:12: unknown rule 'PSA-NO-BASELIN' (did you mean 'PSA-NO-BASELINE'?)
        cases/a/expected.yaml:3:41: principal '999' is not in cases/a/snapshot.yaml (ids: 190)
        cases/a/expected.yaml:3:58: 'severity' has unknown value 'hihg' (did you mean 'high'?)
        cases/a/expected.yaml:4:5: give 'module', 'function' and 'verb' together, or none of them for a finding about the API user as a whole
        cases/b/expected.yaml:1:1: missing required key 'violations' (write 'violations: []' when the case expects none)
        cases/b/expected.yaml:1:13: unknown baseline 'hatz-ai-conectwise' (did you mean 'hatz-ai-connectwise'?)
        cases/b/expected.yaml:3:10: 'compare' has unknown value 'some' (expected one of: all, named)
        cases/b/expected.yaml:4:1: unknown key 'violatons' (did you mean 'violations'?)
        """,
        r.err());
  }

  @Test
  void missingCasesFolderAndBadMinAreReported() {
    Cli.Result r = new Cli(dir).run("test", "nope");
    assertEquals(3, r.exit());
    assertEquals("nope: folder not found\n", r.err());
    Cli.Result m = new Cli(dir).run("test", "--coverage", "--min", "101");
    assertEquals(2, m.exit());
    assertEquals(
        "psa-policy test: --min must be a percentage from 0 to 100, found '101'"
            + " (see psa-policy test --help)\n",
        m.err());
  }

  @Test
  void mutationFindsTheBlindSpotOfARuleThatClaimsWithoutReporting() throws IOException {
    Path rules = Files.createDirectories(dir.resolve("my-rules"));
    // An "exception" rule: it claims Delete My on Finance so that the generic delete rule stays
    // silent, and reports nothing itself. Mutation shows what that hides.
    Files.writeString(
        rules.resolve("finance-own-records.drl"),
        """
        package custom;
        import dev.psapolicy.facts.*;
        import dev.psapolicy.ruleapi.Fixes;
        global dev.psapolicy.ruleapi.Findings findings;

        rule "ACME-FINANCE-OWN-RECORDS"
          @id("ACME-FINANCE-OWN-RECORDS") @severity("info") @title("Own Finance records may be deleted")
          salience 20
        when
          $g : Grant(module == "Finance", verb == Verb.DELETE, level == Level.MY)
        then
          insertLogical(new Claim($g, "ACME-FINANCE-OWN-RECORDS"));
        end

        // Stricter than CyberDrain's guide, which asks for Edit All on Configurations.
        rule "ACME-NO-CONFIG-EDIT-ALL"
          @id("ACME-NO-CONFIG-EDIT-ALL") @severity("medium") @title("No Edit All on configurations")
        when
          $g : Grant(module == "Companies", functionName == "Configurations", verb == Verb.EDIT, level == Level.ALL)
        then
          findings.grant($g, "Edit All on " + $g.cell(), Fixes.lower($g, Level.MY));
        end
        """);
    Cli.Result r =
        new Cli(dir)
            .run(
                "test",
                "--rules",
                "my-rules",
                "--mutate",
                "--coverage",
                "--baseline",
                "cyberdrain-cow-connectwise");
    assertEquals(1, r.exit(), r.err());
    assertTrue(
        r.out()
            .startsWith(
                """

        coverage of the rules from my-rules:
          rules with a positive and a negative case: 0 of 2 = 0.00%
            ACME-FINANCE-OWN-RECORDS: no positive case, no negative case
            ACME-NO-CONFIG-EDIT-ALL: no positive case, no negative case
          permission cells governed (module x function x verb): 1 of 1260 = 0.07%
            connectwise Companies / Company Maintenance add, edit, delete, inquire: no rule in scope reports an excess grant on it
        """),
        r.out());
    assertTrue(
        r.out()
            .contains(
                "  note: cyberdrain-cow-connectwise: an API user holding exactly"
                    + " what the baseline allows is reported by ACME-NO-CONFIG-EDIT-ALL on Companies /"
                    + " Configurations edit\n"),
        r.out());
    assertTrue(
        r.out()
            .contains(
                """
        mutation: every cell of each baseline widened by one lattice step:
          cyberdrain-cow-connectwise: 328 widenings, 13 blind spots
          blind spots (widenings no rule reports):
            cyberdrain-cow-connectwise: Finance / Accounting Interface delete None -> My
        """),
        r.out());
    assertTrue(
        r.out().endsWith("mutation: 328 widenings, 13 blind spots\nresult: FAIL\n"), r.out());

    Cli.Result junit =
        new Cli(dir)
            .run(
                "test",
                "--rules",
                "my-rules",
                "--mutate",
                "--baseline",
                "cyberdrain-cow-connectwise",
                "--format",
                "junit");
    assertEquals(1, junit.exit(), junit.err());
    assertTrue(
        junit
            .out()
            .contains(
                """
          <testsuite name="mutation" tests="1" failures="1" errors="0" skipped="0">
            <testcase classname="mutation" name="cyberdrain-cow-connectwise">
              <failure message="13 of 328 widenings not reported" type="failure">\
        Finance / Accounting Interface delete None -&gt; My
        """),
        junit.out());
  }

  @Test
  void baselineWithoutCoverageOrMutateIsAUsageError() {
    Cli.Result r = new Cli(dir).run("test", "--baseline", "hatz-ai-connectwise");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy test: --baseline chooses the baselines --coverage and --mutate"
            + " widen; a case names its own baselines in expected.yaml (see psa-policy test --help)\n",
        r.err());
  }
}
