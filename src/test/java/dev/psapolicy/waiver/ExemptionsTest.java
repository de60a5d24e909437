package dev.psapolicy.waiver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Level;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Applying waivers and accepted findings to a run's violations. */
class ExemptionsTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final UnaryOperator<RuleInfo> DECLARED = UnaryOperator.identity();

  private static Exemptions of(AcceptedFindings accepted, Waiver... waivers) {
    return new Exemptions(
        List.of(
            new WaiverFile.Loaded(
                InputFile.file(InputKind.WAIVERS, "waivers.yaml", new byte[0]), List.of(waivers))),
        accepted,
        WaiverPolicy.DEFAULT);
  }

  private static Violation byRule(List<Violation> vs, String rule) {
    return vs.stream().filter(v -> v.ruleId().equals(rule)).findFirst().orElseThrow();
  }

  @Test
  void overlappingWaiversTheFirstInFileOrderNamesTheWaiverAndNeitherIsStale() {
    Exemptions ex =
        of(
            null,
            Waivers.waiver("W-broad", "CW-*", "principal=187", "2026-11-20", "2027-01-15"),
            Waivers.waiver(
                "W-narrow",
                "CW-TIME-ENTRY-DELETE-MY",
                "principal=187;verb=delete",
                "2026-11-20",
                "2027-01-15"));
    Exemptions.Applied a = ex.apply(List.of(Waivers.timeEntryDelete()), NOW, DECLARED);
    assertEquals(Disposition.waived("W-broad"), a.violations().get(0).disposition());
    assertEquals(1, a.violations().size(), a.violations().toString());
    assertEquals(List.of(), a.warnings());
  }

  @Test
  void anExpiredWaiverDoesNotShadowAValidOneBehindIt() {
    Exemptions ex =
        of(
            null,
            Waivers.waiver("W-old", "*", "principal=187", "2026-08-01", "2026-10-01"),
            Waivers.waiver("W-new", "*", "principal=187", "2026-11-20", "2027-01-15"));
    Exemptions.Applied a = ex.apply(List.of(Waivers.timeEntryDelete()), NOW, DECLARED);
    assertEquals(
        Disposition.waived("W-new"),
        byRule(a.violations(), "CW-TIME-ENTRY-DELETE-MY").disposition());
    Violation invalid = byRule(a.violations(), "PSA-WAIVER-INVALID");
    assertEquals(
        "waiver W-old (waivers.yaml:3:5) waives nothing: expired on 2026-10-01 (valid"
            + " through that day, UTC); it does not waive the 1 violation(s) it names",
        invalid.message());
    assertEquals(Severity.HIGH, invalid.severity());
    assertEquals(
        List.of(
            "warning: waivers.yaml:11:14: waiver W-old waives nothing: expired on"
                + " 2026-10-01 (valid through that day, UTC)"),
        a.warnings());
  }

  @Test
  void staleAndExpiringWaiversAreFindingsOfTheirOwn() {
    Exemptions ex =
        of(
            null,
            Waivers.waiver("W-soon", "*", "principal=187", "2026-11-20", "2026-11-30"),
            Waivers.waiver("W-none", "*", "principal=999", "2026-11-20", "2027-01-15"));
    Exemptions.Applied a = ex.apply(List.of(Waivers.timeEntryDelete()), NOW, DECLARED);
    Violation expiring = byRule(a.violations(), "PSA-WAIVER-EXPIRING");
    assertEquals(
        "waiver W-soon (waivers.yaml:3:5) expires on 2026-11-30: 4 days left, then the 1"
            + " violation(s) it covers count against the gate",
        expiring.message());
    assertEquals(Severity.INFO, expiring.severity());
    Violation stale = byRule(a.violations(), "PSA-WAIVER-STALE");
    assertEquals(
        "waiver W-none (waivers.yaml:3:5) matches no violation (rule *, principal=999)",
        stale.message());
    assertEquals("999", stale.principalId());
    assertEquals("*", stale.platform());
    assertEquals(
        List.of(
            "warning: waivers.yaml:11:14: waiver W-soon expires on 2026-11-30 (4 days" + " left)",
            "warning: waivers.yaml:3:5: waiver W-none matches no violation (stale)"),
        a.warnings());
    assertEquals(
        List.of("PSA-WAIVER-EXPIRING", "PSA-WAIVER-INVALID", "PSA-WAIVER-STALE"),
        a.rules().stream().map(RuleInfo::id).toList());
  }

  @Test
  void severityOverridesApplyToFindingsAboutWaivers() {
    Exemptions ex =
        of(null, Waivers.waiver("W-none", "*", "principal=999", "2026-11-20", "2027-01-15"));
    Exemptions.Applied a =
        ex.apply(
            List.of(),
            NOW,
            r -> r.id().equals("PSA-WAIVER-STALE") ? r.withSeverity(Severity.MEDIUM) : r);
    assertEquals(Severity.MEDIUM, a.violations().get(0).severity());
    assertEquals(
        Severity.MEDIUM,
        a.rules().stream()
            .filter(r -> r.id().equals("PSA-WAIVER-STALE"))
            .findFirst()
            .orElseThrow()
            .severity());
  }

  @Test
  void acceptedByFingerprintOnlyWhenNoWaiverTakesIt() {
    Violation time = Waivers.timeEntryDelete();
    Violation admin = Waivers.adminUser();
    LocalDate day = LocalDate.parse("2026-11-26");
    AcceptedFindings accepted =
        new AcceptedFindings(
            InputFile.file(InputKind.ACCEPTED, "accepted.yaml", new byte[0]),
            List.of(AcceptedEntry.of(time, day, "jane"), AcceptedEntry.of(admin, day, "jane")));
    Exemptions ex =
        of(
            accepted,
            Waivers.waiver(
                "W-1", "PSA-ADMIN-API-USER", "principal=190", "2026-11-20", "2027-01-15"));
    Exemptions.Applied a = ex.apply(List.of(time, admin), NOW, DECLARED);
    assertEquals(
        Disposition.accepted("accepted.yaml"),
        byRule(a.violations(), "CW-TIME-ENTRY-DELETE-MY").disposition());
    assertEquals(
        Disposition.waived("W-1"), byRule(a.violations(), "PSA-ADMIN-API-USER").disposition());
    assertEquals(List.of(), a.lapsed());
  }

  @Test
  void aCriticalViolationIsAcceptedOnlyUnderTheOptIn() {
    Violation admin = Waivers.adminUser();
    AcceptedFindings accepted =
        new AcceptedFindings(
            InputFile.file(InputKind.ACCEPTED, "accepted.yaml", new byte[0]),
            List.of(AcceptedEntry.of(admin, LocalDate.parse("2026-11-26"), "jane")));
    Exemptions.Applied without =
        new Exemptions(List.of(), accepted, WaiverPolicy.DEFAULT)
            .apply(List.of(admin), NOW, DECLARED);
    assertEquals(Disposition.OPEN, without.violations().get(0).disposition());
    assertEquals(1, without.warnings().size(), without.warnings().toString());
    Exemptions.Applied with =
        new Exemptions(List.of(), accepted, new WaiverPolicy(90, 14, false, true))
            .apply(List.of(admin), NOW, DECLARED);
    assertEquals(Disposition.accepted("accepted.yaml"), with.violations().get(0).disposition());
  }

  @Test
  void anAcceptedEntryLapsesWhenTheLevelChanges() {
    Violation widened = Waivers.timeEntryDelete();
    Violation.Holding held = widened.holding();
    Violation before =
        new Violation(
            widened.ruleId(),
            widened.severity(),
            widened.title(),
            widened.message(),
            widened.subject(),
            new Violation.Holding(held.cell(), held.verb(), Level.MY, held.allowed(), held.raw()),
            widened.baselines(),
            widened.fix(),
            widened.steps(),
            Disposition.OPEN);
    AcceptedFindings accepted =
        new AcceptedFindings(
            InputFile.file(InputKind.ACCEPTED, "accepted.yaml", new byte[0]),
            List.of(AcceptedEntry.of(before, LocalDate.parse("2026-11-01"), "jane")));
    Exemptions.Applied a =
        new Exemptions(List.of(), accepted, WaiverPolicy.DEFAULT)
            .apply(List.of(widened), NOW, DECLARED);
    assertEquals(Disposition.OPEN, a.violations().get(0).disposition());
    assertEquals(1, a.lapsed().size());
    assertEquals(List.of(), a.rules(), "no waivers file: no waiver rules in the report");
  }
}
