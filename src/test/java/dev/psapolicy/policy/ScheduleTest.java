package dev.psapolicy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Schedules as data: an expression, a time, the next time it is due (all UTC). */
class ScheduleTest {
  static Stream<Arguments> next() {
    return Stream.of(
        Arguments.of("15m", "2026-03-01T10:07:13Z", "2026-03-01T10:22:13Z"),
        Arguments.of("1d", "2026-03-01T10:00:00Z", "2026-03-02T10:00:00Z"),
        Arguments.of("*/15 * * * *", "2026-03-01T10:07:13Z", "2026-03-01T10:15:00Z"),
        Arguments.of("*/15 * * * *", "2026-03-01T10:15:00Z", "2026-03-01T10:30:00Z"),
        Arguments.of("0 */6 * * *", "2026-03-01T10:00:00Z", "2026-03-01T12:00:00Z"),
        Arguments.of("30 2 * * *", "2026-03-01T10:00:00Z", "2026-03-02T02:30:00Z"),
        // 2026-03-01 is a Sunday: weekdays 1-5 start on Monday the 2nd
        Arguments.of("0 8 * * 1-5", "2026-02-28T09:00:00Z", "2026-03-02T08:00:00Z"),
        Arguments.of("0 8 * * 0", "2026-02-28T09:00:00Z", "2026-03-01T08:00:00Z"),
        Arguments.of("0 8 * * 7", "2026-02-28T09:00:00Z", "2026-03-01T08:00:00Z"),
        Arguments.of("0 0 1 * *", "2026-03-01T10:00:00Z", "2026-04-01T00:00:00Z"),
        // day of month and day of week both set: either day is due
        Arguments.of("0 0 15 * 1", "2026-03-01T10:00:00Z", "2026-03-02T00:00:00Z"),
        Arguments.of("0 12 29 2 *", "2026-03-01T10:00:00Z", "2028-02-29T12:00:00Z"),
        // 31 is in some of the months named: it runs in those
        Arguments.of("0 0 31 2,3 *", "2026-02-01T00:00:00Z", "2026-03-31T00:00:00Z"),
        // a weekday as well: either is due, so 30 February does not keep it from running (it runs
        // on Mondays in February; 2027-02-01 is one)
        Arguments.of("0 0 30 2 1", "2026-03-01T10:00:00Z", "2027-02-01T00:00:00Z"),
        Arguments.of("5,35 9-10 * * *", "2026-03-01T09:40:00Z", "2026-03-01T10:05:00Z"),
        Arguments.of("10/20 * * * *", "2026-03-01T09:40:00Z", "2026-03-01T09:50:00Z"));
  }

  @ParameterizedTest
  @MethodSource("next")
  void dueNext(String expression, String after, String expected) {
    assertEquals(
        Instant.parse(expected), Schedule.parse(expression).next(Instant.parse(after)), expression);
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        Arguments.of("5s", "'schedule' must be at least 10s, found 5s"),
        Arguments.of(
            "hourly",
            "'schedule' must be an interval such as 30s, 15m, 1h or 1d, or a cron expression of"
                + " five fields (minute hour day month weekday), found 'hourly'"),
        Arguments.of("60 * * * *", "cron minute field '60' must stay within 0-59"),
        Arguments.of("* 24 * * *", "cron hour field '24' must stay within 0-23"),
        Arguments.of("* * 0 * *", "cron day of month field '0' must stay within 1-31"),
        Arguments.of(
            "* * * JAN *", "cron month field 'JAN' is not *, N, N-M, a list of them or */STEP"),
        Arguments.of("*/0 * * * *", "cron minute field '*/0' must stay within 0-59"),
        Arguments.of("5-1 * * * *", "cron minute field '5-1' must stay within 0-59"),
        // a date no calendar has: the instance would never run, and nothing would say so
        Arguments.of(
            "0 0 30 2 *",
            "cron '0 0 30 2 *' never runs: no month it names has the days of month it names"),
        Arguments.of(
            "0 0 31 4,6,9,11 *",
            "cron '0 0 31 4,6,9,11 *' never runs: no month it names has the days of month it"
                + " names"));
  }

  @ParameterizedTest
  @MethodSource("broken")
  void refused(String expression, String message) {
    assertEquals(
        message,
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse(expression))
            .getMessage());
  }
}
