package dev.psapolicy.waiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which violations a waiver's rule and scope cover: each scope field, globs, case. */
class WaiverMatchTest {
  @ParameterizedTest(name = "[{index}] rule {0}, scope {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      # the violation: CW-TIME-ENTRY-DELETE-MY, connectwise acme.example 187, Time & Expense / Time Entry delete All
      # rule
      CW-TIME-ENTRY-DELETE-MY | principal=187 | true
      cw-time-entry-delete-my | principal=187 | true
      CW-*                    | principal=187 | true
      *                       | principal=187 | true
      PSA-*                   | principal=187 | false
      CW-TICKET-ADD-ONLY      | principal=187 | false
      # platform
      *                       | platform=connectwise | true
      *                       | platform=autotask    | false
      *                       | platform=Connect*    | true
      # instance
      *                       | instance=acme.example | true
      *                       | instance=ACME.example | true
      *                       | instance=acme.*       | true
      *                       | instance=other.example | false
      # principal id (never the name)
      *                       | principal=187     | true
      *                       | principal=18?     | true
      *                       | principal=1[0-7]7 | false
      *                       | principal=188     | false
      *                       | principal=Hatz AI | false
      # module and function
      *                       | module=Time & Expense | true
      *                       | module=time & expense | true
      *                       | module=Time*          | true
      *                       | module=Finance        | false
      *                       | function=Time Entry   | true
      *                       | function=Time Entry Billable Option | false
      *                       | function=Time Entry*  | true
      # verb
      *                       | verb=delete | true
      *                       | verb=d*     | true
      *                       | verb=edit   | false
      # as narrow as one cell, and one field off
      CW-TIME-ENTRY-DELETE-MY | platform=connectwise;instance=acme.example;principal=187;module=Time & Expense;function=Time Entry;verb=delete | true
      CW-TIME-ENTRY-DELETE-MY | platform=connectwise;instance=acme.example;principal=187;module=Time & Expense;function=Time Entry;verb=edit   | false
      CW-TIME-ENTRY-DELETE-MY | platform=connectwise;instance=acme.example;principal=188;module=Time & Expense;function=Time Entry;verb=delete | false
      """)
  void cellLevelViolation(String rule, String scope, boolean expected) {
    Waiver w = Waivers.waiver("W-1", rule, scope, "2026-11-20", "2027-01-15");
    assertEquals(expected, WaiverJudge.matches(w, Waivers.timeEntryDelete()));
  }

  @ParameterizedTest(name = "[{index}] scope {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      principal=190                 | true
      platform=connectwise          | true
      principal=190;module=*        | false
      principal=190;verb=delete     | false
      """)
  void principalLevelViolationHasNoCell(String scope, boolean expected) {
    Waiver w = Waivers.waiver("W-1", "PSA-ADMIN-API-USER", scope, "2026-11-20", "2027-01-15");
    assertEquals(expected, WaiverJudge.matches(w, Waivers.adminUser()));
  }

  @Test
  void findingsAboutWaiversAreNeverCovered() {
    Violation invalid =
        new Violation(
            WaiverRules.INVALID.id(),
            WaiverRules.INVALID.severity(),
            "t",
            "m",
            new Violation.Subject("connectwise", "*", "*", null, null),
            null,
            List.of(),
            "fix",
            0,
            Disposition.OPEN);
    assertFalse(
        WaiverJudge.matches(
            Waivers.waiver("W-1", "*", "platform=connectwise", "2026-11-20", "2027-01-15"),
            invalid));
  }
}
