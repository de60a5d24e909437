package dev.psapolicy.waiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.input.InputProblem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Validity and expiry of waivers: every boundary of the documented semantics (valid from the
 * created day through the whole expires day in UTC, at most ttlDays long, warned warnDays ahead).
 */
class WaiverJudgeTest {
  @ParameterizedTest(name = "[{index}] created {0} expires {1} judged at {2} (ttl {3}, warn {4})")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
      # created  | expires    | judged at (any offset)         | ttl | warn | valid | expiring | days left | reason
      # the expires day itself, in UTC
      2026-11-20 | 2027-01-15 | 2027-01-15T00:00:00Z           | 90  | 14   | true  | true     | 0  | -
      2026-11-20 | 2027-01-15 | 2027-01-15T23:59:59.999Z       | 90  | 14   | true  | true     | 0  | -
      2026-11-20 | 2027-01-15 | 2027-01-16T00:00:00Z           | 90  | 14   | false | false    | 0  | expired on 2027-01-15 (valid through that day, UTC)
      2026-11-20 | 2027-01-15 | 2027-02-01T12:00:00Z           | 90  | 14   | false | false    | 0  | expired on 2027-01-15 (valid through that day, UTC)
      # time zones: the UTC day counts, never the local one
      2026-11-20 | 2027-01-15 | 2027-01-15T20:00:00-08:00      | 90  | 14   | false | false    | 0  | expired on 2027-01-15 (valid through that day, UTC)
      2026-11-20 | 2027-01-15 | 2027-01-16T10:00:00+13:00      | 90  | 14   | true  | true     | 0  | -
      2026-11-20 | 2027-01-15 | 2027-01-15T23:30:00-00:30      | 90  | 14   | false | false    | 0  | expired on 2027-01-15 (valid through that day, UTC)
      # created: today is fine, tomorrow is not
      2026-11-26 | 2026-12-31 | 2026-11-26T00:00:00Z           | 90  | 14   | true  | false    | 35 | -
      2026-11-27 | 2026-12-31 | 2026-11-26T23:59:59Z           | 90  | 14   | false | false    | 0  | created 2026-11-27 lies in the future (today is 2026-11-26 UTC)
      2026-11-27 | 2026-12-31 | 2026-11-26T20:00:00-05:00      | 90  | 14   | true  | false    | 34 | -
      # TTL: exactly ttlDays is allowed, one more is not; the TTL is configurable
      2026-11-20 | 2027-02-18 | 2026-11-26T12:00:00Z           | 90  | 14   | true  | false    | 84 | -
      2026-11-20 | 2027-02-19 | 2026-11-26T12:00:00Z           | 90  | 14   | false | false    | 0  | expires 2027-02-19 is 91 days after created 2026-11-20; at most 90 days are allowed
      2026-11-20 | 2026-12-20 | 2026-11-26T12:00:00Z           | 30  | 14   | true  | false    | 24 | -
      2026-11-20 | 2026-12-21 | 2026-11-26T12:00:00Z           | 30  | 14   | false | false    | 0  | expires 2026-12-21 is 31 days after created 2026-11-20; at most 30 days are allowed
      2026-11-20 | 2026-11-20 | 2026-11-20T12:00:00Z           | 90  | 0    | true  | false    | 0  | -
      2026-11-20 | 2026-11-19 | 2026-11-20T12:00:00Z           | 90  | 14   | false | false    | 0  | expires 2026-11-19 lies before created 2026-11-20; expired on 2026-11-19 (valid through that day, UTC)
      # too long and expired: both reasons
      2026-01-01 | 2026-06-01 | 2026-11-26T12:00:00Z           | 90  | 14   | false | false    | 0  | expires 2026-06-01 is 151 days after created 2026-01-01; at most 90 days are allowed; expired on 2026-06-01 (valid through that day, UTC)
      # warning period: within warnDays days the waiver stops waiving
      2026-11-20 | 2026-12-10 | 2026-11-26T12:00:00Z           | 90  | 14   | true  | false    | 14 | -
      2026-11-20 | 2026-12-09 | 2026-11-26T12:00:00Z           | 90  | 14   | true  | true     | 13 | -
      2026-11-20 | 2026-12-09 | 2026-11-26T12:00:00Z           | 90  | 0    | true  | false    | 13 | -
      2026-11-20 | 2026-11-26 | 2026-11-26T12:00:00Z           | 90  | 1    | true  | true     | 0  | -
      """)
  void expiry(
      String created,
      String expires,
      String at,
      int ttl,
      int warn,
      boolean valid,
      boolean expiring,
      long daysLeft,
      String reason) {
    Instant now = OffsetDateTime.parse(at).toInstant();
    WaiverJudge judge = new WaiverJudge(new WaiverPolicy(ttl, warn, false), now);
    Verdict v = judge.verdict(Waivers.waiver("W-1", "*", "principal=187", created, expires));
    assertEquals(valid, v.valid(), v.toString());
    assertEquals(expiring, v.expiring(), v.toString());
    assertEquals(daysLeft, v.daysLeft(), v.toString());
    assertEquals(reason == null ? "" : reason, v.reason());
    if (!valid) {
      assertTrue(v.problems().get(0).toString().startsWith("waivers.yaml:"), v.toString());
      assertFalse(
          judge.applies(
              Waivers.waiver("W-1", "*", "principal=187", created, expires),
              Waivers.timeEntryDelete()),
          "an invalid waiver never applies");
    } else {
      assertTrue(
          judge.applies(
              Waivers.waiver("W-1", "*", "principal=187", created, expires),
              Waivers.timeEntryDelete()));
    }
  }

  @Test
  void problemsNameTheExpiresValue() {
    WaiverJudge judge =
        new WaiverJudge(WaiverPolicy.DEFAULT, Instant.parse("2027-01-16T00:00:00Z"));
    Verdict v =
        judge.verdict(Waivers.waiver("W-12", "*", "principal=187", "2026-11-20", "2027-01-15"));
    assertEquals(
        "waivers.yaml:11:14: waiver W-12: expired on 2027-01-15 (valid through that" + " day, UTC)",
        v.problems().get(0).toString());
  }

  @Test
  void aMalformedWaiverIsInvalidWhateverItsDates() {
    Waiver w = Waivers.waiver("W-2", "*", "principal=187", "2026-11-20", null);
    Waiver missing =
        new Waiver(
            w.id(),
            w.rule(),
            w.scope(),
            w.reason(),
            w.approver(),
            w.ticket(),
            w.created(),
            null,
            w.file(),
            w.line(),
            w.column(),
            w.line(),
            w.column(),
            List.of(
                new InputProblem(
                    "waivers.yaml", 3, 5, "waiver W-2: missing required key 'expires'")));
    Verdict v =
        new WaiverJudge(WaiverPolicy.DEFAULT, Instant.parse("2026-11-26T12:00:00Z"))
            .verdict(missing);
    assertFalse(v.valid());
    assertEquals("missing required key 'expires'", v.reason());
  }

  /**
   * Attack: a waiver whose scope names nothing in particular switches the gate off. Every spelling
   * of "everything" is invalid like an empty scope, whatever the rule; a real narrowing is not.
   */
  @ParameterizedTest(name = "[{index}] rule {0} scope {1} -> valid {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
      *                       | principal=*                                                      | false
      *                       | -                                                                | false
      CW-TIME-ENTRY-DELETE-MY | principal=*                                                      | false
      *                       | platform=*;instance=*;principal=*;module=*;function=*;verb=*    | false
      *                       | principal=**                                                     | false
      *                       | principal=?*                                                     | false
      *                       | instance=*;principal=*?*                                         | false
      *                       | platform=[ac]*                                                   | false
      *                       | platform=*;verb=[adei]*                                          | false
      *                       | module=*                                                         | false
      *                       | principal=1*                                                     | true
      *                       | platform=connectwise                                             | true
      *                       | verb=d*                                                          | true
      *                       | principal=??*                                                    | true
      *                       | principal=*;instance=acme.example                                | true
      """)
  void aScopeThatCoversEverythingIsInvalid(String rule, String scope, boolean valid) {
    WaiverJudge judge =
        new WaiverJudge(WaiverPolicy.DEFAULT, Instant.parse("2026-11-26T12:00:00Z"));
    Waiver w = Waivers.waiver("W-9", rule, scope == null ? "" : scope, "2026-11-20", "2027-01-15");
    Verdict v = judge.verdict(w);
    assertEquals(valid, v.valid(), v.toString());
    if (!valid) {
      assertTrue(
          v.problems()
              .get(0)
              .toString()
              .startsWith("waivers.yaml:3:5: waiver W-9: 'scope' covers everything ("),
          v.toString());
      assertFalse(judge.applies(w, Waivers.timeEntryDelete()), "a blanket waiver never applies");
    }
  }
}
