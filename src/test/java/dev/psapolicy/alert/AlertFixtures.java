package dev.psapolicy.alert;

import dev.psapolicy.drift.State;
import dev.psapolicy.input.Glob;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.RunInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Verdict;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import dev.psapolicy.waiver.Scope;
import dev.psapolicy.waiver.Waiver;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small reports, states and waivers for the alert tests, with names that need escaping. */
final class AlertFixtures {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String INSTANCE = "acme-cw";

  /** An API user whose name is markup in every format a receiver reads. */
  static final Violation.Subject HATZ =
      new Violation.Subject(
          "connectwise",
          "acme.example",
          "187",
          "Hatz <!channel> [x](https://evil.example) *AI*",
          "Integration");

  private AlertFixtures() {}

  static Violation editAll(Severity s, Disposition d) {
    return new Violation(
        "CW-TICKET-ADD-ONLY",
        s,
        "Service Tickets must be add-only",
        "Hatz holds Edit All on Service Desk / Service Tickets; the baseline allows None.",
        HATZ,
        new Violation.Holding(
            new Cell("Service Desk", "Service Tickets"), Verb.EDIT, Level.ALL, Level.NONE, "All"),
        List.of("hatz-ai-connectwise"),
        "lower Edit on Service Desk / Service Tickets from All to None",
        2,
        d);
  }

  static Violation deleteAll(Severity s) {
    return new Violation(
        "PSA-OVERGRANT-DELETE",
        s,
        "Delete above the baselines",
        "Hatz holds Delete All on Time & Expense / Time Entry; the baselines allow None.",
        HATZ,
        new Violation.Holding(
            new Cell("Time & Expense", "Time Entry"), Verb.DELETE, Level.ALL, Level.NONE, "All"),
        List.of("hatz-ai-connectwise"),
        "lower Delete on Time & Expense / Time Entry from All to None",
        2,
        Disposition.OPEN);
  }

  static Violation admin() {
    return new Violation(
        "PSA-ADMIN-API-USER",
        Severity.CRITICAL,
        "API user with an admin role",
        "API user Legacy Sync (190) holds admin role 'Admin'",
        new Violation.Subject("connectwise", "acme.example", "190", "Legacy Sync", "Admin"),
        null,
        List.of(),
        "assign a non-admin role",
        0,
        Disposition.OPEN);
  }

  static Report report(String runId, Violation... vs) {
    return report(runId, true, vs);
  }

  static Report report(String runId, boolean complete, Violation... vs) {
    RunInfo run =
        new RunInfo(
            runId,
            NOW,
            "0.1.0",
            List.of(),
            9,
            complete,
            complete
                ? List.of()
                : List.of("GET /system/members -> 503 Service Unavailable after 4 attempts"));
    Verdict verdict =
        complete
            ? new Verdict(
                vs.length == 0 ? Verdict.Outcome.PASS : Verdict.Outcome.FAIL,
                Severity.HIGH,
                vs.length,
                vs.length == 0 ? 0 : 1)
            : new Verdict(Verdict.Outcome.INCOMPLETE, Severity.HIGH, 0, 4);
    return new Report(run, List.of(), List.of(), List.of(vs), verdict);
  }

  /** A state with Hatz (187) holding the given levels on Service Desk / Service Tickets. */
  static State state(String label, String edit, boolean withLegacy) {
    Map<String, State.Principal> principals = new TreeMap<>();
    Map<String, Map<String, State.GrantLevel>> grants = new TreeMap<>();
    State.Principal hatz =
        new State.Principal(
            "connectwise", "acme.example", "187", HATZ.principalName(), "Integration");
    principals.put(hatz.key(), hatz);
    Map<String, State.GrantLevel> cells = new LinkedHashMap<>();
    cells.put(
        "Service Desk / Service Tickets / add",
        new State.GrantLevel("Service Desk", "Service Tickets", "add", "All", 2));
    cells.put(
        "Service Desk / Service Tickets / edit",
        new State.GrantLevel("Service Desk", "Service Tickets", "edit", edit, rank(edit)));
    grants.put(hatz.key(), cells);
    if (withLegacy) {
      State.Principal legacy =
          new State.Principal("connectwise", "acme.example", "190", "Legacy Sync", "Admin");
      principals.put(legacy.key(), legacy);
      grants.put(legacy.key(), new LinkedHashMap<>());
    }
    return new State(label, principals, grants, null);
  }

  private static int rank(String level) {
    return switch (level) {
      case "None" -> 0;
      case "My" -> 1;
      default -> 2;
    };
  }

  /** A well-formed waiver for Hatz's Service Tickets edit, created 30 days before today. */
  static Waiver waiver(String id, LocalDate expires) {
    return new Waiver(
        id,
        Glob.parse("CW-TICKET-ADD-ONLY"),
        new Scope(
            Glob.parse("connectwise"),
            null,
            Glob.parse("187"),
            null,
            Glob.parse("Service Tickets"),
            null),
        "vendor fix due",
        "jane.doe@acme.example",
        "SEC-42",
        LocalDate.parse("2026-10-27"),
        expires,
        "waivers.yaml",
        3,
        5,
        11,
        14,
        List.of());
  }
}
