package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.testing.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo's Autotask findings speak Autotask: create/update/delete/query, None/Restricted/All. */
class AutotaskWordsTest {
  private static final Pattern CW_WORDS = Pattern.compile("\\bMy\\b|\\bedit\\b|\\binquire\\b");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"text", "markdown", "html", "sarif", "csv", "junit"})
  void autotaskCellsHaveNoConnectWiseWords(String format) {
    Cli.Result r = new Cli(dir).run("check", "--demo", "--format", format);
    String out = r.out();
    assertTrue(out.contains("autotask"), r.err());
    List<String> autotask = autotaskParts(format, out);
    assertFalse(autotask.isEmpty(), out);
    for (String part : autotask) {
      assertFalse(CW_WORDS.matcher(part).find(), format + ": " + part);
    }
    assertTrue(
        autotask.stream().anyMatch(p -> p.contains("Restricted") || p.contains("delete")),
        String.join("\n", autotask));
  }

  /**
   * JSON keeps the neutral verb and levels for scripts and adds the platform's words for Autotask
   * cells only.
   */
  @Test
  void jsonAddsAutotaskWordsNextToTheNeutralFields() throws Exception {
    Cli.Result r = new Cli(dir).run("check", "--demo", "--format", "json");
    JsonNode doc = new ObjectMapper().readTree(r.out());
    Map<String, String> verbs =
        Map.of("add", "create", "edit", "update", "delete", "delete", "inquire", "query");
    Map<String, String> levels = Map.of("None", "None", "My", "Restricted", "All", "All");
    int autotaskCells = 0;
    for (JsonNode v : doc.get("violations")) {
      boolean cell = v.hasNonNull("verb");
      if (cell && "autotask".equals(v.get("platform").asText())) {
        autotaskCells++;
        assertTrue(
            Set.of("add", "edit", "delete", "inquire").contains(v.get("verb").asText()),
            v.toString());
        assertEquals(
            verbs.get(v.get("verb").asText()), v.get("platformVerb").asText(), v.toString());
        assertEquals(
            levels.get(v.get("actual").asText()), v.get("platformActual").asText(), v.toString());
        if (v.hasNonNull("allowed")) {
          assertEquals(
              levels.get(v.get("allowed").asText()),
              v.get("platformAllowed").asText(),
              v.toString());
        }
      } else {
        assertNull(v.get("platformVerb"), v.toString());
        assertNull(v.get("platformActual"), v.toString());
      }
    }
    assertTrue(autotaskCells > 0, r.out());
  }

  /** The pieces of an output that describe Autotask cells. */
  private static List<String> autotaskParts(String format, String out) {
    List<String> parts = new ArrayList<>();
    switch (format) {
      case "sarif" -> {
        // each result's message and its logical location; neutral properties are kept on purpose
        for (String result : out.split("\"ruleId\"")) {
          if (result.contains("\"fullyQualifiedName\" : \"autotask/")) {
            for (String line : result.split("\n")) {
              if (line.contains("\"text\"")
                  || line.contains("\"fullyQualifiedName\"")
                  || line.contains("\"platform")) {
                parts.add(line);
              }
            }
          }
        }
      }
      case "html" -> {
        // each principal is an <article>; keep the Autotask ones, visible text only
        for (String article : out.split("<article")) {
          if (!article.contains("<span class=\"muted\">autotask ")) {
            continue;
          }
          String visible = article.replaceAll("<[^>]*>", " ");
          for (String line : visible.split("\n")) {
            if (line.contains("grant:")
                || line.contains("lower")
                || line.contains("raise")
                || line.contains("create")) {
              parts.add(line.replaceAll("PSA-[A-Z-]+|AT-[A-Z-]+", ""));
            }
          }
        }
      }
      default -> {
        for (String line : out.split("\n")) {
          if (line.contains("autotask")) {
            parts.add(line.replaceAll("PSA-[A-Z-]+|AT-[A-Z-]+", ""));
          }
        }
      }
    }
    return parts;
  }
}
