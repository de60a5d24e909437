package dev.psapolicy.service.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard page byte for byte (golden files under
 * src/test/resources/dev/psapolicy/service/dashboard/, {@code -Dgolden.update=true} regenerates),
 * hostile names inert, nothing that can load, and clear empty states.
 */
class DashboardPageTest {
  static String render(DashboardView v) throws IOException {
    StringWriter w = new StringWriter();
    DashboardPage.render(v, w);
    return w.toString();
  }

  static DashboardView fixture(String name) {
    return name.equals("busy") ? DashboardFixtures.busy() : DashboardFixtures.empty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"busy", "empty"})
  void matchesTheGoldenFile(String name) throws IOException {
    String actual = render(fixture(name));
    Path file = Path.of("src/test/resources/dev/psapolicy/service/dashboard", name + ".html");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(file), "missing golden file " + file + " (-Dgolden.update=true)");
    assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from " + file);
  }

  @Test
  void aHostileNameRendersAsText() throws IOException {
    String html = render(DashboardFixtures.busy());
    assertFalse(html.contains("<script"), "a script element from data");
    assertFalse(html.contains("<img"), "an img element from data");
    assertTrue(
        html.contains(
            "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &quot;q&quot;"
                + " &#39;a&#39; (187)"),
        html);
    // in an href the id is percent-encoded, so it cannot leave its path segment
    assertTrue(
        html.contains(
            "href=\"/v1/runs/at-run-5%20%3Cscript%3Ealert%281%29%3C%2Fscript%3E%3Cimg%20src%3Dx"
                + "%20onerror%3Dalert%282%29%3E%20%22q%22%20%27a%27?format=html\""),
        html);
  }

  @ParameterizedTest
  @ValueSource(strings = {"busy", "empty"})
  void thePageCannotLoadAnything(String name) throws IOException {
    String html = render(fixture(name));
    assertTrue(
        html.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\""
                + DashboardPage.CSP.replace("'", "&#39;")
                + "\">"));
    assertTrue(DashboardPage.CSP.startsWith("default-src 'none';"));
    // the markup only: escaped data may say "src=" as text, which loads nothing; the href values
    // are checked below
    StringBuilder tags = new StringBuilder();
    Matcher tag = Pattern.compile("<[a-zA-Z/!][^>]*>").matcher(html);
    while (tag.find()) {
      // quoted attribute values are data too (escaped): only names and elements count
      tags.append(tag.group().replaceAll("\"[^\"]*\"", "\"\"").toLowerCase()).append('\n');
    }
    String style = html.substring(html.indexOf("<style>"), html.indexOf("</style>"));
    for (String forbidden :
        List.of(
            "<script",
            "<link",
            "<img",
            "<iframe",
            "<object",
            "<embed",
            "<video",
            "<audio",
            "<source",
            "<form",
            "<image",
            "<use",
            "<foreignobject",
            " src=",
            "srcset=",
            "xlink:href",
            " onerror",
            " onload")) {
      assertFalse(tags.toString().contains(forbidden), name + " contains " + forbidden);
    }
    assertFalse(style.contains("@import") || style.contains("url("), "the style loads something");
    Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    while (href.find()) {
      assertTrue(
          href.group(1).startsWith("/v1/runs/"), "link out of the service: " + href.group(1));
    }
  }

  @Test
  void linksGoToTheReportAndThePack() throws IOException {
    String html = render(DashboardFixtures.busy());
    assertTrue(html.contains("href=\"/v1/runs/cw-run-5?format=html\""), html);
    assertTrue(html.contains("href=\"/v1/runs/cw-run-5/evidence\""), html);
    assertTrue(html.contains("href=\"/v1/runs/cw-run-3?format=html\""), html);
  }

  @Test
  void emptyStatesSayWhatIsMissing() throws IOException {
    String html = render(DashboardFixtures.empty());
    assertTrue(html.contains("<p class=\"empty\" id=\"no-instances\">No instance is configured."));
    assertTrue(html.contains("<p class=\"empty\" id=\"no-trends\">No runs yet:"));
    assertTrue(html.contains("<p class=\"empty\" id=\"no-findings\">No open finding.</p>"));
    String busy = render(DashboardFixtures.busy());
    assertTrue(busy.contains("class=\"muted\">no run yet</td>"), busy);
    assertTrue(busy.contains("<h3>new-instance</h3>\n<p class=\"empty\">No runs yet.</p>"), busy);
  }

  @Test
  void theChartHasOneSeriesPerSeverityWithAPointPerRun() throws IOException {
    String html = render(DashboardFixtures.busy());
    String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>"));
    for (String s : List.of("critical", "high", "medium", "low", "info")) {
      String g = svg.substring(svg.indexOf("data-severity=\"" + s + "\""));
      g = g.substring(0, g.indexOf("</g>"));
      assertEquals(6, g.split("<circle ", -1).length - 1, s);
    }
    // the high line of acme-cw: 2..7 over a y axis of 0..8
    assertTrue(svg.contains("data-run=\"cw-run-5\" data-value=\"7\""), svg);
    assertTrue(svg.contains(">8</text>"), svg);
    assertTrue(svg.contains(">open violations</text>"));
    assertTrue(svg.contains(">run start (UTC)</text>"));
    assertTrue(svg.contains(">2026-11-25 06:00</text>"), svg);
    assertTrue(svg.contains(">2026-11-26 12:00</text>"), svg);
  }

  @Test
  void roundAxisMaxima() {
    assertEquals(
        List.of(1, 1, 3, 4, 8, 8, 20, 20, 40, 80, 200, 4000, Integer.MAX_VALUE),
        List.of(0, 1, 3, 4, 5, 8, 9, 20, 21, 77, 101, 3999, Integer.MAX_VALUE).stream()
            .map(DashboardPage::niceMax)
            .toList());
  }
}
