package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** accept: adopt the gate without switching it off. */
class AcceptCommandTest {
  @TempDir Path dir;

  private static final String[] INPUTS = {
    "--snapshot", "snapshot.yaml", "--baseline", "test-sync.yaml"
  };

  /** Who accepts in these tests. */
  private static final String BY = "jane.doe@acme.example";

  /** Runs a command on the fixture's inputs; {@code accept} names who accepts. */
  private Cli.Result run(String command, String... more) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of(INPUTS));
    if (command.equals("accept")) {
      args.addAll(List.of("--by", BY));
    }
    args.addAll(List.of(more));
    return new Cli(dir).run(args.toArray(String[]::new));
  }

  private String accepted() throws Exception {
    return Files.readString(dir.resolve("accepted.yaml"));
  }

  @Test
  void recordsTheViolationsByFingerprintWithContextForReviewers() throws Exception {
    GateFixture.write(dir, "My", "All");
    Cli.Result r = run("accept", "-o", "accepted.yaml");
    assertEquals(0, r.exit(), r.err());
    assertEquals("psa-policy accept: wrote accepted.yaml: 2 accepted finding(s)\n", r.out());
    assertEquals(
        """
        # Accepted findings for `psa-policy check --accepted` (written by `psa-policy accept`).
        # An entry is matched by its fingerprint: platform, instance, principal, module, function,
        # verb, rule and the granted level. It lapses by itself when that violation disappears or
        # its level changes. `psa-policy accept --update` removes lapsed entries; only
        # `--update --add-new` adds new ones. The context fields are for reviewers and never matched.
        formatVersion: 1
        accepted:
          - fingerprint: f16f01644963a84f2902983462585137
            rule: CW-TICKET-ADD-ONLY
            platform: connectwise
            instance: acme.example
            principal: "187"
            module: Service Desk
            function: Service Tickets
            verb: inquire
            actual: My
            acceptedOn: 2026-11-26
            acceptedBy: jane.doe@acme.example
            context:
              principalName: Hatz AI
              severity: high
              message: Inquire on Service Desk / Service Tickets is My; test-sync allows None (1 step too high)
          - fingerprint: 62a18eb8ae7e16b0e832664be23a2e6f
            rule: CW-TIME-ENTRY-DELETE-MY
            platform: connectwise
            instance: acme.example
            principal: "187"
            module: Time & Expense
            function: Time Entry
            verb: delete
            actual: All
            acceptedOn: 2026-11-26
            acceptedBy: jane.doe@acme.example
            context:
              principalName: Hatz AI
              severity: high
              message: Delete on Time & Expense / Time Entry is All; test-sync allows My (1 step too high)
        """,
        accepted());
  }

  @Test
  void checkFailsOnlyOnViolationsNotAcceptedAndShowsTheAcceptedOnes() throws Exception {
    GateFixture.write(dir, "My", "All");
    assertEquals(0, run("accept", "-o", "accepted.yaml").exit());
    Cli.Result r = run("check", "--accepted", "accepted.yaml");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(
        r.out()
            .contains(
                "         ACCEPTED by accepted.yaml (does not count against the" + " gate)\n"),
        r.out());
    assertTrue(
        r.out()
            .endsWith(
                "summary: 2 violation(s): 0 critical, 2 high, 0 medium, 0 low,"
                    + " 0 info; 0 open, 0 waived, 2 accepted\ngate: PASS (fail-on high: 0 at or above) exit"
                    + " 0\n"),
        r.out());
    assertEquals("", r.err());
  }

  @Test
  void anAcceptedFindingWhoseGrantWidensIsANewFindingThatFailsTheGate() throws Exception {
    GateFixture.write(dir, "My", "My");
    assertEquals(0, run("accept", "-o", "accepted.yaml").exit());
    assertEquals(0, run("check", "--accepted", "accepted.yaml").exit());

    GateFixture.write(dir, "All", "My");
    Cli.Result r = run("check", "--accepted", "accepted.yaml");
    assertEquals(1, r.exit(), r.out());
    assertTrue(
        r.out()
            .contains(
                "HIGH     CW-TICKET-ADD-ONLY  connectwise acme.example  Hatz AI"
                    + " (187)  Service Desk / Service Tickets inquire All (allowed None)\n         Inquire on"
                    + " Service Desk / Service Tickets is All; test-sync allows None (2 steps too high)\n"),
        r.out());
    assertFalse(r.out().contains("ACCEPTED"), r.out());
    assertEquals(
        "psa-policy check: note: accepted.yaml:8: accepted finding lapsed, its violation"
            + " is resolved or changed: connectwise acme.example Hatz AI (187) Service Desk /"
            + " Service Tickets inquire My CW-TICKET-ADD-ONLY\npsa-policy check: note: psa-policy"
            + " accept --update -o accepted.yaml removes lapsed entries\n",
        r.err());
  }

  @Test
  void updateRemovesResolvedEntriesButNeverAddsNewOnesUnlessAsked() throws Exception {
    GateFixture.write(dir, "My", "My");
    assertEquals(0, run("accept", "-o", "accepted.yaml").exit());
    String before = accepted();

    GateFixture.write(dir, "None", "All");
    Cli.Result r = run("accept", "-o", "accepted.yaml", "--update");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        """
        psa-policy accept: updated accepted.yaml: 0 accepted finding(s); 1 removed (resolved or changed), 1 new not added (--add-new accepts them)
          removed: connectwise acme.example Hatz AI (187) Service Desk / Service Tickets inquire My CW-TICKET-ADD-ONLY
          new, not accepted: connectwise acme.example Hatz AI (187) Time & Expense / Time Entry delete All CW-TIME-ENTRY-DELETE-MY
        """,
        r.out());
    assertFalse(accepted().contains("CW-TIME-ENTRY-DELETE-MY"), accepted());
    assertTrue(before.contains("CW-TICKET-ADD-ONLY"));
    assertEquals(
        1,
        run("check", "--accepted", "accepted.yaml").exit(),
        "the new violation still fails the gate");

    Cli.Result add = run("accept", "-o", "accepted.yaml", "--update", "--add-new");
    assertEquals(0, add.exit(), add.err());
    assertEquals(
        """
        psa-policy accept: updated accepted.yaml: 1 accepted finding(s); 0 removed (resolved or changed), 1 added
          added: connectwise acme.example Hatz AI (187) Time & Expense / Time Entry delete All CW-TIME-ENTRY-DELETE-MY
        """,
        add.out());
    assertEquals(0, run("check", "--accepted", "accepted.yaml").exit());
  }

  @Test
  void anUpdateKeepsEntriesAndTheirDatesAsTheyWere() throws Exception {
    GateFixture.write(dir, "My", "All");
    assertEquals(
        0,
        new Cli(dir)
            .clock(GateFixture.at("2026-11-01T09:00:00Z"))
            .env("PSA_POLICY_ACCEPTED_BY", "ops@acme.example")
            .run(
                "accept",
                "--snapshot",
                "snapshot.yaml",
                "--baseline",
                "test-sync.yaml",
                "-o",
                "accepted.yaml")
            .exit());
    String before = accepted();
    Cli.Result r = run("accept", "-o", "accepted.yaml", "--update");
    assertEquals(
        "psa-policy accept: updated accepted.yaml: 2 accepted finding(s); 0 removed"
            + " (resolved or changed), 0 new not added\n",
        r.out());
    assertEquals(before, accepted());
    assertTrue(before.contains("acceptedOn: 2026-11-01"), before);
    assertTrue(before.contains("acceptedBy: ops@acme.example"), before);
  }

  @Test
  void acceptRecordsWhoAcceptedOrRefuses() throws Exception {
    GateFixture.write(dir, "My", "All");
    Cli.Result r =
        new Cli(dir)
            .run(
                "accept",
                "--snapshot",
                "snapshot.yaml",
                "--baseline",
                "test-sync.yaml",
                "-o",
                "accepted.yaml");
    assertEquals(2, r.exit(), r.err());
    assertEquals(
        "psa-policy accept: give --by NAME (who accepts the findings, recorded in each entry;"
            + " or set PSA_POLICY_ACCEPTED_BY) (see psa-policy accept --help)\n",
        r.err());
    assertFalse(Files.exists(dir.resolve("accepted.yaml")));
    Cli.Result multiLine =
        new Cli(dir)
            .run(
                "accept",
                "--snapshot",
                "snapshot.yaml",
                "--baseline",
                "test-sync.yaml",
                "-o",
                "accepted.yaml",
                "--by",
                "jane\nacceptedBy: x");
    assertEquals(2, multiLine.exit(), multiLine.err());
    assertFalse(Files.exists(dir.resolve("accepted.yaml")));
  }

  /** Attack: accept (or hand-edit) a critical finding to pass the gate without a say-so. */
  @Test
  void acceptingACriticalFindingNeedsTheConfigsOptIn() throws Exception {
    GateFixture.write(dir, "My", "All");
    Files.writeString(
        dir.resolve("psa-policy.yaml"), "severity:\n  CW-TICKET-ADD-ONLY: critical\n");
    Cli.Result refused = run("accept", "-o", "accepted.yaml");
    assertEquals(2, refused.exit(), refused.err());
    assertEquals(
        "psa-policy accept: refusing to accept 1 critical finding(s) (connectwise acme.example"
            + " Hatz AI (187) Service Desk / Service Tickets inquire My CW-TICKET-ADD-ONLY): fix"
            + " them, or set 'acceptCritical: true' in the policy config to accept critical"
            + " findings; nothing written (see psa-policy accept --help)\n",
        refused.err());
    assertFalse(Files.exists(dir.resolve("accepted.yaml")));

    Files.writeString(
        dir.resolve("psa-policy.yaml"),
        "severity:\n  CW-TICKET-ADD-ONLY: critical\nacceptCritical: true\n");
    assertEquals(0, run("accept", "-o", "accepted.yaml").exit());
    assertEquals(0, run("check", "--accepted", "accepted.yaml").exit());

    // without the opt-in the entry accepts nothing, even with its context edited to look harmless
    Files.writeString(
        dir.resolve("psa-policy.yaml"), "severity:\n  CW-TICKET-ADD-ONLY: critical\n");
    Files.writeString(
        dir.resolve("accepted.yaml"),
        accepted().replaceFirst("severity: critical", "severity: low"));
    Cli.Result check = run("check", "--accepted", "accepted.yaml");
    assertEquals(1, check.exit(), check.out());
    assertEquals(
        "psa-policy check: warning: accepted.yaml:8: accepted finding does not accept its"
            + " violation: it is critical and the policy config does not set 'acceptCritical:"
            + " true': connectwise acme.example Hatz AI (187) Service Desk / Service Tickets"
            + " inquire My CW-TICKET-ADD-ONLY\n",
        check.err());
    assertTrue(check.out().contains("1 open, 0 waived, 1 accepted"), check.out());
  }

  /** Attack: an entry dated in the future (a hand edit; accept never writes one). */
  @Test
  void anEntryAcceptedInTheFutureAcceptsNothing() throws Exception {
    GateFixture.write(dir, "My", "All");
    assertEquals(0, run("accept", "-o", "accepted.yaml").exit());
    Files.writeString(
        dir.resolve("accepted.yaml"),
        accepted().replaceFirst("acceptedOn: 2026-11-26", "acceptedOn: 2026-11-27"));
    Cli.Result r = run("check", "--accepted", "accepted.yaml");
    assertEquals(1, r.exit(), r.out());
    assertEquals(
        "psa-policy check: warning: accepted.yaml:8: accepted finding does not accept its"
            + " violation: acceptedOn 2026-11-27 lies in the future (today is 2026-11-26 UTC):"
            + " connectwise acme.example Hatz AI (187) Service Desk / Service Tickets inquire My"
            + " CW-TICKET-ADD-ONLY\n",
        r.err());
    assertTrue(r.out().contains("1 open, 0 waived, 1 accepted"), r.out());
  }

  @Test
  void acceptNeverOverwritesAnExistingFile() throws Exception {
    GateFixture.write(dir, "My", "All");
    Files.writeString(dir.resolve("accepted.yaml"), "accepted: []\n");
    Cli.Result r = run("accept", "-o", "accepted.yaml");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy accept: accepted.yaml exists; --update removes its resolved entries"
            + " (--update --add-new also adds new violations), or delete it to start over (see"
            + " psa-policy accept --help)\n",
        r.err());
    assertEquals("accepted: []\n", accepted());
  }

  @Test
  void addNewOnlyGoesWithUpdate() throws Exception {
    GateFixture.write(dir, "My", "All");
    Cli.Result r = run("accept", "-o", "accepted.yaml", "--add-new");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy accept: --add-new only goes with --update (see psa-policy accept"
            + " --help)\n",
        r.err());
  }

  @Test
  void anOutputFileIsRequired() throws Exception {
    GateFixture.write(dir, "My", "All");
    Cli.Result r = run("accept");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy accept: give -o FILE (or 'accepted' in the policy config) (see"
            + " psa-policy accept --help)\n",
        r.err());
  }

  @Test
  void incompleteDataIsNeverAccepted() throws Exception {
    GateFixture.write(dir, "My", "All", true, false);
    Cli.Result r = run("accept", "-o", "accepted.yaml");
    assertEquals(4, r.exit());
    assertEquals(
        "psa-policy accept: incomplete data: nothing written: accepting from incomplete"
            + " data could drop entries of violations it did not see (snapshot.yaml: snapshot marked"
            + " incomplete)\n",
        r.err());
    assertFalse(Files.exists(dir.resolve("accepted.yaml")));
  }

  @Test
  void waivedViolationsAreLeftToTheirWaivers() throws Exception {
    GateFixture.write(dir, "My", "All");
    Files.writeString(
        dir.resolve("waivers.yaml"),
        "waivers:\n" + GateFixture.waiver("W-12", "2026-11-20", "2027-01-15"));
    Cli.Result r = run("accept", "-o", "accepted.yaml", "--waivers", "waivers.yaml");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "psa-policy accept: wrote accepted.yaml: 1 accepted finding(s); 1 waived"
            + " violation(s) left to their waivers\n",
        r.out());
    assertFalse(accepted().contains("CW-TIME-ENTRY-DELETE-MY"), accepted());
  }

  @Test
  void aHandEditedEntryIsInvalidInput() throws Exception {
    GateFixture.write(dir, "My", "All");
    assertEquals(0, run("accept", "-o", "accepted.yaml").exit());
    Files.writeString(
        dir.resolve("accepted.yaml"), accepted().replace("    actual: All\n", "    actual: My\n"));
    Cli.Result r = run("check", "--accepted", "accepted.yaml");
    assertEquals(3, r.exit());
    assertEquals(
        "accepted.yaml:23:18: fingerprint 62a18eb8ae7e16b0e832664be23a2e6f does not"
            + " match the entry's rule, platform, instance, principal, module, function, verb and"
            + " actual; re-run psa-policy accept instead of editing entries by hand\n",
        r.err());
    assertFalse(r.err().contains("9be7ddbc3abfbc25bca45c23c13b4194"), "never the matching value");
  }

  @Test
  void brokenAcceptedFilesAreInvalidInput() throws Exception {
    GateFixture.write(dir, "My", "All");
    Files.writeString(dir.resolve("accepted.yaml"), "accepted:\n  - rule: X\n    nmae: y\n");
    Cli.Result r = run("check", "--accepted", "accepted.yaml");
    assertEquals(3, r.exit());
    assertEquals(
        """
        accepted.yaml:2:5: missing required key 'acceptedBy' (who accepted the finding; psa-policy accept --by NAME records it)
        accepted.yaml:2:5: missing required key 'acceptedOn'
        accepted.yaml:2:5: missing required key 'fingerprint'
        accepted.yaml:2:5: missing required key 'instance'
        accepted.yaml:2:5: missing required key 'platform'
        accepted.yaml:2:5: missing required key 'principal'
        accepted.yaml:3:5: unknown key 'nmae' (did you mean 'note'?)
        """,
        r.err());
  }
}
