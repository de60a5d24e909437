package dev.psapolicy.service.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
  private static final ObjectMapper JSON = new ObjectMapper();
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

  private static Path chromium() {
    return ExternalTools.require("the dashboard's browser test", "chromium", "chromium-browser");
  }

  @Test
  void rendersTheDashboardWithoutAnyRequest() throws Exception {
    Path chromium = chromium();
    Path net = dir.resolve("busy-net.json");
    ExternalTools.Run dump =
        ExternalTools.run(
            dir, 120, chrome(chromium, "dom", net, "--dump-dom", busy.toUri().toString()));
    assertEquals(0, dump.exit(), dump.output());
    String dom = dump.output();
    assertEquals(List.of(), pageRequests(net), "the dashboard made network requests");

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

    Path shot = dir.resolve("busy.png");
    Path shotNet = dir.resolve("shot-net.json");
    ExternalTools.Run run =
        ExternalTools.run(
            dir,
            120,
            chrome(
                chromium,
                "shot",
                shotNet,
                "--window-size=1280,1500",
                "--screenshot=" + shot,
                busy.toUri().toString()));
    assertEquals(0, run.exit(), run.output());
    byte[] png = Files.readAllBytes(shot);
    assertTrue(
        png.length > 20_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
        "no real screenshot: " + png.length + " bytes");
    Files.createDirectories(Path.of("target"));
    Files.copy(shot, Path.of("target/dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    assertEquals(List.of(), pageRequests(shotNet), "the dashboard made network requests");
  }

  @Test
  void theEmptyDashboardSaysSo() throws Exception {
    Path net = dir.resolve("empty-net.json");
    ExternalTools.Run dump =
        ExternalTools.run(
            dir, 120, chrome(chromium(), "empty", net, "--dump-dom", empty.toUri().toString()));
    assertEquals(0, dump.exit(), dump.output());
    assertTrue(dump.output().contains("id=\"no-instances\""), dump.output());
    assertTrue(dump.output().contains("id=\"no-trends\""));
    assertTrue(dump.output().contains("id=\"no-findings\""));
    assertEquals(List.of(), pageRequests(net));
  }

  @Test
  void theNetworkLogCheckSeesARequestingPage() throws Exception {
    Path control = dir.resolve("control.html");
    Files.writeString(
        control,
        "<!DOCTYPE html><html><body>"
            + "<img src=\"http://127.0.0.1:9/pixel.png\">control</body></html>");
    Path net = dir.resolve("control-net.json");
    ExternalTools.Run run =
        ExternalTools.run(
            dir, 120, chrome(chromium(), "control", net, "--dump-dom", control.toUri().toString()));
    assertEquals(0, run.exit(), run.output());
    assertEquals(List.of("http://127.0.0.1:9/pixel.png"), pageRequests(net));
  }

  private static String between(String s, String from, String to) {
    int i = s.indexOf(from);
    assertTrue(i >= 0, "no " + from);
    return s.substring(i, s.indexOf(to, i));
  }

  private static int count(String s, String what) {
    return s.split(Pattern.quote(what), -1).length - 1;
  }

  // the same flags and network-log reading as render/HtmlBrowserTest
  private static List<String> chrome(Path chromium, String profile, Path netLog, String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-first-run",
                "--hide-scrollbars",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=127.0.0.1:9",
                "--user-data-dir=" + dir.resolve("profile-" + profile),
                "--log-net-log=" + netLog));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** URLs the page itself requested (network isolation key of a file:// page). */
  private static List<String> pageRequests(Path netLog) throws IOException {
    String text = Files.readString(netLog, StandardCharsets.UTF_8).strip();
    if (!text.endsWith("}")) {
      text = text.replaceAll(",?\\s*$", "") + "]}";
    }
    JsonNode log = JSON.readTree(text);
    Integer startJob = null;
    for (Iterator<Map.Entry<String, JsonNode>> it =
            log.path("constants").path("logEventTypes").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("URL_REQUEST_START_JOB")) {
        startJob = e.getValue().asInt();
      }
    }
    assertTrue(startJob != null, "not a Chromium net log: " + netLog);
    List<String> urls = new ArrayList<>();
    for (JsonNode e : log.path("events")) {
      JsonNode p = e.path("params");
      if (e.path("type").asInt() == startJob
          && p.path("network_isolation_key").asText().startsWith("file://")) {
        urls.add(p.path("url").asText());
      }
    }
    return urls;
  }
}
