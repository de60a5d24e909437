package dev.psapolicy.service.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Chromium;
import dev.psapolicy.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in real headless Chromium (Debian's, as {@code .ci/run} installs it), driven as the
 * HTML report's browser test drives it: the instances table, the newest findings and one SVG series
 * per severity with a point per run are in the DOM Chromium built, hostile names stayed text, a
 * screenshot is kept as {@code target/dashboard.png}, and Chromium's network log shows no request
 * from the page (a control page with a remote image shows that the check sees one). Every request
 * goes to a dead proxy on 127.0.0.1 and no host name resolves, so nothing leaves the machine either
 * way.
 */
class DashboardBrowserTest {
  @TempDir static Path dir;
  private static Path busy;
  private static Path empty;

  @BeforeAll
  static void writePages() throws IOException {
    busy = dir.resolve("busy.html");
    Files.writeString(busy, DashboardPageTest.render(DashboardFixtures.busy()));
    empty = dir.resolve("empty.html");
    Files.writeString(empty, DashboardPageTest.render(DashboardFixtures.empty()));
  }

  private static Chromium chromium() {
    return Chromium.require("the dashboard's browser test", dir);
  }

  @Test
  void rendersTheDashboardWithoutAnyRequest() throws Exception {
    Chromium chromium = chromium();
    Path net = dir.resolve("busy-net.json");
    ExternalTools.Run dump = chromium.run("dom", net, "--dump-dom", busy.toUri().toString());
    assertEquals(0, dump.exit(), dump.output());
    String dom = dump.output();
    assertEquals(List.of(), Chromium.pageRequests(net), "the dashboard made network requests");

    // the instances, with their outcome and links to report and pack
    String instances = between(dom, "<table class=\"instances\">", "</table>");
    assertEquals(3, count(instances, "<tr><td>"), instances);
    assertTrue(instances.contains("<span class=\"status status-failed\">failed</span>"));
    assertTrue(instances.contains("href=\"/v1/runs/cw-run-5?format=html\""));
    assertTrue(instances.contains("href=\"/v1/runs/cw-run-5/evidence\""));
    assertTrue(instances.contains("no run yet"));
    // the newest findings
    String findings = between(dom, "<table class=\"findings\">", "</table>");
    assertEquals(2, count(findings, "<tr><td>"), findings);
    assertTrue(findings.contains("CW-TICKET-ADD-ONLY") && findings.contains("PSA-ADMIN-API-USER"));
    // per instance with runs, a chart with one series per severity and a point per run
    Matcher svg = Pattern.compile("<svg class=\"trend\"[\\s\\S]*?</svg>").matcher(dom);
    int charts = 0;
    while (svg.find()) {
      charts++;
      String chart = svg.group();
      for (String s : List.of("critical", "high", "medium", "low", "info")) {
        Matcher g =
            Pattern.compile("<g class=\"series\" data-severity=\"" + s + "\">([\\s\\S]*?)</g>")
                .matcher(chart);
        assertTrue(g.find(), "no " + s + " series in " + chart);
        assertTrue(g.group(1).contains("<polyline"), s);
        assertEquals(6, count(g.group(1), "<circle"), s);
        assertFalse(g.find(), "two " + s + " series");
      }
      assertTrue(chart.contains(">open violations</text>"));
      assertTrue(chart.contains(">run start (UTC)</text>"));
    }
    assertEquals(2, charts);
    // hostile names are text: Chromium made no element of them
    assertFalse(dom.contains("<script"), "a script element from data");
    assertFalse(dom.contains("<img"), "an img element from data");
    assertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), dom);

    Path shotNet = chromium.screenshot(busy, "1280,1500", Path.of("target/dashboard.png"));
    assertEquals(List.of(), Chromium.pageRequests(shotNet), "the dashboard made network requests");
  }

  @Test
  void theEmptyDashboardSaysSo() throws Exception {
    Path net = dir.resolve("empty-net.json");
    ExternalTools.Run dump = chromium().run("empty", net, "--dump-dom", empty.toUri().toString());
    assertEquals(0, dump.exit(), dump.output());
    assertTrue(dump.output().contains("id=\"no-instances\""), dump.output());
    assertTrue(dump.output().contains("id=\"no-trends\""));
    assertTrue(dump.output().contains("id=\"no-findings\""));
    assertEquals(List.of(), Chromium.pageRequests(net));
  }

  @Test
  void theNetworkLogCheckSeesARequestingPage() throws Exception {
    chromium().assertSeesARequestingPage();
  }

  private static String between(String s, String from, String to) {
    int i = s.indexOf(from);
    assertTrue(i >= 0, "no " + from);
    return s.substring(i, s.indexOf(to, i));
  }

  private static int count(String s, String what) {
    return s.split(Pattern.quote(what), -1).length - 1;
  }
}
