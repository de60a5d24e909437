package dev.psapolicy.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grant's own hashCode must agree with the record's equals, which rule sessions index by. */
class GrantTest {
  private static Grant grant(String key, Verb verb, Level level, Level allowed, List<String> ids) {
    return new Grant(
        key,
        "connectwise",
        "Service Desk",
        "Service Tickets",
        verb,
        level,
        level.label(),
        true,
        allowed,
        true,
        ids);
  }

  @Test
  void equalGrantsHashAlikeAndTheFieldsThatTellThemApartChangeTheHash() {
    Grant a = grant("cw|x|1", Verb.ADD, Level.ALL, Level.MY, List.of("hatz-ai-connectwise"));
    Grant same =
        grant(
            "cw|x|1",
            Verb.ADD,
            Level.ALL,
            Level.MY,
            new ArrayList<>(List.of("hatz-ai-connectwise")));
    assertEquals(a, same);
    assertEquals(a.hashCode(), same.hashCode());

    List<Grant> others =
        List.of(
            grant("cw|x|2", Verb.ADD, Level.ALL, Level.MY, List.of("hatz-ai-connectwise")),
            grant("cw|x|1", Verb.EDIT, Level.ALL, Level.MY, List.of("hatz-ai-connectwise")),
            grant("cw|x|1", Verb.ADD, Level.MY, Level.MY, List.of("hatz-ai-connectwise")));
    for (Grant o : others) {
      assertNotEquals(a, o);
      assertNotEquals(a.hashCode(), o.hashCode(), o.toString());
    }
    // a field outside the hash still tells them apart in equals
    assertNotEquals(
        a, grant("cw|x|1", Verb.ADD, Level.ALL, Level.NONE, List.of("hatz-ai-connectwise")));
  }
}
