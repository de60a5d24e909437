package dev.psapolicy.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/alerts.md says what is true: its worked signature example is a real payload whose signature
 * {@link Signature} and OpenSSL (with the page's commands) both compute, and its broken config is
 * refused with exactly the messages it shows.
 */
class AlertsDocTest {
  static final Path DOC = Path.of("docs/alerts.md");
  @TempDir Path dir;

  /** The fenced blocks after a heading, up to the next heading of the same level or higher. */
  private static List<String> blocks(String heading) throws Exception {
    List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
    int at = lines.indexOf(heading);
    assertTrue(at >= 0, DOC + " lacks " + heading);
    String level = heading.substring(0, heading.indexOf(' ') + 1);
    List<String> out = new ArrayList<>();
    for (int i = at + 1; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith("#") && l.indexOf(' ') <= level.length() && l.indexOf(' ') > 0) {
        break;
      }
      if (l.startsWith("```")) {
        StringBuilder b = new StringBuilder();
        for (i++; !lines.get(i).startsWith("```"); i++) {
          b.append(lines.get(i)).append('\n');
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  @Test
  void theWorkedSignatureExampleVerifies() throws Exception {
    List<String> blocks = blocks("### Worked example");
    String headers = blocks.get(0);
    // the body as received: the block's bytes without the final newline
    String body = blocks.get(1).substring(0, blocks.get(1).length() - 1);
    Matcher ts = Pattern.compile("X-Psa-Policy-Timestamp: (\\d+)").matcher(headers);
    Matcher sig = Pattern.compile("X-Psa-Policy-Signature: (sha256=[0-9a-f]{64})").matcher(headers);
    assertTrue(ts.find() && sig.find(), headers);
    String text = Files.readString(DOC, StandardCharsets.UTF_8);
    Matcher secret = Pattern.compile("With the secret `([^`]+)`").matcher(text);
    assertTrue(secret.find());
    byte[] key = secret.group(1).getBytes(StandardCharsets.UTF_8);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    // a real payload: the golden file of the fail-closed alert
    String golden =
        Files.readString(Path.of("src/test/resources/dev/psapolicy/alert/fail-closed.json.json"));
    assertEquals(golden, body + "\n");
    assertEquals(sig.group(1), Signature.sign(key, Long.parseLong(ts.group(1)), bytes));
    assertTrue(
        Signature.verify(
            key,
            ts.group(1),
            sig.group(1),
            bytes,
            Instant.ofEpochSecond(Long.parseLong(ts.group(1)) + 60),
            Duration.ofMinutes(5)));

    // the page's OpenSSL commands, run as written
    ExternalTools.require("the alert signature's OpenSSL example", "openssl");
    Files.write(dir.resolve("body.json"), bytes);
    ExternalTools.Run run = ExternalTools.run(dir, 30, List.of("bash", "-euc", blocks.get(2)));
    assertEquals(0, run.exit(), run.output());
    assertTrue(
        run.output().strip().matches("HMAC-SHA2?-?256\\(signed\\.bin\\)= [0-9a-f]{64}"),
        run.output());
    assertTrue(
        run.output().strip().endsWith(sig.group(1).substring("sha256=".length())), run.output());
  }

  @Test
  void theBrokenConfigIsRefusedAsShown() throws Exception {
    List<String> blocks = blocks("## Configuration");
    Path f = dir.resolve("psa-policy.yaml");
    Files.writeString(f, blocks.get(1));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> AlertsConfigLoader.load(f, "psa-policy.yaml"));
    assertEquals(
        blocks.get(2).strip().lines().toList(),
        e.problems().stream().map(InputProblem::toString).toList());
  }

  @Test
  void theFullExampleConfigReads() throws Exception {
    Path f = dir.resolve("psa-policy.yaml");
    Files.writeString(f, blocks("## Configuration").get(0));
    Files.createDirectories(dir.resolve("secrets"));
    for (String s : List.of("slack-webhook-url", "siem-hmac-key")) {
      Path p = dir.resolve("secrets").resolve(s);
      Files.writeString(
          p, s.equals("siem-hmac-key") ? "k3y\n" : "https://hooks.slack.com/services/T0/B0/x\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }
    AlertsConfig c = AlertsConfigLoader.load(f, "psa-policy.yaml");
    assertEquals(
        3,
        c.resolve(Map.of("PSA_POLICY_TEAMS_URL", "https://acme.webhook.office.com/webhookb2/x"))
            .size());
  }
}
