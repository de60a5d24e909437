package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.testing.Cli;
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
    assertTrue(text.out().contains(": 6 principal(s), 548 grant(s), 13 rule(s)\n"), text.out());
    assertTrue(text.out().contains("summary: 18 violation(s): 3 critical, 7 high, 5 medium,"
        + " 3 low, 0 info"), text.out());
    Cli.Result json = new Cli(dir).run("check", "--demo", "--format", "json");
    JsonNode report = new ObjectMapper().readTree(json.out());
    List<String> inputs = new ArrayList<>();
    report.path("run").path("inputs").forEach(i -> {
      if (i.path("kind").asText().equals("snapshot")) {
        inputs.add(i.path("name").asText());
      }
    });
    assertEquals(List.of("demo:connectwise-simulator", "demo:autotask-simulator:29683001",
        "demo:autotask-simulator:29683002"), inputs);
    List<String> rules = new ArrayList<>();
    report.path("violations").forEach(v -> rules.add(v.path("ruleId").asText() + " "
        + v.path("principal").asText()));
    assertTrue(rules.contains("PSA-ADMIN-API-USER 190"), rules.toString());
    assertTrue(rules.contains("DATTO-ONE-USER-PER-INTEGRATION 189"), rules.toString());
    assertTrue(rules.contains("DATTO-API-FULL-ACCESS-LEVEL 29683002"), rules.toString());
    assertTrue(rules.contains("AT-TICKET-NO-DELETE 29683001"), rules.toString());
    assertTrue(rules.contains("PSA-UNDERGRANT 188"), rules.toString());
  }
}
