package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every user mistake: one line per problem naming file:line:col, exit 3, no stack trace. */
class CheckInputErrorsTest {
  @TempDir Path dir;

  private static final String GOOD_SNAPSHOT =
      """
      formatVersion: 1
      platform: connectwise
      instance: acme.example
      principals:
        - id: "187"
          name: Hatz AI
          role: Integration-Hatz
          integrations: [hatz-ai-connectwise]
          grants:
            - { module: Service Desk, function: Service Tickets, add: All, edit: None, delete: None, inquire: None }
      """;

  private Cli.Result check(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "check";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Cli(dir).run(all);
  }

  private void write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void unknownSnapshotKeyWithSuggestion() throws IOException {
    write("s.yaml", GOOD_SNAPSHOT.replace("  role:", "  rol:"));
    Cli.Result r = check("--snapshot", "s.yaml");
    assertEquals(3, r.exit());
    assertEquals("s.yaml:7:5: unknown key 'rol' (did you mean 'role'?)\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void levelOutsideTheLattice() throws IOException {
    write("s.yaml", GOOD_SNAPSHOT.replace("edit: None", "edit: Most"));
    Cli.Result r = check("--snapshot", "s.yaml");
    assertEquals(3, r.exit());
    assertEquals(
        "s.yaml:10:76: 'edit' has level 'Most' outside the lattice" + " (None, My, All)\n",
        r.err());
  }

  @Test
  void allProblemsOfAFileAtOnce() throws IOException {
    write(
        "s.yaml",
        GOOD_SNAPSHOT
            .replace("formatVersion: 1", "formatVersion: 2")
            .replace("edit: None", "edit: Most")
            .replace("  name:", "  nam:"));
    Cli.Result r = check("--snapshot", "s.yaml");
    assertEquals(3, r.exit());
    assertEquals(
        """
        s.yaml:1:16: unsupported formatVersion 2 (this psa-policy reads 1)
        s.yaml:6:5: unknown key 'nam' (did you mean 'name'?)
        s.yaml:10:76: 'edit' has level 'Most' outside the lattice (None, My, All)
        """,
        r.err());
  }

  @Test
  void unknownBaselineNamedByThePrincipal() throws IOException {
    write("s.yaml", GOOD_SNAPSHOT.replace("[hatz-ai-connectwise]", "[hatz-connectwise]"));
    Cli.Result r = check("--snapshot", "s.yaml");
    assertEquals(3, r.exit());
    assertEquals(
        "s.yaml:5: principal '187' names unknown baseline 'hatz-connectwise' (did you mean"
            + " 'hatz-ai-connectwise'?)\n",
        r.err());
  }

  @Test
  void unknownBaselineOnTheCommandLine() throws IOException {
    write("s.yaml", GOOD_SNAPSHOT);
    Cli.Result r = check("--snapshot", "s.yaml", "--baseline", "nope");
    assertEquals(3, r.exit());
    assertEquals(
        "--baseline: unknown baseline 'nope' (35 are known: psa-policy rules list"
            + " --baselines)\n",
        r.err());
  }

  @Test
  void brokenBaselineFile() throws IOException {
    write("s.yaml", GOOD_SNAPSHOT.replace("    integrations: [hatz-ai-connectwise]\n", ""));
    write(
        "b.yaml",
        """
        id: acme-hatz
        platform: connectwise
        title: Hatz for Acme
        source: https://example.com/guide
        retrieved: 2026-11-26
        rows:
          - { module: Service Desk, function: Service Tickets, add: All, edit: Nope }
          - { modul: Service Desk, function: Service Tickets }
          - { module: Service Dsk, function: Service Tickets }
          - { module: Service Desk, function: Service Tix }
        """);
    Cli.Result r = check("--snapshot", "s.yaml", "--baseline", "b.yaml");
    assertEquals(3, r.exit());
    assertEquals(
        """
        b.yaml:7:72: 'edit' has level 'Nope' outside the lattice (None, My, All)
        b.yaml:8:5: missing required key 'module'
        b.yaml:8:7: unknown key 'modul' (did you mean 'module'?)
        b.yaml:9:15: unknown ConnectWise module 'Service Dsk' (did you mean 'Service Desk'?)
        b.yaml:10:39: unknown function 'Service Tix' in module 'Service Desk'
        """,
        r.err());
  }

  @Test
  void baselineFileIsUsedForPrincipalsWithoutIntegrations() throws IOException {
    write("s.yaml", GOOD_SNAPSHOT.replace("    integrations: [hatz-ai-connectwise]\n", ""));
    write(
        "b.yaml",
        """
        id: acme-hatz
        platform: connectwise
        title: Hatz for Acme
        source: https://example.com/guide
        retrieved: 2026-11-26
        rows:
          - { module: Service Desk, function: Service Tickets, add: All }
        """);
    Cli.Result r = check("--snapshot", "s.yaml", "--baseline", "b.yaml");
    assertEquals(0, r.exit(), r.out() + r.err());
  }

  /**
   * A rule whose condition does not compile: one line at the condition's file:line with the
   * compiler's words and, where it knows one, what to write instead; exit 3, no stack trace.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "$g : Grant(nosuchfield == 1)        | unable to resolve method using strict-mode",
        "$a : Allowance(level == Level.NONE) | (Allowance facts are gone: match a judged Grant"
      })
  void drlThatDoesNotCompile(String condition, String says) throws IOException {
    write("s.yaml", GOOD_SNAPSHOT);
    write(
        "my-rules/bad.drl",
        """
        package acme.rules;
        import dev.psapolicy.facts.*;
        global dev.psapolicy.ruleapi.Findings findings;

        rule "ACME-1"
          @id("ACME-1") @severity("high") @title("t")
        when
          %s
        then
        end
        """
            .formatted(condition));
    Cli.Result r = check("--snapshot", "s.yaml", "--rules", "my-rules");
    assertEquals(3, r.exit(), r.err());
    String err = r.err();
    assertEquals(1, err.lines().count(), err);
    assertEquals(true, err.startsWith("my-rules/bad.drl:8:"), err);
    assertEquals(true, err.contains(says), err);
  }

  @Test
  void unknownSeverityAndMissingId() throws IOException {
    write("s.yaml", GOOD_SNAPSHOT);
    write(
        "my-rules/meta.drl",
        """
        package acme.rules;
        import dev.psapolicy.facts.*;
        global dev.psapolicy.ruleapi.Findings findings;

        rule "ACME-SEV"
          @id("ACME-SEV") @severity("severe") @title("t")
        when
          $p : Principal()
        then
        end

        rule "ACME-NOID"
          @severity("high") @title("t")
        when
          $p : Principal()
        then
        end
        """);
    Cli.Result r = check("--snapshot", "s.yaml", "--rules", "my-rules");
    assertEquals(3, r.exit());
    assertEquals(
        """
        my-rules/meta.drl:5: rule "ACME-SEV" has unknown @severity 'severe' (expected one of critical, high, medium, low, info)
        my-rules/meta.drl:12: rule "ACME-NOID" has no @id
        """,
        r.err());
  }

  @Test
  void duplicateRuleId() throws IOException {
    write("s.yaml", GOOD_SNAPSHOT);
    write(
        "my-rules/dup.drl",
        """
        package acme.rules;
        import dev.psapolicy.facts.*;
        global dev.psapolicy.ruleapi.Findings findings;

        rule "ACME-DUP"
          @id("PSA-NO-BASELINE") @severity("high") @title("t")
        when
          $p : Principal()
        then
        end
        """);
    Cli.Result r = check("--snapshot", "s.yaml", "--rules", "my-rules");
    assertEquals(3, r.exit());
    assertEquals(
        true,
        r.err()
            .startsWith(
                "my-rules/dup.drl:5: rule \"ACME-DUP\" reuses @id"
                    + " 'PSA-NO-BASELINE' of the rule at builtin:rules/practices.drl:"),
        r.err());
  }

  @Test
  void userRuleFiresWithBuiltIns() throws IOException {
    write("s.yaml", GOOD_SNAPSHOT.replace("add: All, edit: None", "add: All, edit: All"));
    write(
        "my-rules/ok.drl",
        """
        package acme.rules;
        import dev.psapolicy.facts.*;
        global dev.psapolicy.ruleapi.Findings findings;

        rule "ACME-NO-TICKET-EDIT"
          @id("ACME-NO-TICKET-EDIT") @severity("low") @title("No ticket edits")
        when
          $g : Grant(functionName == "Service Tickets", verb == Verb.EDIT, rank > 0)
        then
          findings.grant($g, "ticket edit", "lower it");
        end
        """);
    Cli.Result r = check("--snapshot", "s.yaml", "--rules", "my-rules", "--format", "json");
    assertEquals(1, r.exit(), r.err());
    assertEquals(true, r.out().contains("\"ruleId\" : \"ACME-NO-TICKET-EDIT\""), r.out());
    assertEquals(true, r.out().contains("\"ruleId\" : \"CW-TICKET-ADD-ONLY\""), r.out());
  }

  @Test
  void missingRulesFolder() throws IOException {
    write("s.yaml", GOOD_SNAPSHOT);
    Cli.Result r = check("--snapshot", "s.yaml", "--rules", "nowhere");
    assertEquals(3, r.exit());
    assertEquals("nowhere: rules folder or file not found\n", r.err());
  }

  @Test
  void unknownFormatAndSeverityAreUsageErrors() {
    assertEquals(
        "psa-policy check: unknown format 'xml' (formats: text, json, sarif, junit, markdown,"
            + " csv, html) (see psa-policy check --help)\n",
        check("--demo", "--format", "xml").err());
    Cli.Result r = check("--demo", "--fail-on", "severe");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy check: --fail-on has unknown severity 'severe' (expected one of"
            + " critical, high, medium, low, info) (see psa-policy check --help)\n",
        r.err());
    Cli.Result u = check("--demo", "--bogus");
    assertEquals(2, u.exit());
    assertEquals(
        "psa-policy check: Unrecognized option: --bogus (see psa-policy check --help)\n", u.err());
  }

  @Test
  void unknownCommand() {
    Cli.Result r = new Cli(dir).run("chek");
    assertEquals(2, r.exit());
    assertEquals(
        true, r.err().startsWith("psa-policy: unknown command 'chek' (commands: check"), r.err());
  }

  @Test
  void unknownPermissionIsIncompleteUnlessAllowed() throws IOException {
    write(
        "s.yaml",
        GOOD_SNAPSHOT.replace(
            "grants:\n",
            "grants:\n" + "      - { module: Finance, function: Crypto Payouts, add: All }\n"));
    Cli.Result r = check("--snapshot", "s.yaml");
    assertEquals(4, r.exit(), r.err());
    assertEquals(
        "psa-policy check: incomplete data: connectwise acme.example principal 187: Add"
            + " All on unknown Finance / Crypto Payouts (s.yaml:10); use --allow-unknown to report"
            + " it as a finding\n",
        r.err());
    Cli.Result allowed = check("--snapshot", "s.yaml", "--allow-unknown", "--format", "json");
    assertEquals(1, allowed.exit(), allowed.err());
    assertEquals(true, allowed.out().contains("\"ruleId\" : \"PSA-UNKNOWN-PERMISSION\""));
    assertEquals(
        false,
        allowed.out().contains("\"ruleId\" : \"PSA-OVERGRANT-ADD\""),
        "the unknown grant is claimed, not reported twice");
  }

  @Test
  void aLookAlikeNameIsShownAndNeverLowersTheSeverity() throws IOException {
    // "Sеrvice Tickets" with a Cyrillic е (U+0435): Delete All on the real cell is critical.
    write(
        "s.yaml",
        GOOD_SNAPSHOT.replace(
            "grants:\n",
            "grants:\n"
                + "      - { module: Service Desk, function: S\u0435rvice Tickets, delete: All }\n"));
    Cli.Result r = check("--snapshot", "s.yaml");
    assertEquals(4, r.exit(), r.err());
    assertEquals(
        true,
        r.err()
            .contains(
                "(it looks like 'Service Tickets' but has U+0435 CYRILLIC SMALL LETTER IE at"
                    + " column 2 of the name: a look-alike or invisible character)"),
        r.err());
    Cli.Result allowed =
        check(
            "--snapshot", "s.yaml", "--allow-unknown", "--fail-on", "critical", "--format", "json");
    assertEquals(1, allowed.exit(), allowed.out() + allowed.err());
    assertEquals(
        true,
        allowed
            .out()
            .matches(
                "(?s).*\"ruleId\" : \"PSA-UNKNOWN-PERMISSION\",\\s*\"severity\" : \"critical\".*"),
        allowed.out());
  }

  @Test
  void aLookAlikeNameInABaselineIsAnInputErrorWithItsCodePoint() throws IOException {
    write(
        "s.yaml", GOOD_SNAPSHOT.replace("integrations: [hatz-ai-connectwise]", "integrations: []"));
    write(
        "b.yaml",
        "id: lookalike-connectwise\n"
            + "platform: connectwise\n"
            + "title: T\n"
            + "product: P\n"
            + "vendor: V\n"
            + "source: https://example.com/guide\n"
            + "retrieved: 2026-11-26\n"
            + "rows:\n"
            + "  - { module: Service Desk, function: \"Service\u00a0Tickets\\u200d\", add: All }\n"
            + "  - { module: \uff33ervice Desk, function: Service Tickets, add: All }\n");
    Cli.Result r = check("--snapshot", "s.yaml", "--baseline", "b.yaml");
    assertEquals(3, r.exit(), r.err());
    assertEquals(true, r.err().contains("b.yaml:9:"), r.err());
    assertEquals(true, r.err().contains("U+00A0 NO-BREAK SPACE at column 8 of the name"), r.err());
    assertEquals(true, r.err().contains("b.yaml:10:"), r.err());
    assertEquals(
        true,
        r.err().contains("it looks like 'Service Desk' but has U+FF33 FULLWIDTH LATIN CAPITAL"),
        r.err());
  }

  @Test
  void snapshotMarkedIncompleteNeverPasses() throws IOException {
    write(
        "s.yaml",
        GOOD_SNAPSHOT.replace(
            "instance: acme.example",
            "instance: acme.example\ncomplete: false\nincomplete: [\"GET /system/members: 500\"]"));
    Cli.Result r = check("--snapshot", "s.yaml");
    assertEquals(4, r.exit());
    assertEquals(
        "psa-policy check: incomplete data: s.yaml: snapshot marked incomplete: GET"
            + " /system/members: 500\n",
        r.err());
  }

  /** A broken policy is reported alone, a broken snapshot once the policy is sound. */
  @ParameterizedTest
  @CsvSource({"check", "plan"})
  void aPolicyProblemIsReportedBeforeTheSnapshotsOnes(String command) throws IOException {
    write("s.yaml", GOOD_SNAPSHOT.replace("formatVersion: 1", "formatVersion: 2"));
    Cli.Result both = new Cli(dir).run(command, "--snapshot", "s.yaml", "--baseline", "nope");
    assertEquals(3, both.exit());
    assertEquals(
        "--baseline: unknown baseline 'nope' (35 are known: psa-policy rules list --baselines)\n",
        both.err().replaceAll("\\(\\d+ are known", "(35 are known"));
    Cli.Result snapshot =
        new Cli(dir).run(command, "--snapshot", "s.yaml", "--baseline", "hatz-ai-connectwise");
    assertEquals(3, snapshot.exit());
    assertEquals(
        "s.yaml:1:16: unsupported formatVersion 2 (this psa-policy reads 1)\n", snapshot.err());
  }
}
