package dev.psapolicy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Violation#ORDER} is written as one method for speed; this holds it to the order as it is
 * specified, key by key, on random violations that tie on every prefix of the keys (and miss some).
 */
class ViolationOrderTest {
  private static final Comparator<String> NULLS_FIRST =
      Comparator.nullsFirst(Comparator.naturalOrder());

  /** The specification: severity, platform, instance, user, module, function, verb, rule, text. */
  private static final Comparator<Violation> SPECIFIED =
      Comparator.comparingInt((Violation v) -> -v.severity().weight())
          .thenComparing(Violation::platform, NULLS_FIRST)
          .thenComparing(Violation::instance, NULLS_FIRST)
          .thenComparing(Violation::principalId, NULLS_FIRST)
          .thenComparing(Violation::module, NULLS_FIRST)
          .thenComparing(Violation::function, NULLS_FIRST)
          .thenComparingInt(
              v ->
                  v.verb() == null
                      ? -1
                      : List.of("add", "edit", "delete", "inquire").indexOf(v.verb()))
          .thenComparing(Violation::ruleId)
          .thenComparing(Violation::message);

  @Test
  void theOrderIsTheSpecifiedOneOnEveryPairOfRandomViolations() {
    SplittableRandom rnd = new SplittableRandom(42);
    List<Violation> vs = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      vs.add(random(rnd));
    }
    for (Violation a : vs) {
      for (Violation b : vs) {
        assertEquals(
            Integer.signum(SPECIFIED.compare(a, b)),
            Integer.signum(Violation.ORDER.compare(a, b)),
            a + "\n" + b);
      }
    }
    List<Violation> sorted = new ArrayList<>(vs);
    sorted.sort(Violation.ORDER);
    List<Violation> expected = new ArrayList<>(vs);
    expected.sort(SPECIFIED);
    assertEquals(expected, sorted);
  }

  private static Violation random(SplittableRandom rnd) {
    Severity[] severities = Severity.values();
    Violation.Holding holding =
        rnd.nextInt(4) == 0
            ? null
            : new Violation.Holding(
                new Cell(pick(rnd, "Companies", "Service Desk"), pick(rnd, "Contacts", "Tickets")),
                Verb.values()[rnd.nextInt(4)],
                Level.values()[rnd.nextInt(Level.values().length)],
                Level.NONE,
                null);
    return new Violation(
        pick(rnd, "PSA-A", "PSA-B"),
        severities[rnd.nextInt(2)],
        "title",
        pick(rnd, "message one", "message two"),
        new Violation.Subject(
            pick(rnd, "autotask", "connectwise"),
            rnd.nextInt(5) == 0 ? null : pick(rnd, "a.example", "b.example"),
            rnd.nextInt(5) == 0 ? null : pick(rnd, "u1", "u2"),
            null,
            null),
        holding,
        List.of(),
        "fix",
        0,
        Disposition.OPEN);
  }

  private static String pick(SplittableRandom rnd, String a, String b) {
    return rnd.nextBoolean() ? a : b;
  }
}
