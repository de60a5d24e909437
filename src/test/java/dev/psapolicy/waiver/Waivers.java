package dev.psapolicy.waiver;

import dev.psapolicy.input.Glob;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.time.LocalDate;
import java.util.List;

/** Test helpers: waivers and violations from compact text. */
final class Waivers {
  private Waivers() {}

  /**
   * A well-formed waiver.
   *
   * @param scope "platform=connectwise;principal=187;verb=delete" (empty: no scope fields)
   */
  static Waiver waiver(String id, String rule, String scope, String created, String expires) {
    return new Waiver(
        id,
        Glob.parse(rule),
        scope(scope),
        "reason",
        "jane.doe@acme.example",
        "SEC-1",
        created == null ? null : LocalDate.parse(created),
        expires == null ? null : LocalDate.parse(expires),
        "waivers.yaml",
        3,
        5,
        11,
        14,
        List.of());
  }

  static Scope scope(String spec) {
    Glob[] g = new Glob[Scope.KEYS.size()];
    if (spec != null && !spec.isBlank()) {
      for (String part : spec.split(";")) {
        String[] kv = part.split("=", 2);
        g[Scope.KEYS.indexOf(kv[0].strip())] = Glob.parse(kv[1].strip());
      }
    }
    return new Scope(g[0], g[1], g[2], g[3], g[4], g[5]);
  }

  /** Hatz AI (187) with Delete All on Time Entry, flagged by CW-TIME-ENTRY-DELETE-MY. */
  static Violation timeEntryDelete() {
    return new Violation(
        "CW-TIME-ENTRY-DELETE-MY",
        Severity.HIGH,
        "Time Entry delete",
        "Delete on Time & Expense / Time Entry is All",
        new Violation.Subject("connectwise", "acme.example", "187", "Hatz AI", "Integration-Hatz"),
        new Violation.Holding(
            new Cell("Time & Expense", "Time Entry"), Verb.DELETE, Level.ALL, Level.MY, "All"),
        List.of("hatz-ai-connectwise"),
        "lower it",
        1,
        Disposition.OPEN);
  }

  /** A principal-level finding: Legacy PSA Sync (190) holds an admin role. */
  static Violation adminUser() {
    return new Violation(
        "PSA-ADMIN-API-USER",
        Severity.CRITICAL,
        "Admin API user",
        "API user Legacy PSA Sync (190) holds admin role 'Admin'",
        new Violation.Subject("connectwise", "acme.example", "190", "Legacy PSA Sync", "Admin"),
        null,
        List.of(),
        "assign a non-admin role",
        0,
        Disposition.OPEN);
  }
}
