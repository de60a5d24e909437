package dev.psapolicy.alert;

import static dev.psapolicy.alert.AlertFixtures.CLOCK;
import static dev.psapolicy.alert.AlertFixtures.INSTANCE;
import static dev.psapolicy.alert.AlertFixtures.editAll;
import static dev.psapolicy.alert.AlertFixtures.report;
import static dev.psapolicy.alert.AlertFixtures.state;
import static dev.psapolicy.alert.AlertFixtures.waiver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.drift.State;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.source.http.WebhookPost;
import dev.psapolicy.waiver.Waiver;
import dev.psapolicy.waiver.WaiverPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs after runs against a real receiver: each alert once per open finding and webhook, again
 * after the finding closed and reopened, not marked sent when it failed, and no secret in anything
 * that leaves the process.
 */
class AlertDispatcherTest {
  private Receiver receiver;
  private final InMemoryAlertLedger ledger = new InMemoryAlertLedger();
  private Report previous;

  @BeforeEach
  void start() throws IOException {
    receiver = new Receiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private AlertDispatcher dispatcher(List<Webhook> hooks, int attempts) {
    WebhookPost post = new WebhookPost(Duration.ofSeconds(5), Duration.ofSeconds(5), null);
    return new AlertDispatcher(
        hooks,
        new WebhookSender(
            post::post,
            d -> {},
            CLOCK,
            attempts,
            Duration.ofMillis(1),
            Duration.ofMillis(1),
            () -> 0),
        ledger,
        CLOCK);
  }

  private Webhook hook(String name, Webhook.Format f) {
    return new Webhook(name, f, Secret.of(receiver.url("/" + name), "test"), null);
  }

  /** One run: its alerts dispatched; the report becomes the next run's previous. */
  private AlertDispatcher.Delivery run(AlertDispatcher d, Report now) {
    return run(d, now, null, null, List.of());
  }

  private AlertDispatcher.Delivery run(
      AlertDispatcher d, Report now, State before, State after, List<Waiver> waivers) {
    AlertSet set =
        Alerts.between(
            new AlertInput(INSTANCE, previous, now, before, after, waivers, WaiverPolicy.DEFAULT),
            new AlertsConfig(List.of(), Severity.HIGH, 7, null, 4),
            CLOCK);
    previous = now;
    return d.dispatch(set);
  }

  private static List<String> keys(AlertDispatcher.Delivery d) {
    return d.attempts().stream().map(a -> a.webhook() + " " + a.alert().key()).toList();
  }

  @Test
  void oneAlertPerOpenFindingAndWebhookAcrossRepeatedRuns() {
    AlertDispatcher d =
        dispatcher(
            List.of(hook("teams", Webhook.Format.TEAMS), hook("siem", Webhook.Format.JSON)), 1);
    Violation v = editAll(Severity.HIGH, Disposition.OPEN);
    String key = "violation:" + v.fingerprint();
    assertEquals(List.of("teams " + key, "siem " + key), keys(run(d, report("run-1", v))));
    for (int i = 2; i <= 4; i++) {
      assertEquals(List.of(), keys(run(d, report("run-" + i, v))), "run " + i);
    }
    assertEquals(2, receiver.requests().size());
  }

  @Test
  void theLedgerIsReadOncePerDispatchNotPerAlertAndWebhook() {
    List<String> reads = new ArrayList<>();
    AlertLedger counting =
        new AlertLedger() {
          @Override
          public boolean sent(Entry entry) {
            reads.add("sent");
            return ledger.sent(entry);
          }

          @Override
          public void markSent(Entry entry, Instant at) {
            ledger.markSent(entry, at);
          }

          @Override
          public Set<Entry> entries(String instance) {
            reads.add("entries");
            return ledger.entries(instance);
          }

          @Override
          public void forget(Collection<Entry> entries) {
            ledger.forget(entries);
          }
        };
    WebhookPost post = new WebhookPost(Duration.ofSeconds(5), Duration.ofSeconds(5), null);
    AlertDispatcher d =
        new AlertDispatcher(
            List.of(hook("teams", Webhook.Format.TEAMS), hook("siem", Webhook.Format.JSON)),
            new WebhookSender(post::post, w -> {}, CLOCK, 1, Duration.ZERO, Duration.ZERO, () -> 0),
            counting,
            CLOCK);
    Violation edit = editAll(Severity.HIGH, Disposition.OPEN);
    Violation delete = AlertFixtures.deleteAll(Severity.HIGH);
    assertEquals(4, run(d, report("run-1", edit, delete)).attempts().size());
    assertEquals(List.of(), run(d, report("run-2", edit, delete)).attempts());
    assertEquals(List.of("entries", "entries"), reads);
    assertEquals(4, receiver.requests().size());
  }

  @Test
  void aFindingThatClosedAndReopenedAlertsAgain() {
    AlertDispatcher d = dispatcher(List.of(hook("teams", Webhook.Format.TEAMS)), 1);
    Violation v = editAll(Severity.HIGH, Disposition.OPEN);
    String entry = "teams violation:" + v.fingerprint();
    assertEquals(List.of(entry), keys(run(d, report("run-1", v))));
    AlertDispatcher.Delivery closed = run(d, report("run-2"));
    assertEquals(List.of(), keys(closed));
    assertEquals(
        List.of(new AlertLedger.Entry(INSTANCE, "teams", "violation:" + v.fingerprint())),
        closed.forgotten());
    assertEquals(List.of(entry), keys(run(d, report("run-3", v))));
    // waived counts as closed too: the finding is no longer open
    run(d, report("run-4", v.withDisposition(Disposition.waived("W-1"))));
    assertEquals(List.of(entry), keys(run(d, report("run-5", v))));
    assertEquals(3, receiver.requests().size());
  }

  @Test
  void anIncompleteRunClosesNothing() {
    AlertDispatcher d = dispatcher(List.of(hook("teams", Webhook.Format.TEAMS)), 1);
    Violation v = editAll(Severity.HIGH, Disposition.OPEN);
    run(d, report("run-1", v));
    // the violation is missing because data is: the fail-closed alert goes out, nothing closes
    AlertDispatcher.Delivery incomplete = run(d, report("run-2", false));
    assertEquals(List.of("teams fail-closed"), keys(incomplete));
    assertEquals(List.of(), incomplete.forgotten());
    // complete again: the violation was never closed, so no repeat; fail-closed is forgotten
    AlertDispatcher.Delivery back = run(d, report("run-3", v));
    assertEquals(List.of(), keys(back));
    assertEquals(
        List.of(new AlertLedger.Entry(INSTANCE, "teams", "fail-closed")), back.forgotten());
    assertEquals("teams fail-closed", keys(run(d, report("run-4", false))).get(0));
  }

  @Test
  void anAlertThatFailedToSendIsNotMarkedAndGoesOutNextRun() {
    AlertDispatcher d = dispatcher(List.of(hook("teams", Webhook.Format.TEAMS)), 2);
    Violation v = editAll(Severity.HIGH, Disposition.OPEN);
    receiver.answer(503, 503);
    AlertDispatcher.Delivery failed = run(d, report("run-1", v));
    assertEquals(1, failed.failures().size());
    assertEquals(
        "webhook 'teams' (127.0.0.1): HTTP 503 after 2 attempt(s)",
        failed.failures().get(0).outcome().failure());
    assertFalse(
        ledger.sent(new AlertLedger.Entry(INSTANCE, "teams", "violation:" + v.fingerprint())));
    AlertDispatcher.Delivery retried = run(d, report("run-2", v));
    assertEquals(List.of(), retried.failures());
    assertEquals(List.of("teams violation:" + v.fingerprint()), keys(retried));
    assertTrue(
        ledger.sent(new AlertLedger.Entry(INSTANCE, "teams", "violation:" + v.fingerprint())));
    assertEquals(3, receiver.requests().size());
  }

  @Test
  void aWebhookThatOutlastedTheRetriesGetsNothingMoreInTheDispatch() {
    AlertDispatcher d =
        dispatcher(List.of(hook("down", Webhook.Format.JSON), hook("up", Webhook.Format.SLACK)), 2);
    receiver.answer(503, 503);
    Violation a = editAll(Severity.HIGH, Disposition.OPEN);
    Violation b = AlertFixtures.deleteAll(Severity.HIGH);
    AlertDispatcher.Delivery delivery = run(d, report("run-1", a, b));
    assertEquals(
        List.of(
            "down false webhook 'down' (127.0.0.1): HTTP 503 after 2 attempt(s)",
            "up true null",
            "down false webhook 'down' (127.0.0.1): not sent, the webhook failed earlier in this"
                + " dispatch",
            "up true null"),
        delivery.attempts().stream()
            .map(x -> x.webhook() + " " + x.outcome().delivered() + " " + x.outcome().failure())
            .toList());
    // two attempts at the first alert, then one per alert to the other webhook
    assertEquals(4, receiver.requests().size());
    // the next run tries the webhook again
    assertEquals(2, run(d, report("run-2", a, b)).attempts().size());
  }

  @Test
  void aWideningAlertsOnceAndAgainOnlyWhenItWidensAgain() {
    AlertDispatcher d = dispatcher(List.of(hook("slack", Webhook.Format.SLACK)), 1);
    State none = state("run-1", "None", false);
    State all = state("run-2", "All", false);
    String key =
        "slack widened:connectwise:acme.example:187:Service Desk / Service Tickets / edit:All";
    run(d, report("run-1"));
    assertEquals(List.of(key), keys(run(d, report("run-2"), none, all, List.of())));
    assertEquals(List.of(), keys(run(d, report("run-3"), all, all, List.of())));
    run(d, report("run-4"), all, none, List.of());
    assertEquals(List.of(key), keys(run(d, report("run-5"), none, all, List.of())));
  }

  @Test
  void noSecretInAnyPayloadHeaderOrMessage(@TempDir Path dir) throws Exception {
    String hmac = "hm4c-S3CRET-planted-0c9e1f";
    String token = "xoxb-T0K3N-planted-77a2";
    String credential = "PSA-PRIVATE-KEY-planted-5be0";
    Path keyFile = dir.resolve("siem.key");
    Files.writeString(keyFile, hmac + "\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(
        dir.resolve("psa-policy.yaml"),
        "alerts:\n"
            + "  threshold: info\n"
            + "  publicUrl: https://psa-policy.example.com\n"
            + "  webhooks:\n"
            + "    - {name: teams, format: teams, url: {env: TEAMS_URL}}\n"
            + "    - {name: slack, format: slack, url: {env: SLACK_URL}}\n"
            + "    - {name: siem, format: json, url: {env: SIEM_URL}, secret: {file: siem.key}}\n");
    AlertsConfig config =
        AlertsConfigLoader.load(dir.resolve("psa-policy.yaml"), "psa-policy.yaml");
    List<Webhook> hooks =
        config.resolve(
            Map.of(
                "TEAMS_URL", receiver.url("/teams/" + token),
                "SLACK_URL", receiver.url("/slack?token=" + token),
                "SIEM_URL", receiver.url("/siem/" + token),
                "CW_PRIVATE_KEY", credential));
    // every kind of alert, to every format
    Violation v = editAll(Severity.HIGH, Disposition.waived("W-SOON"));
    Report now = report("run-2", false, v, AlertFixtures.deleteAll(Severity.HIGH));
    AlertSet set =
        Alerts.between(
            new AlertInput(
                INSTANCE,
                report("run-1"),
                now,
                state("run-1", "None", false),
                state("run-2", "All", true),
                List.of(waiver("W-SOON", LocalDate.parse("2026-11-28"))),
                WaiverPolicy.DEFAULT),
            config,
            CLOCK);
    assertEquals(
        List.of("fail-closed", "new-violation", "widened", "waiver-expiring"),
        set.alerts().stream().map(a -> a.kind().id()).distinct().toList());
    WebhookPost post = new WebhookPost(Duration.ofSeconds(5), Duration.ofSeconds(5), null);
    AlertDispatcher d =
        new AlertDispatcher(
            hooks,
            new WebhookSender(
                post::post, x -> {}, CLOCK, 1, Duration.ofMillis(1), Duration.ofMillis(1), () -> 0),
            ledger,
            CLOCK);
    AlertDispatcher.Delivery delivered = d.dispatch(set);
    assertEquals(List.of(), delivered.failures());
    assertEquals(set.alerts().size() * 3, receiver.requests().size());

    // and a failing delivery's message
    receiver.close();
    AlertDispatcher.Delivery failing = d.dispatch(report2(set));
    List<String> leaving = new ArrayList<>();
    for (Receiver.Request r : receiver.requests()) {
      leaving.add(new String(r.body(), StandardCharsets.UTF_8));
      r.headers().forEach((k, val) -> leaving.add(k + ": " + val));
    }
    for (AlertDispatcher.Attempt a : failing.attempts()) {
      leaving.add(String.valueOf(a.outcome().failure()));
    }
    leaving.add(config.toString());
    leaving.add(hooks.toString());
    assertFalse(failing.failures().isEmpty());
    for (String text : leaving) {
      for (String secret : List.of(hmac, token, credential)) {
        assertFalse(text.contains(secret), "secret in: " + text);
      }
    }
    // the signature is there, and it is not the key
    assertTrue(leaving.stream().anyMatch(t -> t.startsWith("x-psa-policy-signature: sha256=")));
  }

  /** The same conditions under another key, so that a dispatch tries to send them again. */
  private static AlertSet report2(AlertSet set) {
    return new AlertSet(
        set.instance(),
        set.runId(),
        set.alerts().stream()
            .map(
                a ->
                    new Alert(
                        a.kind(),
                        a.instance(),
                        a.severity(),
                        a.key() + "#2",
                        a.title(),
                        a.details(),
                        a.runId(),
                        a.link()))
            .toList(),
        false);
  }
}
