package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;

  static final String BASELINE =
      """
      id: acme-billing
      platform: connectwise
      title: Billing sync role
      source: https://example.com/billing
      retrieved: 2026-11-01
      rows:
        - { module: Finance, function: Agreements, add: All, edit: All, delete: None, inquire: All }
      """;

  static final String SNAPSHOT =
      """
      formatVersion: 1
      platform: connectwise
      instance: acme.example
      principals:
        - id: "301"
          name: Billing Sync
          integrations: [acme-billing]
          grants:
            - { module: Finance, function: Agreements, add: All, edit: All, delete: None, inquire: All }
      """;

  private void write(String path, String text) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void aValidTreeOfBaselinesSnapshotsAndCases() throws IOException {
    write("policy/baselines/acme-billing.yaml", BASELINE);
    write("policy/snapshots/acme.yaml", SNAPSHOT);
    write("policy/cases/billing/baseline.yaml", BASELINE);
    write("policy/cases/billing/snapshot.yaml", SNAPSHOT);
    write(
        "policy/cases/billing/expected.yaml",
        """
        baselines: [baseline.yaml]
        negative: [PSA-OVERGRANT-DELETE]
        violations: []
        """);
    write("policy/notes.json", "{ \"note\": \"not a psa-policy file\" }");
    Cli.Result r = new Cli(dir).run("validate", "policy");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        """
        skipped policy/notes.json (not a catalog, rule, baseline, snapshot, test case, config, waivers or accepted-findings file)
        valid: 2 baselines, 2 snapshots, 1 test case
        """,
        r.out());
    assertEquals("", r.err());
  }

  @Test
  void everyErrorOfEveryFileAtOnce() throws IOException {
    write("p/rules/a.drl", RulesCommandTest.BROKEN_DRL);
    write("p/rules/b.drl", RulesCommandTest.BAD_METADATA_DRL);
    write(
        "p/baselines/bad.yaml",
        """
        id: acme-billing
        platform: connectwise
        title: Billing sync role
        source: https://example.com/billing
        retrieved: 2026-11-01
        rows:
          - { module: Finance, function: Agreements, add: All, edti: All, delete: Most }
        """);
    write("p/snapshots/broken.yaml", "formatVersion: 1\nplatform: [connectwise\n");
    write("p/snapshots/unknown-baseline.yaml", SNAPSHOT.replace("acme-billing", "acme-biling"));
    write("p/cases/c/snapshot.yaml", SNAPSHOT.replace("[acme-billing]", "[hatz-ai-connectwise]"));
    write(
        "p/cases/c/expected.yaml",
        """
        violations:
          - { rule: CW-TICKET-ADD-ONY, principal: "301", severity: high }
        """);
    Cli.Result r = new Cli(dir).run("validate", "p");
    assertEquals(3, r.exit(), r.out());
    assertEquals(
        """
        p/baselines/bad.yaml:7:56: unknown key 'edti' (did you mean 'edit'?)
        p/baselines/bad.yaml:7:75: 'delete' has level 'Most' outside the lattice (None, My, All)
        p/cases/c/expected.yaml:2:13: unknown rule 'CW-TICKET-ADD-ONY' (did you mean 'CW-TICKET-ADD-ONLY'?)
        p/rules/a.drl:8: Unable to Analyse Expression modul == "Finance": unable to resolve method using strict-mode: dev.psapolicy.facts.Grant.modul() (did you mean 'module'?)
        p/rules/b.drl:5: rule "ACME-NO-ID" has no @id
        p/rules/b.drl:13: rule "ACME-SEVERITY" has unknown @severity 'severe' (expected one of critical, high, medium, low, info)
        p/snapshots/broken.yaml:3:1: while parsing a flow sequence: expected ',' or ']', but got <stream end>
        p/snapshots/unknown-baseline.yaml:5: principal '301' names unknown baseline 'acme-biling' (35 are known: psa-policy rules list --baselines)
        psa-policy validate: 8 problems in 6 files (checked 2 rule files, 1 baseline, 2 snapshots, 1 test case)
        """,
        r.err());
    assertEquals("", r.out());
  }

  @Test
  void explicitFilesOfNoKnownKindAndMissingPaths() throws IOException {
    write("notes.yaml", "hello: world\n");
    Cli.Result r = new Cli(dir).run("validate", "notes.yaml", "nope");
    assertEquals(3, r.exit(), r.out());
    assertEquals(
        """
        nope: file or folder not found
        notes.yaml: cannot tell what kind of file this is (known: catalog, rule file, baseline, snapshot, test case, policy config, waivers file, accepted-findings file)
        psa-policy validate: 2 problems in 2 files (checked no psa-policy files)
        """,
        r.err());
  }

  @Test
  void theCheckoutsOwnRulesBaselinesAndCasesAreValid() {
    Cli.Result r = new Cli(Path.of("").toAbsolutePath()).run("validate", "rules", "baselines");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        """
        valid: 2 catalogs, 4 rule files, 17 rules, 45 baselines, 103 snapshots, 103 test cases
        """,
        r.out());
  }

  @Test
  void gateFilesAreValidatedToo() throws IOException {
    write("gate/psa-policy.yaml", "failOn: hgh\n");
    write(
        "gate/waivers.yaml",
        """
        waivers:
          - id: W-1
            rule: "*"
            scope: { platform: connectwise, principal: "187" }
            reason: r
            approver: a@example.com
            ticket: T-1
            created: 2026-01-01
            expires: 2026-02-01
        """);
    write("gate/accepted.yaml", "accepted:\n  - { fingerprint: 12 }\n");
    Cli.Result r = new Cli(dir).run("validate", "gate");
    assertEquals(3, r.exit(), r.out());
    assertEquals(
        """
        gate/accepted.yaml:2:5: missing required key 'acceptedBy' (who accepted the finding; psa-policy accept --by NAME records it)
        gate/accepted.yaml:2:5: missing required key 'acceptedOn'
        gate/accepted.yaml:2:5: missing required key 'instance'
        gate/accepted.yaml:2:5: missing required key 'platform'
        gate/accepted.yaml:2:5: missing required key 'principal'
        gate/accepted.yaml:2:5: missing required key 'rule'
        gate/psa-policy.yaml:1:9: 'failOn' has unknown value 'hgh' (did you mean 'high'?)
        gate/waivers.yaml:9:14: waiver W-1: expired on 2026-02-01 (valid through that day, UTC)
        psa-policy validate: 8 problems in 3 files (checked 1 policy config, 1 waiver, 1 waivers file, 1 accepted-findings file)
        """,
        r.err());
  }

  /**
   * A config that states its formatVersion is a config (by name or by its keys), not a snapshot.
   */
  @Test
  void aConfigWithFormatVersionIsNotTakenForASnapshot() throws IOException {
    write("cfg/psa-policy.yaml", "formatVersion: 1\nfailOn: high\n");
    write("cfg/team-gate.yaml", "formatVersion: 1\nfailOn: hgh\n");
    Cli.Result r = new Cli(dir).run("validate", "cfg/psa-policy.yaml", "cfg/team-gate.yaml");
    assertEquals(3, r.exit(), r.out() + r.err());
    assertEquals(
        """
        cfg/team-gate.yaml:2:9: 'failOn' has unknown value 'hgh' (did you mean 'high'?)
        psa-policy validate: 1 problem in 1 file (checked 2 policy configs)
        """,
        r.err());
  }

  @Test
  void validateAndTestAgreeAboutACaseBaselineOutsideTheCaseFolder() throws IOException {
    write("policy/baselines/acme-billing.yaml", BASELINE);
    write("policy/cases/billing/snapshot.yaml", SNAPSHOT);
    write(
        "policy/cases/billing/expected.yaml",
        """
        baselines: [../../baselines/acme-billing.yaml]
        violations: []
        """);
    Path cases = dir.resolve("policy/cases");
    for (String[] args :
        new String[][] {
          {"validate", "."}, {"validate", "billing"}, {"test", "."}, {"test", "billing"}
        }) {
      Cli.Result r = new Cli(cases).run(args);
      assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r.out() + r.err());
    }
    // the case still judges its snapshot's baselines: an unknown one is reported by both
    write(
        "policy/cases/billing/snapshot.yaml", SNAPSHOT.replace("[acme-billing]", "[acme-biling]"));
    for (String command : new String[] {"validate", "test"}) {
      Cli.Result r = new Cli(cases).run(command, "billing");
      assertEquals(3, r.exit(), command + "\n" + r.out() + r.err());
      assertEquals(
          "billing/snapshot.yaml:5: principal '301' names unknown baseline 'acme-biling' (did you"
              + " mean 'acme-billing'?)",
          r.err().lines().findFirst().orElse(""),
          command);
    }
  }
}
