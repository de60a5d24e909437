package dev.psapolicy.ruletest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ShareTest {
  private static final BigDecimal HUNDRED = new BigDecimal("100");

  @Test
  void percentIsRoundedDownSoNothingShortOfAllShowsAsAHundred() {
    assertEquals("99.99%", new Share(9_999, 10_000).percent());
    assertEquals("99.99%", new Share(199_999, 200_000).percent());
    assertEquals("66.66%", new Share(2, 3).percent());
    assertEquals("0.00%", new Share(0, 468).percent());
    assertEquals("100.00%", new Share(468, 468).percent());
    assertEquals("100.00%", new Share(0, 0).percent());
  }

  @Test
  void theBarIsComparedExactly() {
    assertFalse(new Share(9_999, 10_000).atLeast(HUNDRED));
    assertFalse(new Share(199_999, 200_000).atLeast(HUNDRED));
    assertTrue(new Share(9_999, 10_000).atLeast(new BigDecimal("99.99")));
    assertTrue(new Share(2, 3).atLeast(new BigDecimal("66.66")));
    assertFalse(new Share(2, 3).atLeast(new BigDecimal("66.67")));
    assertTrue(new Share(468, 468).atLeast(HUNDRED));
    assertTrue(new Share(0, 0).atLeast(HUNDRED));
  }

  @Test
  void toStringShowsTheFraction() {
    assertEquals("12 of 13 = 92.30%", new Share(12, 13).toString());
  }
}
