package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** psa-policy.yaml: found in the working directory or given with --config; flags override it. */
class PolicyConfigCliTest {
  @TempDir Path dir;

  @BeforeEach
  void msp() throws Exception {
    GateFixture.write(dir, "My", "All");
  }

  private void config(String yaml) throws Exception {
    Files.writeString(dir.resolve("psa-policy.yaml"), yaml);
  }

  private Cli.Result check(String... more) {
    String[] base = {"check", "--snapshot", "snapshot.yaml", "--baseline", "test-sync.yaml"};
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return new Cli(dir).run(args);
  }

  @Test
  void theConfigInTheWorkingDirectorySetsTheThresholdAndTheFlagOverridesIt() throws Exception {
    config("failOn: critical\n");
    Cli.Result r = check();
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().endsWith("gate: PASS (fail-on critical: 0 at or above) exit 0\n"));
    assertEquals(1, check("--fail-on", "high").exit());
    assertEquals(1, check("--no-config").exit());
  }

  @Test
  void severityOverridesByIdAndGlob() throws Exception {
    config("severity:\n  CW-TIME-ENTRY-DELETE-MY: low\n  \"CW-*\": medium\n");
    Cli.Result r = check("--format", "json");
    assertEquals(0, r.exit(), r.out());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals("medium", json.get("violations").get(0).get("severity").asText());
    assertEquals("CW-TICKET-ADD-ONLY", json.get("violations").get(0).get("ruleId").asText());
    assertEquals("low", json.get("violations").get(1).get("severity").asText());
    for (JsonNode rule : json.get("rules")) {
      if (rule.get("id").asText().equals("CW-TIME-ENTRY-DELETE-MY")) {
        assertEquals("low", rule.get("severity").asText());
      }
    }
    assertTrue(
        json.get("run")
            .get("inputs")
            .toString()
            .contains("{\"kind\":\"config\",\"name\":\"psa-policy.yaml\",\"sha256\":\""));
  }

  @Test
  void disablingANamedRuleLeavesTheGenericRuleToReportTheGrant() throws Exception {
    config("disable: [\"CW-*\"]\n");
    Cli.Result r = check();
    assertEquals(1, r.exit(), r.out());
    assertFalse(r.out().contains("CW-TICKET-ADD-ONLY"), r.out());
    assertTrue(
        r.out()
            .contains(
                "PSA-OVERGRANT-INQUIRE  connectwise acme.example  Hatz AI (187)"
                    + "  Service Desk / Service Tickets inquire My (allowed None)"),
        r.out());
    assertTrue(
        r.out()
            .contains(
                "PSA-OVERGRANT-DELETE  connectwise acme.example  Hatz AI (187)"
                    + "  Time & Expense / Time Entry delete All (allowed My)"),
        r.out());
    assertTrue(
        r.out().startsWith("psa-policy dev: 1 principal(s), 8 grant(s), 12 rule(s)\n"), r.out());
  }

  @Test
  void assignmentByNameGlobAttributesAnApiUserWithoutDeclaredIntegrations() throws Exception {
    GateFixture.write(dir, "None", "All", false, true);
    config(
        """
        baselineFiles: [test-sync.yaml]
        assign:
          - match: { platform: connectwise, name: "Hatz*" }
            baselines: [test-sync]
        """);
    Cli.Result r = new Cli(dir).run("check", "--snapshot", "snapshot.yaml");
    assertEquals(1, r.exit(), r.out());
    assertTrue(
        r.out().contains("CW-TIME-ENTRY-DELETE-MY  connectwise acme.example  Hatz AI" + " (187)"),
        r.out());
    Cli.Result without = new Cli(dir).run("check", "--snapshot", "snapshot.yaml", "--no-config");
    assertTrue(without.out().contains("PSA-NO-BASELINE"), without.out());
    assertFalse(without.out().contains("CW-TIME-ENTRY-DELETE-MY"), without.out());
  }

  @Test
  void anUnknownKeyIsInvalidInput() throws Exception {
    config("failOn: high\nwaiver:\n  files: [waivers.yaml]\n");
    Cli.Result r = check();
    assertEquals(3, r.exit());
    assertEquals("psa-policy.yaml:2:1: unknown key 'waiver' (did you mean 'waivers'?)\n", r.err());
  }

  @Test
  void aBadGlobIsInvalidInput() throws Exception {
    config("assign:\n  - match: { role: \"Integration-[\" }\n    baselines: [test-sync]\n");
    Cli.Result r = check();
    assertEquals(3, r.exit());
    assertEquals(
        "psa-policy.yaml:2:20: bad glob 'Integration-[': the '[' at position 13 is"
            + " never closed\n",
        r.err());
  }

  @Test
  void anUnknownRuleIdIsInvalidInput() throws Exception {
    config("severity:\n  CW-TIME-ENTRY-DELETE: low\ndisable: [PSA-OVERGRANT-*, PSA-ADMIN]\n");
    Cli.Result r = check();
    assertEquals(3, r.exit());
    assertEquals(
        "psa-policy.yaml:2:3: unknown rule id 'CW-TIME-ENTRY-DELETE' (did you mean"
            + " 'CW-TIME-ENTRY-DELETE-MY'?)\npsa-policy.yaml:3:28: unknown rule id 'PSA-ADMIN'\n",
        r.err());
  }

  @Test
  void brokenYamlIsInvalidInput() throws Exception {
    config("failOn: high\nseverity: {CW-TICKET-ADD-ONLY: low\n");
    Cli.Result r = check();
    assertEquals(3, r.exit());
    assertEquals(
        "psa-policy.yaml:3:1: while parsing a flow mapping: expected ',' or '}', but"
            + " got <stream end>\n",
        r.err());
  }

  @Test
  void pathsInAConfigElsewhereResolveAgainstItsFolder() throws Exception {
    Files.createDirectories(dir.resolve("ci"));
    Files.writeString(
        dir.resolve("ci/psa-policy.yaml"),
        "waivers:\n  files: [waivers.yaml]\n" + "  strict: true\n");
    Files.writeString(
        dir.resolve("ci/waivers.yaml"),
        "waivers:\n"
            + GateFixture.waiver("W-12", "2026-11-20", "2027-01-15")
                .replace("    ticket: SEC-1234\n", ""));
    Cli.Result r = check("--config", "ci/psa-policy.yaml");
    assertEquals(3, r.exit(), r.out());
    assertEquals("ci/waivers.yaml:2:5: waiver W-12: missing required key 'ticket'\n", r.err());
  }

  @Test
  void theWaiversFlagReplacesTheConfigsWaiverFiles() throws Exception {
    config("waivers:\n  files: [missing.yaml]\n");
    Files.writeString(
        dir.resolve("mine.yaml"),
        "waivers:\n" + GateFixture.waiver("W-12", "2026-11-20", "2027-01-15"));
    assertEquals(3, check().exit());
    Cli.Result r = check("--waivers", "mine.yaml");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains("WAIVED by W-12"), r.out());
  }

  @Test
  void theConfigNamesTheAcceptedFileForCheckAndAccept() throws Exception {
    config("accepted: accepted.yaml\n");
    Cli.Result accept =
        new Cli(dir).run("accept", "--snapshot", "snapshot.yaml", "--baseline", "test-sync.yaml");
    assertEquals(0, accept.exit(), accept.err());
    assertEquals("psa-policy accept: wrote accepted.yaml: 2 accepted finding(s)\n", accept.out());
    assertEquals(0, check().exit());
  }

  @Test
  void extraRuleFoldersOfTheConfigLoadAndTheirIdsCanBeOverridden() throws Exception {
    Files.createDirectories(dir.resolve("ci/org-rules"));
    Files.writeString(
        dir.resolve("ci/org-rules/org.drl"),
        """
        package org.acme.rules;
        import dev.psapolicy.facts.*;
        global dev.psapolicy.ruleapi.Findings findings;
        rule "ORG-NAMED-API-USERS"
          @id("ORG-NAMED-API-USERS") @severity("low") @title("API users carry the vendor's name")
        when
          $p : Principal(name not matches "(?i)hatz.*|rewst.*")
        then
          findings.principal($p, "API user " + $p.display() + " is not named after its vendor",
              "rename it");
        end
        rule "ORG-HATZ-REVIEWED"
          @id("ORG-HATZ-REVIEWED") @severity("low") @title("Hatz AI was reviewed")
        when
          $p : Principal(name == "Hatz AI")
        then
          findings.principal($p, "API user " + $p.display() + " needs a yearly review",
              "review it");
        end
        """);
    Files.writeString(
        dir.resolve("ci/psa-policy.yaml"),
        "rules: [org-rules/]\n" + "severity:\n  ORG-HATZ-REVIEWED: critical\n");
    Cli.Result r = check("--config", "ci/psa-policy.yaml");
    assertEquals(1, r.exit(), r.err());
    assertTrue(
        r.out()
            .contains(
                "CRITICAL ORG-HATZ-REVIEWED  connectwise acme.example  Hatz AI"
                    + " (187)\n         API user Hatz AI (187) needs a yearly review\n"),
        r.out());
    assertTrue(
        r.out().startsWith("psa-policy dev: 1 principal(s), 8 grant(s), 16 rule(s)\n"), r.out());
  }

  @Test
  void configAndNoConfigTogetherIsAUsageError() {
    Cli.Result r = check("--config", "x.yaml", "--no-config");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy check: give --config FILE or --no-config, not both (see psa-policy"
            + " check --help)\n",
        r.err());
  }

  @Test
  void aMissingConfigIsInvalidInput() {
    Cli.Result r = check("--config", "nope.yaml");
    assertEquals(3, r.exit());
    assertEquals("nope.yaml: file not found\n", r.err());
  }
}
