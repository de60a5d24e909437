package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** accept: adopt the gate without switching it off. */
class AcceptCommandTest {
  @TempDir Path dir;

  private static final String[] INPUTS = {
    "--snapshot", "snapshot.yaml", "--baseline", "test-sync.yaml"
  };

  private Cli.Result run(String command, String... more) {
    String[] args = new String[1 + INPUTS.length + more.length];
    args[0] = command;
    System.arraycopy(INPUTS, 0, args, 1, INPUTS.length);
    System.arraycopy(more, 0, args, 1 + INPUTS.length, more.length);
    return new Cli(dir).run(args);
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
        "accepted.yaml:22:18: fingerprint 62a18eb8ae7e16b0e832664be23a2e6f does not"
            + " match the entry's rule, platform, instance, principal, module, function, verb and"
            + " actual (expected 9be7ddbc3abfbc25bca45c23c13b4194); re-run psa-policy accept instead"
            + " of editing entries by hand\n",
        r.err());
  }

  @Test
  void brokenAcceptedFilesAreInvalidInput() throws Exception {
    GateFixture.write(dir, "My", "All");
    Files.writeString(dir.resolve("accepted.yaml"), "accepted:\n  - rule: X\n    nmae: y\n");
    Cli.Result r = run("check", "--accepted", "accepted.yaml");
    assertEquals(3, r.exit());
    assertEquals(
        """
        accepted.yaml:2:5: missing required key 'fingerprint'
        accepted.yaml:2:5: missing required key 'instance'
        accepted.yaml:2:5: missing required key 'platform'
        accepted.yaml:2:5: missing required key 'principal'
        accepted.yaml:3:5: unknown key 'nmae' (did you mean 'note'?)
        """,
        r.err());
  }
}
