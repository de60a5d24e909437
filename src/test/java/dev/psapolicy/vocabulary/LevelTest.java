package dev.psapolicy.vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LevelTest {
  @ParameterizedTest
  @CsvSource({
    "connectwise, None, NONE",
    "connectwise, My, MY",
    "connectwise, All, ALL",
    "connectwise, ALL, ALL",
    "connectwise, ' all ', ALL",
    "autotask, None, NONE",
    "autotask, All, ALL",
    "autotask, Restricted, MY",
    "autotask, 0, NONE",
    "autotask, 1, ALL",
    "autotask, 2, MY",
    "autotask, Mine, MY",
    "autotask, Yes, ALL",
    "autotask, No, NONE",
  })
  void parsesEachVendorsVocabulary(String platform, String raw, Level expected) {
    assertEquals(expected, Level.parse(Platform.parse(platform), raw));
  }

  @ParameterizedTest
  @CsvSource({
    "connectwise, Restricted",
    "connectwise, 2",
    "connectwise, Mine",
    "autotask, 3",
    "autotask, Some",
    "connectwise, ''"
  })
  void rejectsAnythingElse(String platform, String raw) {
    assertNull(Level.parse(Platform.parse(platform), raw));
  }

  @ParameterizedTest
  @CsvSource({"ALL, NONE, 2", "ALL, MY, 1", "MY, MY, 0", "NONE, ALL, -2"})
  void latticeSteps(Level a, Level b, int steps) {
    assertEquals(steps, a.stepsAbove(b));
    assertEquals(steps > 0, a.exceeds(b));
  }
}
