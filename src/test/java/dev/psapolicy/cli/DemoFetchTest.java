package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.simulator.AutotaskMsp;
import dev.psapolicy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --demo} fetches the demo MSP from the simulators over HTTP. */
class DemoFetchTest {
  @TempDir Path dir;

  @Test
  void theDemoIsFetchedOverHttpAndGivesTheSeededFindings() throws Exception {
    Cli.Result text = new Cli(dir).run("check", "--demo");
    assertEquals(1, text.exit(), text.err());
    assertTrue(text.out().contains(": 6 principal(s), 548 grant(s), 17 rule(s)\n"), text.out());
    assertTrue(
        text.out()
            .contains("summary: 18 violation(s): 3 critical, 7 high, 5 medium," + " 3 low, 0 info"),
        text.out());
    Cli.Result json = new Cli(dir).run("check", "--demo", "--format", "json");
    JsonNode report = new ObjectMapper().readTree(json.out());
    List<String> inputs = new ArrayList<>();
    report
        .path("run")
        .path("inputs")
        .forEach(
            i -> {
              if (i.path("kind").asText().equals("snapshot")) {
                inputs.add(i.path("name").asText());
              }
            });
    assertEquals(
        List.of(
            "demo:connectwise-simulator",
            "demo:autotask-simulator:29683001",
            "demo:autotask-simulator:29683002"),
        inputs);
    List<String> rules = new ArrayList<>();
    report
        .path("violations")
        .forEach(v -> rules.add(v.path("ruleId").asText() + " " + v.path("principal").asText()));
    assertTrue(rules.contains("PSA-ADMIN-API-USER 190"), rules.toString());
    assertTrue(rules.contains("DATTO-ONE-USER-PER-INTEGRATION 189"), rules.toString());
    assertTrue(rules.contains("DATTO-API-FULL-ACCESS-LEVEL 29683002"), rules.toString());
    assertTrue(rules.contains("AT-TICKET-NO-DELETE 29683001"), rules.toString());
    assertTrue(rules.contains("PSA-UNDERGRANT 188"), rules.toString());
    // the members whose names say which integration they serve declare none: they are recognised
    List<String> assigned = new ArrayList<>();
    report
        .path("principals")
        .forEach(
            p ->
                assigned.add(
                    p.path("id").asText()
                        + " "
                        + p.path("baselines")
                        + " "
                        + p.path("assignedBy").path("text").asText("-")));
    assertEquals(
        List.of(
            "29683001 [\"rewst-autotask\"] recognised by name '*Rewst*'",
            "29683002 [] -",
            "187 [\"hatz-ai-connectwise\"] recognised by name '*Hatz*'",
            "188 [\"rewst-connectwise\"] recognised by name '*Rewst*'",
            "189 [\"nable-ncentral-connectwise\",\"cyberdrain-cow-connectwise\"] declared",
            "190 [] -"),
        assigned);
  }

  @Test
  void theDemosEvidencePackKeepsTheRawResponsesWithoutSecrets() throws Exception {
    Cli.Result r = new Cli(dir).run("check", "--demo", "--evidence", "pack");
    assertEquals(1, r.exit(), r.err());
    Path responses = dir.resolve("pack/inputs/responses");
    List<Path> files;
    try (var s = Files.walk(responses)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertTrue(
        files.stream()
            .anyMatch(
                f ->
                    f.toString()
                        .endsWith(
                            "connectwise-simulator/002-GET-system-apiMembers-pageSize-10-page-1.json")),
        files.toString());
    // ConnectWise 19 (mySecurity says whose Customize lists can be read; the settings of every
    // role, the 4 staff roles and the least-privilege role 31 no API member holds included, 31's
    // 15 rows on two pages of 10); Autotask 4 per API user (EntityInformation reads every entity
    // at once)
    assertEquals(19 + 4 + 4, files.size(), "every response of the three fetches");
    assertTrue(
        files.stream().anyMatch(f -> f.toString().endsWith("004-GET-V1-0-EntityInformation.json")),
        files.toString());
    String secret = AutotaskMsp.demoSecret("29683001");
    for (Path f : files) {
      assertTrue(!Files.readString(f).contains(secret), f.toString());
    }
    Cli.Result verify = new Cli(dir).run("verify", "pack");
    assertEquals(0, verify.exit(), verify.out() + verify.err());
  }
}
