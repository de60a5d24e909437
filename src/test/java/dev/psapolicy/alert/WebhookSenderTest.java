package dev.psapolicy.alert;

import static dev.psapolicy.alert.AlertFixtures.CLOCK;
import static dev.psapolicy.alert.AlertFixtures.INSTANCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.report.Severity;
import dev.psapolicy.source.http.WebhookPost;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender against a real HTTP receiver on 127.0.0.1 (the JDK's server): retry after 503 and 429,
 * giving up after the attempts, no retry for other 4xx, and the HMAC signature checked the way
 * docs/alerts.md tells a receiver to check it.
 */
class WebhookSenderTest {
  static final String KEY = "whsec-Pl4nted-HMAC-k3y-9f1c";
  private Receiver receiver;
  private final List<Duration> waits = new ArrayList<>();

  static final Alert ALERT =
      new Alert(
          Alert.Kind.FAIL_CLOSED,
          INSTANCE,
          Severity.HIGH,
          "fail-closed",
          "Run of acme-cw failed closed: incomplete data",
          List.of("incomplete: GET /system/members -> 503"),
          "run-1",
          null);

  @BeforeEach
  void start() throws IOException {
    receiver = new Receiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private WebhookSender sender(int attempts, double jitter) {
    WebhookPost post = new WebhookPost(Duration.ofSeconds(5), Duration.ofSeconds(5), null);
    return new WebhookSender(
        post::post,
        waits::add,
        CLOCK,
        attempts,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        () -> jitter);
  }

  private Webhook hook(Webhook.Format format, String key) {
    return new Webhook(
        "ops",
        format,
        Secret.of(receiver.url("/hooks/T0/B0/tok3n-in-the-path"), "test"),
        key == null ? null : Secret.of(key, "test"));
  }

  @Test
  void retriesAfterA503ThenDelivers() {
    receiver.answer(503);
    WebhookSender.Outcome o = sender(4, 0.5).send(hook(Webhook.Format.JSON, null), ALERT);
    assertEquals(new WebhookSender.Outcome(true, 2, null), o);
    assertEquals(2, receiver.requests().size());
    // 1 s back-off times (0.5 + 0.5 / 2)
    assertEquals(List.of(Duration.ofMillis(750)), waits);
    assertEquals("/hooks/T0/B0/tok3n-in-the-path", receiver.requests().get(1).path());
  }

  @Test
  void givesUpAfterTheAttemptsWithDoublingJitteredWaits() {
    receiver.answer(503, 500, 502, 503, 503);
    WebhookSender.Outcome o = sender(4, 0.0).send(hook(Webhook.Format.SLACK, null), ALERT);
    assertEquals(
        new WebhookSender.Outcome(
            false, 4, "webhook 'ops' (127.0.0.1): HTTP 503 after 4 attempt(s)", true),
        o);
    assertEquals(4, receiver.requests().size());
    assertEquals(
        List.of(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000)), waits);
  }

  @Test
  void honoursRetryAfterOnA429CappedAtTheLongestBackOff() {
    receiver.answerRetryAfter(429, 3).answerRetryAfter(429, 3600);
    WebhookSender.Outcome o = sender(3, 0.0).send(hook(Webhook.Format.TEAMS, null), ALERT);
    assertTrue(o.delivered(), o.toString());
    assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(30)), waits);
  }

  @Test
  void anotherClientErrorOrARedirectIsNotRetried() {
    receiver.answer(404);
    assertEquals(
        new WebhookSender.Outcome(false, 1, "webhook 'ops' (127.0.0.1): HTTP 404"),
        sender(4, 0).send(hook(Webhook.Format.JSON, null), ALERT));
    receiver.answer(302);
    assertEquals(
        new WebhookSender.Outcome(
            false, 1, "webhook 'ops' (127.0.0.1): HTTP 302 (redirects are not followed)"),
        sender(4, 0).send(hook(Webhook.Format.JSON, null), ALERT));
    assertEquals(List.of(), waits);
  }

  @Test
  void aRefusedConnectionIsRetriedAndReportedWithoutTheUrl() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Webhook dead =
        new Webhook(
            "ops",
            Webhook.Format.JSON,
            Secret.of("http://127.0.0.1:" + port + "/hooks/tok3n-in-the-path", "test"),
            null);
    WebhookSender.Outcome o = sender(3, 0).send(dead, ALERT);
    assertFalse(o.delivered());
    assertTrue(o.unavailable());
    assertEquals(3, o.attempts());
    assertEquals(
        "webhook 'ops' (127.0.0.1): ConnectException talking to 127.0.0.1:"
            + port
            + " after 3 attempt(s)",
        o.failure());
    assertEquals(2, waits.size());
  }

  @Test
  void theJsonBodyIsSignedAsTheDocsSayAndVerifies() throws Exception {
    WebhookSender.Outcome o = sender(1, 0).send(hook(Webhook.Format.JSON, KEY), ALERT);
    assertTrue(o.delivered());
    Receiver.Request r = receiver.requests().get(0);
    String ts = r.headers().get("x-psa-policy-timestamp");
    String sig = r.headers().get("x-psa-policy-signature");
    assertEquals(Long.toString(CLOCK.instant().getEpochSecond()), ts);
    assertEquals("application/json; charset=utf-8", r.headers().get("content-type"));

    // docs/alerts.md, "Verifying the signature": HMAC-SHA256 with the key over
    // "<timestamp>.<raw body>", hex, compared with the header after "sha256="
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((ts + ".").getBytes(StandardCharsets.US_ASCII));
    StringBuilder hex = new StringBuilder();
    for (byte b : mac.doFinal(r.body())) {
      hex.append(String.format("%02x", b));
    }
    assertEquals("sha256=" + hex, sig);
    assertTrue(
        Signature.verify(
            KEY.getBytes(StandardCharsets.UTF_8),
            ts,
            sig,
            r.body(),
            CLOCK.instant(),
            Duration.ofMinutes(5)));

    // a changed body, another key, a replay after the tolerance, a missing header: rejected
    byte[] changed = r.body().clone();
    changed[changed.length - 3] ^= 1;
    assertFalse(
        Signature.verify(
            KEY.getBytes(StandardCharsets.UTF_8),
            ts,
            sig,
            changed,
            CLOCK.instant(),
            Duration.ofMinutes(5)));
    assertFalse(
        Signature.verify(
            "other".getBytes(StandardCharsets.UTF_8),
            ts,
            sig,
            r.body(),
            CLOCK.instant(),
            Duration.ofMinutes(5)));
    assertFalse(
        Signature.verify(
            KEY.getBytes(StandardCharsets.UTF_8),
            ts,
            sig,
            r.body(),
            CLOCK.instant().plusSeconds(301),
            Duration.ofMinutes(5)));
    assertFalse(
        Signature.verify(
            KEY.getBytes(StandardCharsets.UTF_8),
            null,
            sig,
            r.body(),
            CLOCK.instant(),
            Duration.ofMinutes(5)));
    // a timestamp moved forward with the same signature: the timestamp is signed
    assertFalse(
        Signature.verify(
            KEY.getBytes(StandardCharsets.UTF_8),
            Long.toString(Long.parseLong(ts) + 60),
            sig,
            r.body(),
            CLOCK.instant(),
            Duration.ofMinutes(5)));
  }

  @Test
  void teamsAndSlackAreNeverSignedAndUnkeyedJsonIsNot() {
    sender(1, 0).send(hook(Webhook.Format.TEAMS, null), ALERT);
    sender(1, 0).send(hook(Webhook.Format.JSON, null), ALERT);
    for (Receiver.Request r : receiver.requests()) {
      assertNull(r.headers().get("x-psa-policy-signature"));
      assertNull(r.headers().get("x-psa-policy-timestamp"));
    }
  }
}
