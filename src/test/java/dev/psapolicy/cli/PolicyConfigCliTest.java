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
    assertFalse(r.out().contains("CW-TICKET-ADD-ONLY  connectwise"), r.out());
    assertTrue(r.out().contains("  - CW-TICKET-ADD-ONLY disabled (psa-policy.yaml:1:11)\n"));
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
        r.out().startsWith("psa-policy dev: 1 principal(s), 8 grant(s), 15 rule(s)\n"), r.out());
  }

  /** Attack: a config that switches the gate off by switching every rule off. */
  @Test
  void disablingEveryRuleIsInvalidInput() throws Exception {
    config("failOn: high\ndisable: [CW-TICKET-ADD-ONLY, \"*\"]\n");
    Cli.Result r = check();
    assertEquals(3, r.exit(), r.out());
    assertEquals(
        "psa-policy.yaml:2:11: 'disable' switches off every rule: nothing is left that can fail"
            + " the gate; disable single rules by id, or waive what you have to with time-bounded"
            + " waivers\n",
        r.err());
    assertEquals("", r.out());
  }

  /** Attack: every rule lowered to info, or disabled and lowered, can never reach the gate. */
  @Test
  void loweringEveryRuleBelowTheThresholdIsInvalidInput() throws Exception {
    String expected =
        "psa-policy.yaml:%s: 'severity' and 'disable' leave no enabled rule at or above the gate"
            + " threshold %s: the gate could never fail; lower single rules by id, or waive what"
            + " you have to with time-bounded waivers\n";
    config("severity:\n  \"*\": info\n");
    Cli.Result all = check();
    assertEquals(3, all.exit(), all.out());
    assertEquals(expected.formatted("2:3", "high"), all.err());

    // a disabled rule raised to critical still fails nothing
    config(
        "disable: [\"CW-*\", PSA-UNDERGRANT]\nseverity:\n  PSA-UNDERGRANT: critical\n"
            + "  \"*\": medium\n");
    Cli.Result mix = check();
    assertEquals(3, mix.exit(), mix.out());
    assertEquals(expected.formatted("4:3", "high"), mix.err());

    config("severity:\n  \"*\": high\n");
    Cli.Result flag = check("--fail-on", "critical");
    assertEquals(3, flag.exit(), flag.out());
    assertEquals(expected.formatted("2:3", "critical"), flag.err());
  }

  @Test
  void loweringEverythingIsFineWhenTheThresholdFollows() throws Exception {
    config("failOn: low\nseverity:\n  \"*\": low\n");
    Cli.Result r = check();
    assertEquals(1, r.exit(), r.err());
  }

  /**
   * Nothing silent: every rule the config disables or lowers is listed in every format and in the
   * evidence manifest, with the config entry that does it; a raised rule is not a relaxation.
   */
  @Test
  void disabledAndLoweredRulesAreListedInEveryOutputAndTheEvidence() throws Exception {
    config(
        "disable: [CW-TICKET-ADD-ONLY]\nseverity:\n  PSA-OVERGRANT-INQUIRE: info\n"
            + "  PSA-UNDERGRANT: high\n");
    Cli.Result r =
        check(
            "--output",
            "json=r.json",
            "--output",
            "sarif=r.sarif",
            "--output",
            "junit=r.xml",
            "--output",
            "markdown=r.md",
            "--output",
            "html=r.html",
            "--evidence",
            "pack");
    assertEquals(1, r.exit(), r.err());
    assertTrue(
        r.out()
            .contains(
                "RELAXED BY CONFIG: 2 rule(s) disabled or lowered below their declared severity\n"
                    + "  - CW-TICKET-ADD-ONLY disabled (psa-policy.yaml:1:11)\n"
                    + "  - PSA-OVERGRANT-INQUIRE lowered from medium to info"
                    + " (psa-policy.yaml:3:3)\n"),
        r.out());
    assertFalse(r.out().contains("PSA-UNDERGRANT lowered"), r.out());
    for (String f : new String[] {"r.json", "r.sarif", "r.xml", "r.md", "r.html"}) {
      String text = Files.readString(dir.resolve(f));
      assertTrue(text.contains("CW-TICKET-ADD-ONLY"), f);
      assertTrue(text.contains("psa-policy.yaml:3:3"), f + ": " + text);
    }
    JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
    assertEquals(
        "[{\"ruleId\":\"CW-TICKET-ADD-ONLY\",\"change\":\"disabled\",\"declared\":\"high\","
            + "\"effective\":null,\"at\":\"psa-policy.yaml:1:11\"},{\"ruleId\":"
            + "\"PSA-OVERGRANT-INQUIRE\",\"change\":\"lowered\",\"declared\":\"medium\","
            + "\"effective\":\"info\",\"at\":\"psa-policy.yaml:3:3\"}]",
        json.get("relaxedRules").toString());
    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("pack/manifest.json").toFile());
    assertEquals(json.get("relaxedRules"), manifest.get("run").get("relaxedRules"));
    assertEquals(0, new Cli(dir).run("verify", "pack").exit());
  }

  @Test
  void aRunWithoutRelaxationsSaysNothingAboutThem() throws Exception {
    config("severity:\n  PSA-UNDERGRANT: high\n");
    Cli.Result r = check("--format", "json");
    assertEquals(1, r.exit(), r.err());
    assertFalse(r.out().contains("relaxedRules"), r.out());
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
    // the config's assign wins over what the name says (Hatz AI's own baseline)
    assertTrue(
        r.out().contains("  connectwise acme.example  Hatz AI (187): test-sync (config)\n"),
        r.out());
    // without the config, the name is recognised by Hatz AI's baseline; nothing is left unjudged
    Cli.Result without = new Cli(dir).run("check", "--snapshot", "snapshot.yaml", "--no-config");
    assertTrue(
        without
            .out()
            .contains(
                "  connectwise acme.example  Hatz AI (187): hatz-ai-connectwise"
                    + " (recognised by name '*Hatz*')\n"),
        without.out());
    assertFalse(without.out().contains("PSA-NO-BASELINE"), without.out());
    assertFalse(without.out().contains("test-sync"), without.out());
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
        new Cli(dir)
            .run(
                "accept",
                "--snapshot",
                "snapshot.yaml",
                "--baseline",
                "test-sync.yaml",
                "--by",
                "jane.doe@acme.example");
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
        r.out().startsWith("psa-policy dev: 1 principal(s), 8 grant(s), 19 rule(s)\n"), r.out());
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
