package dev.psapolicy.alert;

import static dev.psapolicy.alert.AlertFixtures.CLOCK;
import static dev.psapolicy.alert.AlertFixtures.INSTANCE;
import static dev.psapolicy.alert.AlertFixtures.deleteAll;
import static dev.psapolicy.alert.AlertFixtures.editAll;
import static dev.psapolicy.alert.AlertFixtures.report;
import static dev.psapolicy.alert.AlertFixtures.state;
import static dev.psapolicy.alert.AlertFixtures.waiver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.Severity;
import dev.psapolicy.waiver.WaiverPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of alert in every format, byte for byte (golden files under
 * src/test/resources/dev/psapolicy/alert/; regenerate with {@code -Dgolden.update=true} and review
 * the diff), and the shapes each receiver needs, with names that are markup to every receiver.
 */
class PayloadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One alert of each kind, from one run, keyed by kind. */
  static Map<String, Alert> alerts() {
    AlertSet set =
        Alerts.between(
            new AlertInput(
                INSTANCE,
                report("run-1"),
                report(
                    "run-2",
                    false,
                    deleteAll(Severity.HIGH),
                    editAll(Severity.HIGH, Disposition.waived("W-SOON"))),
                state("run run-1", "None", false),
                state("run run-2", "All", false),
                List.of(waiver("W-SOON", LocalDate.parse("2026-11-28"))),
                WaiverPolicy.DEFAULT),
            new AlertsConfig(
                List.of(), Severity.HIGH, 7, URI.create("https://psa-policy.example.com"), 4),
            CLOCK);
    Map<String, Alert> out = new LinkedHashMap<>();
    set.alerts().forEach(a -> out.putIfAbsent(a.kind().id(), a));
    assertEquals(4, out.size(), set.toString());
    return out;
  }

  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String kind : alerts().keySet()) {
      for (Webhook.Format f : Webhook.Format.values()) {
        out.add(Arguments.of(kind, f));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("cases")
  void matchesTheGoldenFile(String kind, Webhook.Format format) throws IOException {
    String actual =
        new String(Payloads.body(format, alerts().get(kind)), StandardCharsets.UTF_8) + "\n";
    Path file =
        Path.of("src/test/resources/dev/psapolicy/alert", kind + "." + format.id() + ".json");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(file), "missing golden file " + file + " (-Dgolden.update=true)");
    assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from " + file);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void teamsGetsAnAdaptiveCardWhoseDataIsNeverMarkdown(String kind) throws IOException {
    JsonNode msg = JSON.readTree(Payloads.body(Webhook.Format.TEAMS, alerts().get(kind)));
    assertEquals("message", msg.path("type").asText());
    JsonNode att = msg.path("attachments").get(0);
    assertEquals("application/vnd.microsoft.card.adaptive", att.path("contentType").asText());
    JsonNode card = att.path("content");
    assertEquals("AdaptiveCard", card.path("type").asText());
    assertEquals("1.4", card.path("version").asText());
    // TextRun does not read Markdown; TextBlock and FactSet do
    for (JsonNode block : card.path("body")) {
      assertEquals("RichTextBlock", block.path("type").asText());
      for (JsonNode run : block.path("inlines")) {
        assertEquals("TextRun", run.path("type").asText());
      }
    }
    assertEquals(
        "https://psa-policy.example.com/v1/runs/run-2?format=html",
        card.at("/actions/0/url").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void slackGetsPlainTextBlocksAndAnEscapedFallback(String kind) throws IOException {
    JsonNode msg = JSON.readTree(Payloads.body(Webhook.Format.SLACK, alerts().get(kind)));
    String text = msg.path("text").asText();
    assertFalse(text.contains("<") || text.contains(">"), text);
    assertTrue(msg.path("blocks").size() >= 2);
    List<JsonNode> texts = msg.findValues("text");
    for (JsonNode t : texts) {
      if (t.isObject()) {
        assertEquals("plain_text", t.path("type").asText(), t.toString());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theGenericJsonHasItsVersionedSchema(String kind) throws IOException {
    Alert a = alerts().get(kind);
    JsonNode msg = JSON.readTree(Payloads.body(Webhook.Format.JSON, a));
    List<String> fields = new ArrayList<>();
    msg.fieldNames().forEachRemaining(fields::add);
    assertEquals(
        List.of(
            "formatVersion",
            "tool",
            "kind",
            "instance",
            "severity",
            "key",
            "title",
            "details",
            "runId",
            "link"),
        fields);
    assertEquals(Payloads.FORMAT_VERSION, msg.path("formatVersion").asInt());
    assertEquals(kind, msg.path("kind").asText());
    assertEquals(a.key(), msg.path("key").asText());
  }

  @Test
  void clippingNeverSplitsACharacter() {
    assertEquals("abcd…", Payloads.clip("abcdefgh", 5));
    assertEquals("abc…", Payloads.clip("abc\uD83D\uDE00efgh", 5));
    assertEquals("abc", Payloads.clip("abc", 5));
  }

  @Test
  void slackEscapesWhatSlackReadsAsMarkup() {
    assertEquals(
        "Hatz &lt;!channel&gt; &amp; &lt;https://x|y&gt;",
        Payloads.slackEscape("Hatz <!channel> & <https://x|y>"));
  }

  static List<String> kinds() {
    return List.copyOf(alerts().keySet());
  }
}
