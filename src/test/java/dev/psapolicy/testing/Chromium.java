package dev.psapolicy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium (Debian's, as {@code .ci/run} installs it) as the browser tests drive it: each
 * run with its own profile and a network log, every request sent to a dead proxy on 127.0.0.1 and
 * no host name resolving, so that nothing leaves the machine. {@link #pageRequests} reads the log:
 * a request from the page carries the page's {@code file://} network isolation key, Chromium's
 * background traffic none. {@link #assertSeesARequestingPage} shows that the check sees one.
 */
public final class Chromium {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path binary;
  private final Path dir;

  private Chromium(Path binary, Path dir) {
    this.binary = binary;
    this.dir = dir;
  }

  /**
   * Chromium, or skip (fail in CI) as {@link ExternalTools#require} does.
   *
   * @param why the test, for the message when it is missing
   * @param dir where profiles, logs and outputs go
   */
  public static Chromium require(String why, Path dir) {
    return new Chromium(ExternalTools.require(why, "chromium", "chromium-browser"), dir);
  }

  /** Runs Chromium on {@code args} with the profile {@code profile}, logging to {@code netLog}. */
  public ExternalTools.Run run(String profile, Path netLog, String... args)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                binary.toString(),
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
    return ExternalTools.run(dir, 120, cmd);
  }

  /**
   * Takes a screenshot of {@code page}, checks it is a real PNG, keeps it as {@code keep} (under
   * {@code target/}, for a person to look at) and returns the run's network log.
   */
  public Path screenshot(Path page, String windowSize, Path keep)
      throws IOException, InterruptedException {
    Path shot = dir.resolve("shot-" + keep.getFileName());
    Path net = dir.resolve("shot-" + keep.getFileName() + "-net.json");
    ExternalTools.Run run =
        run(
            "shot",
            net,
            "--window-size=" + windowSize,
            "--screenshot=" + shot,
            page.toUri().toString());
    assertEquals(0, run.exit(), run.output());
    byte[] png = Files.readAllBytes(shot);
    assertTrue(
        png.length > 20_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
        "no real screenshot: " + png.length + " bytes");
    Files.createDirectories(keep.toAbsolutePath().getParent());
    Files.copy(shot, keep, StandardCopyOption.REPLACE_EXISTING);
    return net;
  }

  /** The network-log check sees the request of a control page with a remote image. */
  public void assertSeesARequestingPage() throws IOException, InterruptedException {
    Path control = dir.resolve("control.html");
    Files.writeString(
        control,
        "<!DOCTYPE html><html><body>"
            + "<img src=\"http://127.0.0.1:9/pixel.png\">control</body></html>");
    Path net = dir.resolve("control-net.json");
    ExternalTools.Run run = run("control", net, "--dump-dom", control.toUri().toString());
    assertEquals(0, run.exit(), run.output());
    assertEquals(List.of("http://127.0.0.1:9/pixel.png"), pageRequests(net));
  }

  /** URLs the page itself requested (network isolation key of a file:// page). */
  public static List<String> pageRequests(Path netLog) throws IOException {
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
