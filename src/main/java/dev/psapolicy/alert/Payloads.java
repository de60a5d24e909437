package dev.psapolicy.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psapolicy.report.Severity;
import java.util.List;

/**
 * The body of one alert in each webhook format. Pure: the same alert gives the same bytes. No
 * payload carries a secret: an alert is made of report data only, and the webhook's URL and key
 * never enter a body.
 *
 * <p>Data is never read as markup by the receiver: Teams gets Adaptive Card {@code TextRun}s (which
 * do not support Markdown) instead of {@code TextBlock}s or {@code FactSet}s (which do), Slack gets
 * {@code plain_text} objects and a fallback {@code text} with {@code &}, {@code <} and {@code >}
 * escaped as Slack asks (so no {@code <!channel>} or {@code <url|link>} can be forged).
 */
public final class Payloads {
  /** Version of the generic JSON format ({@link JsonAlert}). */
  public static final int FORMAT_VERSION = 1;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectWriter WRITER =
      JSON.writer(
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private Payloads() {}

  /**
   * The generic JSON body: a stable, documented schema (docs/alerts.md).
   *
   * @param formatVersion {@link #FORMAT_VERSION}
   * @param tool always {@code psa-policy}
   * @param kind {@link Alert.Kind#id()}
   * @param instance the instance
   * @param severity critical, high, medium, low or info
   * @param key the dedupe key
   * @param title one line
   * @param details further lines
   * @param runId the run
   * @param link the run's report, or null
   */
  public record JsonAlert(
      int formatVersion,
      String tool,
      String kind,
      String instance,
      String severity,
      String key,
      String title,
      List<String> details,
      String runId,
      String link) {}

  /** The body for a webhook of the given format. */
  public static byte[] body(Webhook.Format format, Alert a) {
    return switch (format) {
      case TEAMS -> write(teams(a));
      case SLACK -> write(slack(a));
      case JSON -> write(json(a));
    };
  }

  /** The generic JSON record of an alert. */
  public static JsonAlert json(Alert a) {
    return new JsonAlert(
        FORMAT_VERSION,
        "psa-policy",
        a.kind().id(),
        a.instance(),
        a.severity().id(),
        a.key(),
        a.title(),
        a.details(),
        a.runId(),
        a.link());
  }

  /**
   * A Teams message: the {@code attachments} envelope incoming webhooks and Workflows' "post to a
   * channel when a webhook request is received" accept, holding one Adaptive Card 1.4.
   */
  static ObjectNode teams(Alert a) {
    ObjectNode card = NODES.objectNode();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode body = card.putArray("body");
    body.add(
        richText(
            run("psa-policy " + label(a) + " alert", "Small", "Default", true)
                .put("color", color(a.severity()))));
    body.add(richText(run(a.title(), "Medium", "Bolder", false)));
    body.add(
        richText(
            run(
                "severity "
                    + a.severity().id()
                    + " · instance "
                    + a.instance()
                    + " · run "
                    + a.runId(),
                "Small",
                "Default",
                true)));
    for (String d : a.details()) {
      body.add(richText(run(d, "Default", "Default", false)));
    }
    if (a.link() != null) {
      ObjectNode open = card.putArray("actions").addObject();
      open.put("type", "Action.OpenUrl");
      open.put("title", "Open the report");
      open.put("url", a.link());
    }
    ObjectNode msg = NODES.objectNode();
    msg.put("type", "message");
    ObjectNode att = msg.putArray("attachments").addObject();
    att.put("contentType", "application/vnd.microsoft.card.adaptive");
    att.putNull("contentUrl");
    att.set("content", card);
    return msg;
  }

  private static ObjectNode richText(ObjectNode run) {
    ObjectNode b = NODES.objectNode();
    b.put("type", "RichTextBlock");
    b.putArray("inlines").add(run);
    return b;
  }

  private static ObjectNode run(String text, String size, String weight, boolean subtle) {
    ObjectNode r = NODES.objectNode();
    r.put("type", "TextRun");
    r.put("text", text);
    if (!size.equals("Default")) {
      r.put("size", size);
    }
    if (!weight.equals("Default")) {
      r.put("weight", weight);
    }
    if (subtle) {
      r.put("isSubtle", true);
    }
    return r;
  }

  /** A Slack incoming-webhook message: fallback {@code text} plus {@code blocks}. */
  static ObjectNode slack(Alert a) {
    ObjectNode msg = NODES.objectNode();
    msg.put(
        "text",
        slackEscape(
            "psa-policy "
                + label(a)
                + " ("
                + a.severity().id()
                + ", "
                + a.instance()
                + "): "
                + a.title()));
    ArrayNode blocks = msg.putArray("blocks");
    ObjectNode header = blocks.addObject();
    header.put("type", "header");
    header.set("text", plain(clip(a.title(), 150)));
    ObjectNode context = blocks.addObject();
    context.put("type", "context");
    context
        .putArray("elements")
        .add(
            plain(
                "psa-policy "
                    + label(a)
                    + " · severity "
                    + a.severity().id()
                    + " · instance "
                    + a.instance()
                    + " · run "
                    + a.runId()));
    if (!a.details().isEmpty()) {
      ObjectNode section = blocks.addObject();
      section.put("type", "section");
      section.set("text", plain(clip(String.join("\n", a.details()), 3000)));
    }
    if (a.link() != null) {
      ObjectNode actions = blocks.addObject();
      actions.put("type", "actions");
      ObjectNode button = actions.putArray("elements").addObject();
      button.put("type", "button");
      button.set("text", plain("Open the report"));
      button.put("url", a.link());
    }
    return msg;
  }

  private static ObjectNode plain(String text) {
    ObjectNode t = NODES.objectNode();
    t.put("type", "plain_text");
    t.put("text", text);
    t.put("emoji", false);
    return t;
  }

  /** Slack's own escaping for text it may read as mrkdwn: &amp;, &lt;, &gt;. */
  static String slackEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String label(Alert a) {
    return a.kind().id().replace('-', ' ');
  }

  private static String color(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "Attention";
      case MEDIUM -> "Warning";
      case LOW, INFO -> "Accent";
    };
  }

  /** At most {@code max} chars, never splitting a surrogate pair. */
  static String clip(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }

  private static byte[] write(Object value) {
    try {
      return WRITER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an alert", e);
    }
  }
}
