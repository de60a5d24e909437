package dev.psapolicy.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing tool skips a test on a developer machine and fails it in CI. */
class ExternalToolsTest {
  @Test
  void aMissingToolFailsInCi() {
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () ->
                ExternalTools.require(Map.of("CI", "true"), "a check", "no-such-tool-psa-policy"));
    assertTrue(
        e.getMessage().contains("CI=true and a check: none of no-such-tool-psa-policy"),
        e.getMessage());
  }

  @Test
  void aMissingToolSkipsElsewhere() {
    assertThrows(
        TestAbortedException.class,
        () -> ExternalTools.require(Map.of(), "a check", "no-such-tool-psa-policy"));
  }
}
