package dev.psapolicy.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When an instance runs: every interval ({@code 15m}), or at the times a five-field cron expression
 * names ({@code 0 *}{@code /6 * * *}: minute, hour, day of month, month, day of week; in UTC).
 */
public sealed interface Schedule permits Schedule.Every, Schedule.Cron {
  /** The schedule as written. */
  String text();

  /** The first time after {@code after} it is due. */
  Instant next(Instant after);

  /**
   * An interval.
   *
   * @param interval the time between runs
   * @param text as written
   */
  record Every(Duration interval, String text) implements Schedule {
    @Override
    public Instant next(Instant after) {
      return after.plus(interval);
    }
  }

  /**
   * A cron expression (UTC). Day of month and day of week: when both are restricted, a day that
   * matches either is due (as cron does).
   *
   * @param text as written
   */
  record Cron(
      String text,
      BitSet minutes,
      BitSet hours,
      BitSet days,
      BitSet months,
      BitSet weekdays,
      boolean anyDay,
      boolean anyWeekday)
      implements Schedule {
    @Override
    public Instant next(Instant after) {
      ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      // four years of minutes: every expression that can match matches within them
      for (int i = 0; i < 4 * 366 * 24 * 60; i++) {
        if (matches(t)) {
          return t.toInstant();
        }
        t = t.plusMinutes(1);
      }
      return Instant.MAX;
    }

    private boolean matches(ZonedDateTime t) {
      if (!months.get(t.getMonthValue())
          || !hours.get(t.getHour())
          || !minutes.get(t.getMinute())) {
        return false;
      }
      boolean dom = days.get(t.getDayOfMonth());
      boolean dow = weekdays.get(t.getDayOfWeek().getValue() % 7);
      if (anyDay && anyWeekday) {
        return true;
      }
      if (anyDay) {
        return dow;
      }
      if (anyWeekday) {
        return dom;
      }
      return dom || dow;
    }
  }

  /** Shortest interval. */
  Duration MIN_INTERVAL = Duration.ofSeconds(10);

  /** An interval such as {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}; null if not one. */
  static Duration interval(String text) {
    Matcher m =
        Pattern.compile("([1-9][0-9]{0,6})([smhd])").matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /**
   * Parses a schedule.
   *
   * @throws IllegalArgumentException with the reason, when it is neither an interval of at least
   *     {@link #MIN_INTERVAL} nor a valid cron expression
   */
  static Schedule parse(String text) {
    String s = text.strip();
    Duration d = interval(s);
    if (d != null) {
      if (d.compareTo(MIN_INTERVAL) < 0) {
        throw new IllegalArgumentException(
            "'schedule' must be at least " + MIN_INTERVAL.toSeconds() + "s, found " + s);
      }
      return new Every(d, s);
    }
    String[] f = s.split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException(
          "'schedule' must be an interval such as 30s, 15m, 1h or 1d, or a cron expression of"
              + " five fields (minute hour day month weekday), found '"
              + s
              + "'");
    }
    BitSet days = field(f[2], 1, 31, "day of month");
    BitSet months = field(f[3], 1, 12, "month");
    boolean anyDay = f[2].equals("*");
    boolean anyWeekday = f[4].equals("*");
    if (!anyDay && anyWeekday && !someDateExists(days, months)) {
      // days of month alone decide, and none of them is in a month it names: it would never run
      throw new IllegalArgumentException(
          "cron '" + s + "' never runs: no month it names has the days of month it names");
    }
    return new Cron(
        s,
        field(f[0], 0, 59, "minute"),
        field(f[1], 0, 23, "hour"),
        days,
        months,
        weekdays(f[4]),
        anyDay,
        anyWeekday);
  }

  private static boolean someDateExists(BitSet days, BitSet months) {
    // days in each month, February in a leap year (29 February is a date, every four years)
    int[] monthDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = months.nextSetBit(1); m >= 1 && m <= 12; m = months.nextSetBit(m + 1)) {
      int first = days.nextSetBit(1);
      if (first >= 1 && first <= monthDays[m - 1]) {
        return true;
      }
    }
    return false;
  }

  private static BitSet weekdays(String f) {
    BitSet b = field(f, 0, 7, "day of week");
    if (b.get(7)) {
      b.set(0); // 7 is Sunday too
    }
    return b;
  }

  private static BitSet field(String f, int min, int max, String what) {
    BitSet out = new BitSet();
    for (String part : f.toLowerCase(Locale.ROOT).split(",", -1)) {
      Matcher m = Pattern.compile("(\\*|(\\d+)(?:-(\\d+))?)(?:/(\\d+))?").matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "cron " + what + " field '" + f + "' is not *, N, N-M, a list of them or */STEP");
      }
      int lo = m.group(2) == null ? min : Integer.parseInt(m.group(2));
      int hi = m.group(2) == null ? max : m.group(3) == null ? lo : Integer.parseInt(m.group(3));
      if (m.group(2) != null && m.group(3) == null && m.group(4) != null) {
        hi = max; // N/STEP: from N on
      }
      int step = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
      if (lo < min || hi > max || lo > hi || step < 1) {
        throw new IllegalArgumentException(
            "cron " + what + " field '" + f + "' must stay within " + min + "-" + max);
      }
      for (int v = lo; v <= hi; v += step) {
        out.set(v);
      }
    }
    return out;
  }
}
