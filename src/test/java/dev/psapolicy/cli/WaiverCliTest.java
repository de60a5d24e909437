package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --waivers: waived violations stay visible, invalid waivers fail closed. */
class WaiverCliTest {
  @TempDir Path dir;

  private static final String[] CHECK = {
    "check",
    "--snapshot",
    "snapshot.yaml",
    "--baseline",
    "test-sync.yaml",
    "--waivers",
    "waivers.yaml"
  };

  @BeforeEach
  void msp() throws Exception {
    GateFixture.write(dir, "None", "All");
  }

  private void waivers(String entries) throws Exception {
    Files.writeString(dir.resolve("waivers.yaml"), "waivers:\n" + entries);
  }

  private static String[] with(String... more) {
    String[] out = new String[CHECK.length + more.length];
    System.arraycopy(CHECK, 0, out, 0, CHECK.length);
    System.arraycopy(more, 0, out, CHECK.length, more.length);
    return out;
  }

  @Test
  void withoutTheWaiverTheGateFails() {
    Cli.Result r =
        new Cli(dir).run("check", "--snapshot", "snapshot.yaml", "--baseline", "test-sync.yaml");
    assertEquals(1, r.exit(), r.err());
    assertTrue(
        r.out()
            .endsWith(
                "summary: 1 violation(s): 0 critical, 1 high, 0 medium, 0 low,"
                    + " 0 info; 1 open, 0 waived, 0 accepted\ngate: FAIL (fail-on high: 1 at or above) exit"
                    + " 1\n"),
        r.out());
  }

  @Test
  void aValidWaiverKeepsTheViolationVisibleAndCountedApart() throws Exception {
    waivers(GateFixture.waiver("W-12", "2026-11-20", "2027-01-15"));
    Cli.Result r = new Cli(dir).run(CHECK);
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(
        r.out()
            .contains(
                """
        HIGH     CW-TIME-ENTRY-DELETE-MY  connectwise acme.example  Hatz AI (187)  Time & Expense / Time Entry delete All (allowed My)
                 WAIVED by W-12 (does not count against the gate)
        """),
        r.out());
    assertTrue(
        r.out()
            .endsWith(
                "summary: 1 violation(s): 0 critical, 1 high, 0 medium, 0 low,"
                    + " 0 info; 0 open, 1 waived, 0 accepted\ngate: PASS (fail-on high: 0 at or above) exit"
                    + " 0\n"),
        r.out());
    assertEquals("", r.err());
  }

  @Test
  void aWaiverThatExpiresBetweenTwoRuns() throws Exception {
    waivers(GateFixture.waiver("W-12", "2026-11-20", "2027-01-15"));
    Cli.Result lastDay = new Cli(dir).clock(GateFixture.at("2027-01-15T23:59:59Z")).run(CHECK);
    assertEquals(0, lastDay.exit(), lastDay.out());
    assertEquals(
        "psa-policy check: warning: waivers.yaml:10:14: waiver W-12 expires on"
            + " 2027-01-15 (last valid day today)\n",
        lastDay.err());
    assertTrue(lastDay.out().contains("WAIVED by W-12"), lastDay.out());
    assertTrue(
        lastDay
            .out()
            .contains(
                "INFO     PSA-WAIVER-EXPIRING  connectwise acme.example"
                    + "  187\n         waiver W-12 (waivers.yaml:2:5) expires on 2027-01-15: last valid day"
                    + " today, then the 1 violation(s) it covers count against the gate\n"),
        lastDay.out());

    Cli.Result nextDay = new Cli(dir).clock(GateFixture.at("2027-01-16T00:00:00Z")).run(CHECK);
    assertEquals(1, nextDay.exit(), nextDay.out());
    assertEquals(
        "psa-policy check: warning: waivers.yaml:10:14: waiver W-12 waives nothing:"
            + " expired on 2027-01-15 (valid through that day, UTC)\n",
        nextDay.err());
    assertTrue(
        nextDay
            .out()
            .contains(
                """
        HIGH     PSA-WAIVER-INVALID  connectwise acme.example  187
                 waiver W-12 (waivers.yaml:2:5) waives nothing: expired on 2027-01-15 (valid through that day, UTC); it does not waive the 1 violation(s) it names
                 fix: fix the grants waiver W-12 covers and delete it, or renew it with a fresh approval (expires at most 90 days after created)
        """),
        nextDay.out());
    assertTrue(
        nextDay
            .out()
            .endsWith(
                "summary: 2 violation(s): 0 critical, 2 high, 0 medium,"
                    + " 0 low, 0 info; 2 open, 0 waived, 0 accepted\ngate: FAIL (fail-on high: 2 at or"
                    + " above) exit 1\n"),
        nextDay.out());
  }

  @Test
  void aMalformedWaiverWaivesNothingAndIsAFinding() throws Exception {
    waivers(
        GateFixture.waiver("W-12", "2026-11-20", "2027-01-15")
            .replace("    expires: 2027-01-15\n", ""));
    Cli.Result r = new Cli(dir).run(CHECK);
    assertEquals(1, r.exit(), r.out());
    assertEquals(
        "psa-policy check: warning: waivers.yaml:2:5: waiver W-12 waives nothing:"
            + " missing required key 'expires'\n",
        r.err());
    assertTrue(
        r.out()
            .contains(
                "waiver W-12 (waivers.yaml:2:5) waives nothing: missing"
                    + " required key 'expires'; it does not waive the 1 violation(s) it names\n         fix: correct"
                    + " waiver W-12 in waivers.yaml: every waiver needs id, rule, scope, reason, approver,"
                    + " ticket, created and expires (at most 90 days after created)\n"),
        r.out());
  }

  /** Attack: {@code rule: "*"} with {@code principal: "*"} would waive every finding. */
  @Test
  void aWaiverOfEverythingWaivesNothingAndFailsTheGate() throws Exception {
    waivers(
        GateFixture.waiver("W-ALL", "2026-11-20", "2027-01-15")
            .replace("rule: CW-TIME-ENTRY-DELETE-MY", "rule: \"*\"")
            .replaceAll("(?s)scope: \\{.*?\\}", "scope: { principal: \"*\" }"));
    Cli.Result r = new Cli(dir).run(CHECK);
    assertEquals(1, r.exit(), r.out());
    assertEquals(
        "psa-policy check: warning: waivers.yaml:2:5: waiver W-ALL waives nothing: 'scope' covers"
            + " everything (principal=*); name the platform, instance, principal or cell it is for"
            + " (switch a rule off everywhere with 'disable' in psa-policy.yaml instead)\n",
        r.err());
    assertTrue(r.out().contains("0 waived"), r.out());
    assertTrue(r.out().contains("PSA-WAIVER-INVALID"), r.out());

    Cli.Result strict = new Cli(dir).run(with("--strict-waivers"));
    assertEquals(3, strict.exit(), strict.out());
    assertEquals(
        "waivers.yaml:2:5: waiver W-ALL: 'scope' covers everything (principal=*); name the"
            + " platform, instance, principal or cell it is for (switch a rule off everywhere with"
            + " 'disable' in psa-policy.yaml instead)\n",
        strict.err());
  }

  @Test
  void strictWaiversMissingExpiresIsInvalidInput() throws Exception {
    waivers(
        GateFixture.waiver("W-12", "2026-11-20", "2027-01-15")
            .replace("    expires: 2027-01-15\n", ""));
    Cli.Result r = new Cli(dir).run(with("--strict-waivers"));
    assertEquals(3, r.exit(), r.out());
    assertEquals("waivers.yaml:2:5: waiver W-12: missing required key 'expires'\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void strictWaiversTtlTooLongIsInvalidInput() throws Exception {
    waivers(GateFixture.waiver("W-12", "2026-11-20", "2027-03-01"));
    Cli.Result r = new Cli(dir).run(with("--strict-waivers"));
    assertEquals(3, r.exit(), r.out());
    assertEquals(
        "waivers.yaml:10:14: waiver W-12: expires 2027-03-01 is 101 days after created"
            + " 2026-11-20; at most 90 days are allowed\n",
        r.err());
  }

  @Test
  void strictWaiversExpiredIsInvalidInput() throws Exception {
    waivers(GateFixture.waiver("W-12", "2026-09-01", "2026-11-25"));
    Cli.Result r = new Cli(dir).run(with("--strict-waivers"));
    assertEquals(3, r.exit(), r.out());
    assertEquals(
        "waivers.yaml:10:14: waiver W-12: expired on 2026-11-25 (valid through that day,"
            + " UTC)\n",
        r.err());
  }

  @Test
  void strictWaiversBadGlobAndUnknownRuleAreInvalidInput() throws Exception {
    waivers(
        GateFixture.waiver("W-12", "2026-11-20", "2027-01-15")
                .replace("principal: \"187\"", "principal: \"18[\"")
            + GateFixture.waiver("W-13", "2026-11-20", "2027-01-15")
                .replace("rule: CW-TIME-ENTRY-DELETE-MY", "rule: CW-TIME-ENTRY-DELETE-ALL"));
    Cli.Result r = new Cli(dir).run(with("--strict-waivers"));
    assertEquals(3, r.exit(), r.out());
    assertEquals(
        "waivers.yaml:4:72: waiver W-12: bad glob '18[': the '[' at position 3 is never"
            + " closed\nwaivers.yaml:12:11: waiver W-13: unknown rule id 'CW-TIME-ENTRY-DELETE-ALL'"
            + " (did you mean 'CW-TIME-ENTRY-DELETE-MY'?)\n",
        r.err());
  }

  @Test
  void brokenYamlIsInvalidInput() throws Exception {
    Files.writeString(dir.resolve("waivers.yaml"), "waivers:\n  - id: [W-1\n");
    Cli.Result r = new Cli(dir).run(CHECK);
    assertEquals(3, r.exit());
    assertEquals(
        "waivers.yaml:3:1: while parsing a flow sequence: expected ',' or ']', but got"
            + " <stream end>\n",
        r.err());
  }

  @Test
  void anUnknownTopLevelKeyIsInvalidInput() throws Exception {
    Files.writeString(dir.resolve("waivers.yaml"), "waivers: []\nexpiry: 90\n");
    Cli.Result r = new Cli(dir).run(CHECK);
    assertEquals(3, r.exit());
    assertEquals(
        "waivers.yaml:2:1: unknown key 'expiry' (allowed: formatVersion, waivers)\n", r.err());
  }

  @Test
  void aMissingWaiversFileIsInvalidInput() {
    Cli.Result r = new Cli(dir).run(CHECK);
    assertEquals(3, r.exit());
    assertEquals("waivers.yaml: file not found\n", r.err());
  }

  @Test
  void aWaiverMatchingNothingIsReportedStale() throws Exception {
    waivers(
        GateFixture.waiver("W-12", "2026-11-20", "2027-01-15")
            .replace("verb: delete", "verb: edit"));
    Cli.Result r = new Cli(dir).run(CHECK);
    assertEquals(1, r.exit(), r.out());
    assertEquals(
        "psa-policy check: warning: waivers.yaml:2:5: waiver W-12 matches no violation"
            + " (stale)\n",
        r.err());
    assertTrue(
        r.out()
            .contains(
                "LOW      PSA-WAIVER-STALE  connectwise acme.example  187\n"
                    + "         waiver W-12 (waivers.yaml:2:5) matches no violation (rule"
                    + " CW-TIME-ENTRY-DELETE-MY, platform=connectwise instance=acme.example principal=187"
                    + " module=Time & Expense function=Time Entry verb=edit)\n"),
        r.out());
  }

  @Test
  void jsonCarriesTheDispositionTheWaiverRulesAndTheWaiversFile() throws Exception {
    waivers(GateFixture.waiver("W-12", "2026-11-20", "2027-01-15"));
    Cli.Result r = new Cli(dir).run(with("--format", "json"));
    assertEquals(0, r.exit(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    JsonNode v = json.get("violations").get(0);
    assertEquals("waived", v.get("status").asText());
    assertEquals("W-12", v.get("disposedBy").asText());
    assertEquals(1, json.get("summary").get("waived").asInt());
    assertEquals(0, json.get("summary").get("failing").asInt());
    assertTrue(json.get("rules").toString().contains("\"id\":\"PSA-WAIVER-INVALID\""));
    assertTrue(
        json.get("run")
            .get("inputs")
            .toString()
            .contains("{\"kind\":\"waivers\",\"name\":\"waivers.yaml\",\"sha256\":\""));
  }
}
