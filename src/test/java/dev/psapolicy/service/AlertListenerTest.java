package dev.psapolicy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.alert.AlertsConfig;
import dev.psapolicy.alert.InMemoryAlertLedger;
import dev.psapolicy.alert.Secret;
import dev.psapolicy.alert.Webhook;
import dev.psapolicy.alert.WebhookSender;
import dev.psapolicy.policy.Schedule;
import dev.psapolicy.run.IncompleteDataException;
import dev.psapolicy.service.history.History;
import dev.psapolicy.service.history.RunRecord;
import dev.psapolicy.service.history.RunStatus;
import dev.psapolicy.source.http.WebhookPost;
import dev.psapolicy.vocabulary.Platform;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert listener of {@code serve}: delivery off the run's thread (a webhook that hangs does not
 * hold the run), and a failed delivery logged with the webhook's name and host only, and counted.
 */
class AlertListenerTest {
  static final String URL = "http://127.0.0.1:9/hooks/T0KEN-in-the-path";
  @TempDir Path dir;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();

  String log() {
    synchronized (log) {
      return log.toString(StandardCharsets.UTF_8);
    }
  }

  Service service(History history) throws Exception {
    return service(history, ServiceTest.fixed());
  }

  Service service(History history, InstanceSource source) throws Exception {
    ServiceTest.load();
    AtomicInteger ids = new AtomicInteger();
    return new Service(
        new Service.Settings(
            ServiceTest.policy,
            List.of(
                new ServiceInstance(
                    "a",
                    Platform.CONNECTWISE,
                    new Schedule.Every(Duration.ofHours(1), "1h"),
                    dir.resolve("ev"),
                    source)),
            Clock.fixed(ServiceTest.NOW, ZoneOffset.UTC),
            () -> "run-" + ids.incrementAndGet(),
            "test",
            null,
            Duration.ofSeconds(5),
            new PrintStream(log, true, StandardCharsets.UTF_8)),
        new RunRecorder(history),
        new Metrics());
  }

  AlertListener listener(Service s, WebhookSender.Poster poster) {
    Clock clock = Clock.fixed(ServiceTest.NOW, ZoneOffset.UTC);
    AlertListener l =
        new AlertListener(
            AlertsConfig.NONE,
            List.of(new Webhook("oncall", Webhook.Format.JSON, Secret.of(URL, "test"), null)),
            ServiceTest.policy,
            new WebhookSender(
                poster, d -> {}, clock, 1, Duration.ofMillis(1), Duration.ofMillis(1), () -> 0),
            new InMemoryAlertLedger(),
            id -> s.report(id).orElse(null),
            clock,
            s.metrics(),
            s.settings().log());
    s.addListener(l);
    return l;
  }

  @Test
  void aWebhookThatHangsDoesNotHoldTheRun() throws Exception {
    CountDownLatch posting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (Service s = service(ServiceTest.memory())) {
      AlertListener l =
          listener(
              s,
              (u, h, b) -> {
                posting.countDown();
                try {
                  release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return new WebhookPost.Answer(204, null);
              });
      // the receiver hangs until released: the run is recorded all the same
      RunRecord r = s.runNow("a");
      assertEquals(RunStatus.FAILED, r.status());
      assertTrue(posting.await(60, TimeUnit.SECONDS), "the alert goes out on its own thread");
      assertFalse(log().contains("alerts: "), log());
      release.countDown();
      l.close();
      assertTrue(log().contains("a run run-1: alerts: "), log());
      assertTrue(
          new String(s.metrics().scrape(), StandardCharsets.UTF_8)
              .contains("psa_policy_alerts_total{outcome=\"sent\"}"));
    }
  }

  @Test
  void aFailedDeliveryIsLoggedWithoutItsUrlAndCounted() throws Exception {
    try (Service s = service(ServiceTest.memory())) {
      AlertListener l = listener(s, (u, h, b) -> new WebhookPost.Answer(503, null));
      s.runNow("a");
      l.close();
      String text = log();
      assertTrue(
          text.contains(" not sent: webhook 'oncall' (127.0.0.1): HTTP 503 after 1 attempt(s)\n"),
          text);
      // the receiver is not waited for again alert by alert
      assertTrue(
          text.contains(
              " not sent: webhook 'oncall' (127.0.0.1): not sent, the webhook failed"
                  + " earlier in this dispatch\n"),
          text);
      assertFalse(text.contains("T0KEN"), text);
      String metrics = new String(s.metrics().scrape(), StandardCharsets.UTF_8);
      assertTrue(metrics.contains("psa_policy_alerts_total{outcome=\"failed\"}"), metrics);
      assertFalse(metrics.contains("psa_policy_alerts_total{outcome=\"failed\"} 0.0"), metrics);
    }
  }

  @Test
  void aFetchThatFailedClosedSendsItsFailClosedAlertOnce() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    try (Service s =
        service(
            ServiceTest.memory(),
            (c, l) -> {
              throw new IncompleteDataException("GET /system/members -> 503 after 4 attempts");
            })) {
      AlertListener l =
          listener(
              s,
              (u, h, b) -> {
                bodies.add(new String(b, StandardCharsets.UTF_8));
                return new WebhookPost.Answer(204, null);
              });
      assertEquals(RunStatus.INCOMPLETE, s.runNow("a").status());
      s.runNow("a"); // still incomplete: nothing more
      l.close();
      assertEquals(1, bodies.size(), bodies.toString());
      assertTrue(bodies.get(0).contains("\"kind\" : \"fail-closed\""), bodies.get(0));
      assertTrue(
          bodies
              .get(0)
              .contains(
                  "\"incomplete: incomplete data: GET /system/members -> 503 after 4 attempts\""),
          bodies.get(0));
      assertTrue(log().contains("a run run-2: alerts: 0 sent, 1 sent before"), log());
    }
  }
}
