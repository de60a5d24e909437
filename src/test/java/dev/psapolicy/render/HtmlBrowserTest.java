package dev.psapolicy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Chromium;
import dev.psapolicy.testing.Cli;
import dev.psapolicy.testing.ExternalTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    Chromium chromium = chromium();
    Path net = chromium.screenshot(fixtureHtml, "1280,1600", Path.of("target/html-report.png"));
    assertEquals(List.of(), Chromium.pageRequests(net), "the report made network requests");

    for (Path page : List.of(fixtureHtml, demoHtml)) {
      Path dumpNet = dir.resolve(page.getFileName() + "-net.json");
      ExternalTools.Run dump = chromium.run("dom", dumpNet, "--dump-dom", page.toUri().toString());
      assertEquals(0, dump.exit(), dump.output());
      String dom = dump.output();
      assertTrue(dom.contains("<table class=\"matrix\">"), "no grant matrix rendered");
      assertTrue(dom.contains("class=\"cell violation "), "no violating cell marked");
      assertTrue(dom.contains("id=\"run\""), "no run metadata");
      assertEquals(List.of(), Chromium.pageRequests(dumpNet), page + " made network requests");
    }
    String dom =
        chromium
            .run(
                "dom2", dir.resolve("again-net.json"), "--dump-dom", fixtureHtml.toUri().toString())
            .output();
    // the escaped names render as text, never as markup
    assertTrue(dom.contains("Hatz &lt;AI&gt; \"bot\", Inc. (187)"), dom);
    assertFalse(dom.contains("<AI>"), "markup from data was interpreted");
  }

  @Test
  void theNetworkLogCheckSeesARequestingPage() throws Exception {
    chromium().assertSeesARequestingPage();
  }

  private static Chromium chromium() {
    return Chromium.require("the HTML report's browser test", dir);
  }
}
