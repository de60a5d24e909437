package dev.psapolicy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A small MSP for gate tests: one ConnectWise API user, Hatz AI (187), against a two-row baseline
 * ({@code test-sync}) that makes Service Tickets add-only and limits Time Entry delete to My. The
 * levels of Service Tickets inquire and Time Entry delete are parameters, so a test can widen,
 * narrow or fix a grant between two runs.
 */
final class GateFixture {
  private GateFixture() {}

  static final String BASELINE =
      """
      id: test-sync
      platform: connectwise
      title: Test sync role
      product: Test Sync
      source: https://example.invalid/test-sync
      retrieved: 2026-11-26
      rows:
        - { module: Service Desk, function: Service Tickets, add: All, edit: None, delete: None, inquire: None }
        - { module: Time & Expense, function: Time Entry, add: All, edit: All, delete: My, inquire: All }
      """;

  /** Writes test-sync.yaml and snapshot.yaml into dir. */
  static void write(Path dir, String ticketInquire, String timeEntryDelete) throws IOException {
    write(dir, ticketInquire, timeEntryDelete, true, true);
  }

  static void write(
      Path dir,
      String ticketInquire,
      String timeEntryDelete,
      boolean declareIntegration,
      boolean complete)
      throws IOException {
    Files.writeString(dir.resolve("test-sync.yaml"), BASELINE);
    Files.writeString(
        dir.resolve("snapshot.yaml"),
        """
        formatVersion: 1
        platform: connectwise
        instance: acme.example
        complete: %s
        principals:
          - id: "187"
            name: Hatz AI
            role: Integration-Hatz
            integrations: [%s]
            grants:
              - { module: Service Desk, function: Service Tickets, add: All, edit: None, delete: None, inquire: %s }
              - { module: Time & Expense, function: Time Entry, add: All, edit: All, delete: %s, inquire: All }
        """
            .formatted(
                complete, declareIntegration ? "test-sync" : "", ticketInquire, timeEntryDelete));
  }

  /** A waiver of the Time Entry delete cell, with the given dates. */
  static String waiver(String id, String created, String expires) {
    return """
          - id: %s
            rule: CW-TIME-ENTRY-DELETE-MY
            scope: { platform: connectwise, instance: acme.example, principal: "187",
                     module: "Time & Expense", function: "Time Entry", verb: delete }
            reason: Billing sync deletes its own duplicate entries until vendor fix 4.2
            approver: jane.doe@acme.example
            ticket: SEC-1234
            created: %s
            expires: %s
        """
        .formatted(id, created, expires);
  }

  static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }
}
