package dev.psapolicy.engine;

import java.time.Duration;

/**
 * How much one evaluation may spend: rule firings per session and wall-clock time for the whole
 * evaluation. A rule set that runs out ends the run with {@link RuleRunException} (one line naming
 * the rule that fired most, exit 5), never a hang.
 *
 * <p>The defaults leave a wide margin over the benchmark's million grants (about 8 s and at most a
 * few firings per grant on this class of machine): a legitimate run never meets them, a runaway one
 * ends within minutes. Policy config {@code ruleBudget: {maxFirings, seconds}} and the options
 * {@code --max-firings} and {@code --rule-timeout} change them.
 *
 * @param maxFirings most rule firings one session may make (1 to {@value #MAX_FIRINGS_LIMIT})
 * @param timeout longest one evaluation may run, firing and inserting included
 */
public record RuleBudget(long maxFirings, Duration timeout) {
  /** Default firings per session: ten per grant of a million-grant session. */
  public static final long DEFAULT_MAX_FIRINGS = 10_000_000L;

  /** Default wall-clock time per evaluation. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

  /** The largest firing budget (Drools counts firings in an {@code int}). */
  public static final long MAX_FIRINGS_LIMIT = Integer.MAX_VALUE - 1L;

  /** The defaults. */
  public static final RuleBudget DEFAULT = new RuleBudget(DEFAULT_MAX_FIRINGS, DEFAULT_TIMEOUT);

  public RuleBudget {
    if (maxFirings < 1 || maxFirings > MAX_FIRINGS_LIMIT) {
      throw new IllegalArgumentException(
          "maxFirings must be from 1 to " + MAX_FIRINGS_LIMIT + ", found " + maxFirings);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, found " + timeout);
    }
  }

  /** This budget with another firing limit, or this one when {@code max} is null. */
  public RuleBudget withMaxFirings(Long max) {
    return max == null ? this : new RuleBudget(max, timeout);
  }

  /** This budget with another time limit in seconds, or this one when {@code seconds} is null. */
  public RuleBudget withSeconds(Long seconds) {
    return seconds == null ? this : new RuleBudget(maxFirings, Duration.ofSeconds(seconds));
  }
}
