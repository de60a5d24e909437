package dev.psapolicy.ruletest;

import java.math.BigDecimal;

/**
 * A covered share, kept as a fraction so that a bar is compared exactly: 9,999 of 10,000 is shown
 * as 99.99 % (rounded down, never up) and never passes a 100 % bar.
 *
 * @param covered how many are covered
 * @param total how many there are
 */
public record Share(long covered, long total) {

  /** The percentage rounded down to two decimals, e.g. "99.99%"; "100.00%" when total is 0. */
  public String percent() {
    long hundredths = total == 0 ? 10_000 : Math.floorDiv(covered * 10_000, total);
    return hundredths / 100 + "." + String.format("%02d", hundredths % 100) + "%";
  }

  /** True when covered / total is at least {@code pct} percent, compared exactly. */
  public boolean atLeast(BigDecimal pct) {
    if (total == 0) {
      return true;
    }
    return BigDecimal.valueOf(covered)
            .multiply(BigDecimal.valueOf(100))
            .compareTo(pct.multiply(BigDecimal.valueOf(total)))
        >= 0;
  }

  /** "12 of 13 = 92.30%". */
  @Override
  public String toString() {
    return covered + " of " + total + " = " + percent();
  }
}
