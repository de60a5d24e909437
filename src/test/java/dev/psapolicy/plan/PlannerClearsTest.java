package dev.psapolicy.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When a planned level clears a finding about a grant: the one decision every action's {@code
 * clears} list comes from, as a table (rule, granted, allowed or needed, planned level, cleared).
 */
class PlannerClearsTest {
  @ParameterizedTest(name = "{0} {1} (allowed {2}) -> {3}: {4}")
  @CsvSource(
      nullValues = "-",
      value = {
        // over-grants: cleared once the level is no longer above what is allowed
        "PSA-OVERGRANT-EDIT, ALL, NONE, NONE, true",
        "PSA-OVERGRANT-EDIT, ALL, MY, MY, true",
        "PSA-OVERGRANT-EDIT, ALL, MY, NONE, true",
        "PSA-OVERGRANT-EDIT, ALL, NONE, MY, false",
        "PSA-OVERGRANT-EDIT, ALL, NONE, ALL, false",
        "CW-TICKET-ADD-ONLY, ALL, NONE, NONE, true",
        // under-grants: cleared once the level is no longer below what is needed
        "PSA-UNDERGRANT, NONE, ALL, ALL, true",
        "PSA-UNDERGRANT, NONE, ALL, MY, false",
        "PSA-UNDERGRANT, MY, ALL, ALL, true",
        // no allowed level: cleared only when the grant is gone
        "PSA-UNKNOWN-PERMISSION, ALL, -, NONE, true",
        "PSA-UNKNOWN-PERMISSION, ALL, -, MY, false",
        // a Customize list is not a level: no level change clears it
        "PSA-CUSTOMIZE-WIDER, ALL, ALL, NONE, false",
        // nothing wrong with the level: nothing to clear
        "PSA-OVERGRANT-EDIT, MY, MY, NONE, false",
      })
  void aPlannedLevelClearsAFindingWhenItIsOnTheRightSide(
      String rule, Level actual, Level allowed, Level planned, boolean cleared) {
    Violation v =
        new Violation(
            rule,
            Severity.HIGH,
            "title",
            "message",
            new Violation.Subject("connectwise", "acme.example", "187", "Hatz AI", "Role"),
            new Violation.Holding(
                new Cell("Service Desk", "Service Tickets"), Verb.EDIT, actual, allowed, null),
            List.of("hatz-ai-connectwise"),
            "fix",
            0,
            null);
    assertEquals(cleared, Planner.clears(v, planned));
  }
}
