package dev.psapolicy.waiver;

/**
 * How waivers are judged.
 *
 * @param ttlDays the longest a waiver may last: {@code expires} at most this many days after {@code
 *     created}; 1 to {@link #MAX_TTL_DAYS}
 * @param warnDays warn about a waiver that stops waiving within this many days (0: never warn)
 * @param strict any invalid waiver stops the run as invalid input (exit 3)
 * @param acceptCritical an accepted finding may accept a critical violation (the config's explicit
 *     {@code acceptCritical: true}); without it a critical violation stays open
 */
public record WaiverPolicy(int ttlDays, int warnDays, boolean strict, boolean acceptCritical) {
  /** Default time to live of a waiver, in days. */
  public static final int DEFAULT_TTL_DAYS = 90;

  /**
   * The longest a waiver may ever last, in days: the ceiling of {@code ttlDays} that no config can
   * lift (a waiver is a time-bounded approval, not a standing exception).
   */
  public static final int MAX_TTL_DAYS = 365;

  /** Default warning period before expiry, in days. */
  public static final int DEFAULT_WARN_DAYS = 14;

  /** The defaults: 90 days, warn 14 days ahead, not strict, no critical accepted. */
  public static final WaiverPolicy DEFAULT =
      new WaiverPolicy(DEFAULT_TTL_DAYS, DEFAULT_WARN_DAYS, false, false);

  /** A policy that accepts no critical violation. */
  public WaiverPolicy(int ttlDays, int warnDays, boolean strict) {
    this(ttlDays, warnDays, strict, false);
  }

  public WaiverPolicy {
    if (ttlDays < 1 || ttlDays > MAX_TTL_DAYS || warnDays < 0) {
      throw new IllegalArgumentException(
          "ttlDays must be 1 to " + MAX_TTL_DAYS + " and warnDays >= 0");
    }
  }

  /** A copy that is strict. */
  public WaiverPolicy strictly() {
    return new WaiverPolicy(ttlDays, warnDays, true, acceptCritical);
  }
}
