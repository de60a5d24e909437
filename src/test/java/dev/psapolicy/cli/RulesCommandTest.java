package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.render.RuleCatalog;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {
  @TempDir Path dir;

  static final String BROKEN_DRL =
      """
      package custom;
      import dev.psapolicy.facts.*;
      global dev.psapolicy.ruleapi.Findings findings;

      rule "ACME-BROKEN"
        @id("ACME-BROKEN") @severity("high") @title("Broken")
      when
        $g : Grant(modul == "Finance")
      then
        findings.grant($g, "x", "y");
      end
      """;

  static final String BAD_METADATA_DRL =
      """
      package custom;
      import dev.psapolicy.facts.*;
      global dev.psapolicy.ruleapi.Findings findings;

      rule "ACME-NO-ID"
        @severity("high") @title("No id")
      when
        $p : Principal(admin == true)
      then
        findings.principal($p, "x", "y");
      end

      rule "ACME-SEVERITY"
        @id("ACME-SEVERITY") @severity("severe") @title("Unknown severity")
      when
        $p : Principal(inactive == true)
      then
        findings.principal($p, "x", "y");
      end
      """;

  @Test
  void listBaselinesShowsTheLibraryAndDocBaselinesItsMarkdownTable() {
    Cli.Result r = new Cli(dir).run("rules", "list", "--baselines");
    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().split("\n");
    assertTrue(
        lines[0].matches("ID +PLATFORM +VENDOR +PRODUCT +RETRIEVED +PARTIAL +SOURCE"), lines[0]);
    assertTrue(
        r.out()
            .contains(
                "https://docs.hatz.ai/en/articles/12092397-connectwise-manage-psa-security-role-setup"),
        r.out());
    assertTrue(
        r.out()
            .matches(
                "(?s).*\nhuntress-connectwise +connectwise +Huntress +Huntress +2026-11-26"
                    + " +partial +https://support\\.huntress\\.io/.*"),
        r.out());
    assertEquals("35 baselines: 25 connectwise, 10 autotask; 7 partial", lines[lines.length - 1]);

    Cli.Result md = new Cli(dir).run("rules", "doc", "--baselines");
    assertEquals(0, md.exit(), md.err());
    assertTrue(
        md.out()
            .startsWith(
                "| id | platform | vendor | product | retrieved | partial | source |\n|---|"),
        md.out());
  }

  @Test
  void listShowsEveryBuiltInRule() {
    Cli.Result r = new Cli(dir).run("rules", "list");
    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(
        "ID                              SEVERITY                   TITLE"
            + "                                             DEFINED IN",
        lines[0]);
    assertEquals(
        "PSA-OVERGRANT-DELETE            critical (one step: high)  Delete granted above"
            + " the baseline                 builtin:rules/overgrant.drl:12",
        lines[6]);
    assertEquals("17 rules: 17 built-in, 0 from --rules", lines[lines.length - 1]);
  }

  @Test
  void newScaffoldsARuleWhoseCasesPassThenListShowAndDocIncludeIt() throws IOException {
    Cli cli = new Cli(dir);
    Cli.Result created =
        cli.run("rules", "new", "ACME-NO-FINANCE-DELETE-ALL", "--rules", "my-rules");
    assertEquals(0, created.exit(), created.err());
    assertEquals(
        """
        created my-rules/acme-no-finance-delete-all.drl
        created my-rules/cases/ACME-NO-FINANCE-DELETE-ALL/positive/expected.yaml
        created my-rules/cases/ACME-NO-FINANCE-DELETE-ALL/positive/snapshot.yaml
        created my-rules/cases/ACME-NO-FINANCE-DELETE-ALL/positive/baseline.yaml
        created my-rules/cases/ACME-NO-FINANCE-DELETE-ALL/negative/expected.yaml
        created my-rules/cases/ACME-NO-FINANCE-DELETE-ALL/negative/snapshot.yaml
        created my-rules/cases/ACME-NO-FINANCE-DELETE-ALL/negative/baseline.yaml

        The rule and both cases pass as written. Next: edit the rule's condition and metadata, adapt the cases, and run
          psa-policy test --rules my-rules my-rules/cases
          psa-policy check --rules my-rules --snapshot YOUR-SNAPSHOT.json
        """,
        created.out());
    assertTrue(
        Files.readString(
                dir.resolve(
                    "my-rules/cases/ACME-NO-FINANCE-DELETE-ALL/positive/" + "baseline.yaml"))
            .contains("retrieved: 2026-11-26\n"));

    Cli.Result tested = cli.run("test", "--rules", "my-rules", "my-rules/cases");
    assertEquals(0, tested.exit(), tested.out() + tested.err());
    assertEquals(
        """
        PASS  my-rules/cases/ACME-NO-FINANCE-DELETE-ALL/negative  (0 violations)
        PASS  my-rules/cases/ACME-NO-FINANCE-DELETE-ALL/positive  (1 violation)
        cases: 2 passed, 0 failed
        result: PASS
        """,
        tested.out());

    Cli.Result list = cli.run("rules", "list", "--rules", "my-rules");
    assertEquals(0, list.exit(), list.err());
    assertTrue(
        list.out()
            .contains(
                "ACME-NO-FINANCE-DELETE-ALL      high                      "
                    + " Acme no finance delete all                        my-rules/"
                    + "acme-no-finance-delete-all.drl:13\n"),
        list.out());
    assertTrue(list.out().endsWith("18 rules: 17 built-in, 1 from --rules\n"), list.out());

    Cli.Result show = cli.run("rules", "show", "ACME-NO-FINANCE-DELETE-ALL", "--rules", "my-rules");
    assertEquals(0, show.exit(), show.err());
    assertTrue(
        show.out()
            .contains(
                "defined in:  my-rules/acme-no-finance-delete-all.drl:13\n"
                    + "\nrule \"ACME-NO-FINANCE-DELETE-ALL\"\n"),
        show.out());
    assertTrue(show.out().endsWith("      Fixes.lower($g, Level.MY));\nend\n"), show.out());

    Cli.Result doc = cli.run("rules", "doc", "--rules", "my-rules", "-o", "docs/rules.md");
    assertEquals(0, doc.exit(), doc.err());
    assertEquals("wrote docs/rules.md (18 rules)\n", doc.out());
    String md = Files.readString(dir.resolve("docs/rules.md"));
    assertTrue(
        md.startsWith(
            "# psa-policy rule catalogue\n\nGenerated by `psa-policy rules doc`"
                + " from the metadata of 18 rules (17 built-in, 1 from --rules).\n\n| id | severity |"
                + " title |\n"),
        md);
    assertTrue(
        md.contains(
            "\n## `ACME-NO-FINANCE-DELETE-ALL`: Acme no finance delete all\n\n"
                + "- severity: high\n- defined in: `my-rules/acme-no-finance-delete-all.drl:13`\n"
                + "- source: Your security policy (name it here)\n"),
        md);

    Cli.Result again = cli.run("rules", "new", "ACME-NO-FINANCE-DELETE-ALL", "--rules", "my-rules");
    assertEquals(2, again.exit());
    assertEquals(
        "psa-policy rules: rule 'ACME-NO-FINANCE-DELETE-ALL' already exists"
            + " (my-rules/acme-no-finance-delete-all.drl) (see psa-policy rules --help)\n",
        again.err());
  }

  @Test
  void newTitlesTheRuleAfterItsIdNotAfterTheExampleCondition() throws IOException {
    Cli cli = new Cli(dir);
    assertEquals(0, cli.run("rules", "new", "ACME-NO-MEMBER-EDIT", "--rules", "my-rules").exit());
    String drl = Files.readString(dir.resolve("my-rules/acme-no-member-edit.drl"));
    assertTrue(
        drl.contains(
            "  @id(\"ACME-NO-MEMBER-EDIT\")\n  @severity(\"high\")\n"
                + "  @title(\"Acme no member edit\")\n"),
        drl);
    assertTrue(drl.contains("// The facts and the rule-author API: docs/rule-authoring.md.\n"));
    Cli.Result show = cli.run("rules", "show", "ACME-NO-MEMBER-EDIT", "--rules", "my-rules");
    assertTrue(show.out().contains("title:       Acme no member edit\n"), show.out());
    assertEquals(0, cli.run("test", "--rules", "my-rules").exit());
  }

  @Test
  void showPrintsMetadataAndTheDrl() {
    Cli.Result r = new Cli(dir).run("rules", "show", "CW-TIME-ENTRY-DELETE-MY");
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out()
            .startsWith(
                """
        id:          CW-TIME-ENTRY-DELETE-MY
        severity:    high
        title:       Time Entry delete must be limited to My
        rationale:   The guides let the integration delete only the time entries it created (Delete My); Delete All lets it remove any technician's billable time.
        remediation: Set Delete on Time & Expense / Time Entry to My.
        """),
        r.out());
    assertTrue(
        r.out()
            .contains(
                """
        defined in:  builtin:rules/guides.drl:27 (built-in)

        rule "CW-TIME-ENTRY-DELETE-MY"
          @id("CW-TIME-ENTRY-DELETE-MY")
        """),
        r.out());
    assertTrue(r.out().endsWith("  findings.overGrant($g);\nend\n"), r.out());
  }

  @Test
  void docTableIsTheCatalogTable() throws Exception {
    Cli.Result r = new Cli(dir).run("rules", "doc", "--table");
    assertEquals(0, r.exit(), r.err());
    assertEquals(RuleCatalog.table(RuleSetLoader.builtIn().rules()), r.out());
  }

  @Test
  void usageErrors() {
    Cli cli = new Cli(dir);
    assertUsage(cli.run("rules"), "give a sub-command: list, show ID, doc or new ID");
    assertUsage(
        cli.run("rules", "frob"),
        "unknown sub-command 'frob' (sub-commands: list, show, doc, new)");
    assertUsage(
        cli.run("rules", "show", "CW-TICKET-ADD-ONY"),
        "unknown rule 'CW-TICKET-ADD-ONY' (did you mean 'CW-TICKET-ADD-ONLY'?)");
    assertUsage(cli.run("rules", "list", "extra"), "unexpected argument 'extra'");
    assertUsage(
        cli.run("rules", "new", "acme-lower", "--rules", "r"),
        "rule id 'acme-lower' must be upper-case letters and digits joined by dashes,"
            + " e.g. ACME-NO-FINANCE-DELETE-ALL");
    assertUsage(
        cli.run("rules", "new", "ACME-X"),
        "give the folder to write the rule into with one --rules DIR");
    assertUsage(
        cli.run("rules", "new", "PSA-NO-BASELINE", "--rules", "r"),
        "rule 'PSA-NO-BASELINE' already exists (builtin:rules/practices.drl:55)");
  }

  private static void assertUsage(Cli.Result r, String message) {
    assertEquals(2, r.exit(), r.out());
    assertEquals("psa-policy rules: " + message + " (see psa-policy rules --help)\n", r.err());
  }

  @Test
  void brokenRulesAreReportedTogetherWithTheirPlaces() throws IOException {
    Path rules = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(rules.resolve("a.drl"), BROKEN_DRL);
    Files.writeString(rules.resolve("b.drl"), BAD_METADATA_DRL);
    Cli.Result r = new Cli(dir).run("rules", "list", "--rules", "bad");
    assertEquals(3, r.exit(), r.out());
    assertEquals(
        """
        bad/a.drl:8: Unable to Analyse Expression modul == "Finance": unable to resolve method using strict-mode: dev.psapolicy.facts.Grant.modul() (did you mean 'module'?)
        bad/b.drl:5: rule "ACME-NO-ID" has no @id
        bad/b.drl:13: rule "ACME-SEVERITY" has unknown @severity 'severe' (expected one of critical, high, medium, low, info)
        """,
        r.err());
    assertEquals("", r.out());
  }
}
