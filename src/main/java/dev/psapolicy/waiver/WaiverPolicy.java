package dev.psapolicy.waiver;

/**
 * How waivers are judged.
 *
 * @param ttlDays the longest a waiver may last: {@code expires} at most this many days after {@code
 *     created}
 * @param warnDays warn about a waiver that stops waiving within this many days (0: never warn)
 * @param strict any invalid waiver stops the run as invalid input (exit 3)
 */
public record WaiverPolicy(int ttlDays, int warnDays, boolean strict) {
  /** Default time to live of a waiver, in days. */
  public static final int DEFAULT_TTL_DAYS = 90;

  /** Default warning period before expiry, in days. */
  public static final int DEFAULT_WARN_DAYS = 14;

  /** The defaults: 90 days, warn 14 days ahead, not strict. */
  public static final WaiverPolicy DEFAULT =
      new WaiverPolicy(DEFAULT_TTL_DAYS, DEFAULT_WARN_DAYS, false);

  public WaiverPolicy {
    if (ttlDays < 1 || warnDays < 0) {
      throw new IllegalArgumentException("ttlDays must be >= 1 and warnDays >= 0");
    }
  }

  /** A copy that is strict. */
  public WaiverPolicy strictly() {
    return new WaiverPolicy(ttlDays, warnDays, true);
  }
}
