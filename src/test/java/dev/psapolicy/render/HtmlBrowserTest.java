package dev.psapolicy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.testing.Cli;
import dev.psapolicy.testing.ExternalTools;
import java.io.ByteArrayOutputStream;
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
 * The HTML report in a real headless browser (Debian's chromium): it renders, the grant matrix is
 * there with the violating cells marked, a screenshot is taken (kept as {@code
 * target/html-report.png} for a person to look at), and the page makes no network request.
 *
 * <p>"No request" is checked three ways: statically (no element or style that can load anything,
 * every link an in-page anchor, the Content-Security-Policy), and in Chromium's own network log,
 * where a request from the page carries the page's {@code file://} network isolation key while
 * Chromium's background traffic carries none. A control page with a remote image proves that the
 * network-log check sees page requests. Every request Chromium makes goes to a dead proxy on
 * 127.0.0.1 and no host name resolves, so nothing leaves the machine either way.
 */
class HtmlBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static Path fixtureHtml;
  private static Path demoHtml;

  @BeforeAll
  static void writePages() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new HtmlRenderer().render(ReportFixtures.get("mixed"), out);
    fixtureHtml = dir.resolve("mixed.html");
    Files.write(fixtureHtml, out.toByteArray());
    Cli.Result demo = new Cli(dir).run("check", "--demo", "--format", "html", "-o", "demo.html");
    assertEquals(1, demo.exit(), demo.err());
    demoHtml = dir.resolve("demo.html");
  }

  @Test
  void thePageCannotLoadAnything() throws IOException {
    for (Path page : List.of(fixtureHtml, demoHtml)) {
      String html = Files.readString(page, StandardCharsets.UTF_8);
      assertTrue(
          html.contains(
              "<meta http-equiv=\"Content-Security-Policy\" content=\""
                  + HtmlRenderer.CSP.replace("'", "&#39;")
                  + "\">"),
          "CSP missing in " + page);
      for (String forbidden :
          List.of(
              "<script", "<link", "<img", "<iframe", "<object", "<embed", "<video", "<audio",
              "<source", "<form", "@import", "url(", " src=", "srcset=")) {
        assertFalse(html.toLowerCase().contains(forbidden), page + " contains " + forbidden);
      }
      Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
      while (href.find()) {
        assertTrue(href.group(1).startsWith("#"), "link out of the page: " + href.group(1));
      }
    }
  }

  @Test
  void rendersTheMatrixInChromiumWithoutAnyRequest() throws Exception {
    Path chromium =
        ExternalTools.require("the HTML report's browser test", "chromium", "chromium-browser");

    Path shot = dir.resolve("report.png");
    Path net = dir.resolve("report-net.json");
    ExternalTools.Run run =
        ExternalTools.run(
            dir,
            120,
            chrome(
                chromium,
                "shot",
                net,
                "--window-size=1280,1600",
                "--screenshot=" + shot,
                fixtureHtml.toUri().toString()));
    assertEquals(0, run.exit(), run.output());
    byte[] png = Files.readAllBytes(shot);
    assertTrue(
        png.length > 20_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
        "no real screenshot: " + png.length + " bytes");
    Files.createDirectories(Path.of("target"));
    Files.copy(shot, Path.of("target/html-report.png"), StandardCopyOption.REPLACE_EXISTING);
    assertEquals(List.of(), pageRequests(net), "the report made network requests");

    for (Path page : List.of(fixtureHtml, demoHtml)) {
      Path dumpNet = dir.resolve(page.getFileName() + "-net.json");
      ExternalTools.Run dump =
          ExternalTools.run(
              dir, 120, chrome(chromium, "dom", dumpNet, "--dump-dom", page.toUri().toString()));
      assertEquals(0, dump.exit(), dump.output());
      String dom = dump.output();
      assertTrue(dom.contains("<table class=\"matrix\">"), "no grant matrix rendered");
      assertTrue(dom.contains("class=\"cell violation "), "no violating cell marked");
      assertTrue(dom.contains("id=\"run\""), "no run metadata");
      assertEquals(List.of(), pageRequests(dumpNet), page + " made network requests");
    }
    String dom =
        ExternalTools.run(
                dir,
                120,
                chrome(
                    chromium,
                    "dom2",
                    dir.resolve("again-net.json"),
                    "--dump-dom",
                    fixtureHtml.toUri().toString()))
            .output();
    // the escaped names render as text, never as markup
    assertTrue(dom.contains("Hatz &lt;AI&gt; \"bot\", Inc. (187)"), dom);
    assertFalse(dom.contains("<AI>"), "markup from data was interpreted");
  }

  @Test
  void theNetworkLogCheckSeesARequestingPage() throws Exception {
    Path chromium =
        ExternalTools.require("the HTML report's browser test", "chromium", "chromium-browser");
    Path control = dir.resolve("control.html");
    Files.writeString(
        control,
        "<!DOCTYPE html><html><body>"
            + "<img src=\"http://127.0.0.1:9/pixel.png\">control</body></html>");
    Path net = dir.resolve("control-net.json");
    ExternalTools.Run run =
        ExternalTools.run(
            dir, 120, chrome(chromium, "control", net, "--dump-dom", control.toUri().toString()));
    assertEquals(0, run.exit(), run.output());
    assertEquals(List.of("http://127.0.0.1:9/pixel.png"), pageRequests(net));
  }

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
    // Chromium may leave the closing of the events array out when it exits hard
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
