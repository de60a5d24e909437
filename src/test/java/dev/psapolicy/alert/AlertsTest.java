package dev.psapolicy.alert;

import static dev.psapolicy.alert.AlertFixtures.CLOCK;
import static dev.psapolicy.alert.AlertFixtures.INSTANCE;
import static dev.psapolicy.alert.AlertFixtures.admin;
import static dev.psapolicy.alert.AlertFixtures.deleteAll;
import static dev.psapolicy.alert.AlertFixtures.editAll;
import static dev.psapolicy.alert.AlertFixtures.report;
import static dev.psapolicy.alert.AlertFixtures.state;
import static dev.psapolicy.alert.AlertFixtures.waiver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.drift.DriftLoader;
import dev.psapolicy.drift.State;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.render.SarifRenderer;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.waiver.Waiver;
import dev.psapolicy.waiver.WaiverJudge;
import dev.psapolicy.waiver.WaiverPolicy;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link Alerts#between} makes of a run: one test per kind of alert. */
class AlertsTest {
  private static final AlertsConfig HIGH =
      new AlertsConfig(
          List.of(), Severity.HIGH, 7, URI.create("https://psa-policy.example.com/"), 4);

  private static AlertSet between(Report previous, Report current) {
    return between(HIGH, previous, current, null, null, List.of());
  }

  private static AlertSet between(
      AlertsConfig config,
      Report previous,
      Report current,
      State previousState,
      State currentState,
      List<Waiver> waivers) {
    return Alerts.between(
        new AlertInput(
            INSTANCE,
            previous,
            current,
            previousState,
            currentState,
            waivers,
            WaiverPolicy.DEFAULT),
        config,
        CLOCK);
  }

  @Test
  void anOpenViolationAtOrAboveTheThresholdAlertsKeyedByItsFingerprint() throws Exception {
    Violation high = editAll(Severity.HIGH, Disposition.OPEN);
    Violation medium = deleteAll(Severity.MEDIUM);
    Violation waivedCritical = admin().withDisposition(Disposition.waived("W-1"));
    Report now = report("run-2", high, medium, waivedCritical);
    AlertSet set = between(report("run-1"), now);

    assertEquals(1, set.alerts().size(), set.toString());
    Alert a = set.alerts().get(0);
    assertEquals(Alert.Kind.NEW_VIOLATION, a.kind());
    assertEquals(Severity.HIGH, a.severity());
    assertEquals("violation:" + high.fingerprint(), a.key());
    assertEquals("high CW-TICKET-ADD-ONLY: Service Tickets must be add-only", a.title());
    assertEquals(
        List.of(
            "Hatz holds Edit All on Service Desk / Service Tickets; the baseline allows None.",
            "API user: Hatz <!channel> [x](https://evil.example) *AI* (187), role Integration on"
                + " connectwise acme.example",
            "grant: Service Desk / Service Tickets edit All (allowed None)",
            "fix: lower Edit on Service Desk / Service Tickets from All to None",
            "new since the previous run run-1",
            "fingerprint " + high.fingerprint()),
        a.details());
    assertEquals("https://psa-policy.example.com/v1/runs/run-2?format=html", a.link());
    assertTrue(set.complete());

    // the same fingerprint SARIF carries as psaPolicyFingerprint/v1
    ByteArrayOutputStream sarif = new ByteArrayOutputStream();
    new SarifRenderer().render(now, sarif);
    JsonNode results = new ObjectMapper().readTree(sarif.toByteArray()).at("/runs/0/results");
    assertTrue(
        results.findValuesAsText(SarifRenderer.FINGERPRINT_KEY).contains(high.fingerprint()),
        results.toString());
  }

  @Test
  void aViolationOpenInThePreviousRunSaysSoAndTheFirstRunSaysThat() {
    Violation high = editAll(Severity.HIGH, Disposition.OPEN);
    assertTrue(
        between(report("run-1", high), report("run-2", high))
            .alerts()
            .get(0)
            .details()
            .contains("open in the previous run run-1 as well"));
    assertTrue(
        between(null, report("run-1", high))
            .alerts()
            .get(0)
            .details()
            .contains("first run of acme-cw"));
  }

  @Test
  void theThresholdIsInclusive() {
    AlertsConfig medium = new AlertsConfig(List.of(), Severity.MEDIUM, 7, null, 4);
    AlertSet set =
        between(
            medium,
            null,
            report("r", deleteAll(Severity.MEDIUM), deleteAll(Severity.LOW)),
            null,
            null,
            List.of());
    assertEquals(List.of(Severity.MEDIUM), set.alerts().stream().map(Alert::severity).toList());
    assertEquals(null, set.alerts().get(0).link());
  }

  @Test
  void anIncompleteRunFailsClosedAndClosesNothing() {
    AlertSet set = between(null, report("run-3", false));
    assertEquals(1, set.alerts().size());
    Alert a = set.alerts().get(0);
    assertEquals(Alert.Kind.FAIL_CLOSED, a.kind());
    assertEquals("fail-closed", a.key());
    assertEquals(Severity.HIGH, a.severity());
    assertEquals("Run of acme-cw failed closed: incomplete data", a.title());
    assertEquals(
        List.of(
            "The permission data could not be read completely; this run proves nothing.",
            "incomplete: GET /system/members -> 503 Service Unavailable after 4 attempts"),
        a.details());
    assertFalse(set.complete());
    InMemoryAlertLedger ledger = new InMemoryAlertLedger();
    ledger.markSent(new AlertLedger.Entry(INSTANCE, "ops", "violation:x"), CLOCK.instant());
    assertEquals(List.of(), set.closed(ledger));
  }

  @Test
  void aWidenedGrantAndAnAddedUserAlertAsDiffComputesThem() {
    Violation edit = editAll(Severity.HIGH, Disposition.OPEN);
    AlertSet set =
        between(
            new AlertsConfig(List.of(), Severity.CRITICAL, 7, null, 4),
            report("run-1"),
            report("run-2", edit),
            state("run run-1", "None", false),
            state("run run-2", "All", true),
            List.of());
    List<Alert> widened =
        set.alerts().stream().filter(a -> a.kind() == Alert.Kind.WIDENED).toList();
    assertEquals(2, widened.size(), set.toString());
    Alert added = widened.get(0);
    assertEquals("added:connectwise:acme.example:190", added.key());
    assertEquals("API user added: Legacy Sync (190) on connectwise", added.title());
    assertEquals(Severity.INFO, added.severity());
    Alert grant = widened.get(1);
    assertEquals(
        "widened:connectwise:acme.example:187:Service Desk / Service Tickets / edit:All",
        grant.key());
    assertEquals(
        "Grant widened: Hatz <!channel> [x](https://evil.example) *AI* (187) Service Desk /"
            + " Service Tickets edit None -> All",
        grant.title());
    // as bad as the worst open violation on that grant
    assertEquals(Severity.HIGH, grant.severity());
    assertEquals(
        List.of(
            "API user Hatz <!channel> [x](https://evil.example) *AI* (187) now holds edit All on"
                + " Service Desk / Service Tickets (was None)",
            "compared: run run-1 -> run run-2"),
        grant.details());
    // the threshold is critical: the high violation itself does not alert
    assertEquals(2, set.alerts().size());
  }

  @Test
  void aWideningThatOpenedAnAlertingViolationIsOneAlert() {
    Violation edit = editAll(Severity.HIGH, Disposition.OPEN);
    Violation legacy = AlertFixtures.admin();
    AlertSet set =
        between(
            HIGH,
            report("run-1"),
            report("run-2", edit, legacy),
            state("run run-1", "None", false),
            state("run run-2", "All", true),
            List.of());
    assertEquals(
        List.of("violation:" + legacy.fingerprint(), "violation:" + edit.fingerprint()),
        set.alerts().stream().map(Alert::key).toList());
    List<String> adminDetails = set.alerts().get(0).details();
    assertEquals("the API user is new since run run-1", adminDetails.get(adminDetails.size() - 2));
    List<String> editDetails = set.alerts().get(1).details();
    assertEquals(
        "widened since run run-1: edit None -> All", editDetails.get(editDetails.size() - 2));
  }

  @Test
  void snapshotsInMemoryGiveTheStatesDiffWouldRead() {
    AlertSet set =
        between(
            HIGH,
            report("run-1"),
            report("run-2"),
            DriftLoader.ofSnapshots(List.of(snapshot("None")), "run run-1"),
            DriftLoader.ofSnapshots(List.of(snapshot("My")), "run run-2"),
            List.of());
    assertEquals(
        List.of("widened:connectwise:acme.example:187:Service Desk / Service Tickets / edit:My"),
        set.alerts().stream().map(Alert::key).toList());
    assertEquals(
        "Grant widened: Hatz (187) Service Desk / Service Tickets edit None -> My",
        set.alerts().get(0).title());
  }

  private static Snapshot snapshot(String edit) {
    return new Snapshot(
        Snapshot.FORMAT_VERSION,
        Platform.CONNECTWISE,
        "acme.example",
        CLOCK.instant(),
        true,
        List.of(),
        null,
        List.of(
            new Snapshot.SnapshotPrincipal(
                "187",
                "Hatz",
                "api",
                "Integration",
                false,
                false,
                List.of(),
                List.of(
                    new Snapshot.PermissionRow(
                        "Service Desk", "Service Tickets", "All", edit, "None", "None", 1)),
                1)),
        null);
  }

  @Test
  void noWideningWithoutBothStatesOrWhenNothingWidened() {
    AlertsConfig off = new AlertsConfig(List.of(), Severity.CRITICAL, 0, null, 4);
    AlertSet same =
        between(
            off,
            report("run-1"),
            report("run-2"),
            state("a", "All", true),
            state("b", "All", true),
            List.of());
    assertEquals(List.of(), same.alerts());
    AlertSet narrowed =
        between(
            off,
            report("run-1"),
            report("run-2"),
            state("a", "All", true),
            state("b", "My", false),
            List.of());
    assertEquals(List.of(), narrowed.alerts());
  }

  @Test
  void aWaiverAlertsWhenTheJudgeHoldsItValidAndExpiringWithinTheDays() {
    // today is 2026-11-26; the alert's days are 7, so 6 days left alerts and 7 do not
    Waiver soon = waiver("W-SOON", LocalDate.parse("2026-12-02"));
    Waiver later = waiver("W-LATER", LocalDate.parse("2026-12-03"));
    Waiver expired = waiver("W-GONE", LocalDate.parse("2026-11-25"));
    Waiver lastDay = waiver("W-TODAY", LocalDate.parse("2026-11-26"));
    Violation waived = editAll(Severity.HIGH, Disposition.waived("W-SOON"));
    AlertSet set =
        between(
            HIGH,
            null,
            report("run-9", waived),
            null,
            null,
            List.of(soon, later, expired, lastDay));
    assertEquals(
        List.of("waiver-expiring:W-SOON:2026-12-02", "waiver-expiring:W-TODAY:2026-11-26"),
        set.alerts().stream().map(Alert::key).toList());
    Alert a = set.alerts().get(0);
    assertEquals(Alert.Kind.WAIVER_EXPIRING, a.kind());
    assertEquals("Waiver W-SOON expires 2026-12-02", a.title());
    assertEquals(Severity.HIGH, a.severity());
    assertEquals(
        List.of(
            "expires 2026-12-02 (valid through that day, UTC): 6 day(s) left",
            "waives 1 violation(s) in this run",
            "reason: vendor fix due",
            "approver: jane.doe@acme.example",
            "ticket: SEC-42",
            "defined at waivers.yaml:3:5"),
        a.details());
    assertEquals(Severity.INFO, set.alerts().get(1).severity());

    // the decision is the judge's: the same waivers, the same verdicts
    WaiverJudge judge = new WaiverJudge(new WaiverPolicy(90, 7, false), CLOCK.instant());
    assertEquals(
        List.of(true, false, false, true),
        List.of(soon, later, expired, lastDay).stream()
            .map(w -> judge.verdict(w).expiring())
            .toList());
  }

  @Test
  void aWaiverTheJudgeHoldsInvalidNeverAlerts() {
    // expires 400 days after created: beyond the TTL, so invalid, whatever the days left
    Waiver tooLong =
        new Waiver(
            "W-LONG",
            waiver("x", LocalDate.parse("2026-11-30")).rule(),
            waiver("x", LocalDate.parse("2026-11-30")).scope(),
            "r",
            "a",
            "t",
            LocalDate.parse("2025-10-27"),
            LocalDate.parse("2026-11-30"),
            "waivers.yaml",
            9,
            5,
            17,
            14,
            List.of());
    AlertSet set = between(HIGH, null, report("r"), null, null, List.of(tooLong));
    assertEquals(List.of(), set.alerts());
  }
}
