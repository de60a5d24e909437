package dev.psapolicy.baseline;

import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One cell of a baseline after it was resolved against the catalog: the levels the guide allows for
 * each verb (None where the guide says nothing) and the levels the integration needs (what the
 * guide names for this very cell; a row that only covers the cell through an Autotask section or
 * category needs nothing, and so does an {@code optional} row).
 *
 * @param cell canonical module/function
 * @param levels allowed level per verb; all four verbs present
 * @param needs needed level per verb, never above the allowed one; all four verbs present
 * @param published the row as the guide wrote it (for traceability), or null
 * @param line line of the row in the baseline file
 * @param customize the items the guide allows in the function's ConnectWise "Customize" list, or
 *     null when the row states no list (the list is then not checked)
 */
public record BaselineRow(
    Cell cell,
    Map<Verb, Level> levels,
    Map<Verb, Level> needs,
    String published,
    int line,
    List<String> customize) {
  public BaselineRow {
    levels = complete(levels);
    needs = complete(needs);
    customize = customize == null ? null : List.copyOf(customize);
    for (Verb v : Verb.values()) {
      if (needs.get(v).exceeds(levels.get(v))) {
        throw new IllegalArgumentException(
            cell + " " + v.id() + " needs " + needs.get(v).label() + " above what it allows");
      }
    }
  }

  /** A row without a Customize list. */
  public BaselineRow(
      Cell cell, Map<Verb, Level> levels, Map<Verb, Level> needs, String published, int line) {
    this(cell, levels, needs, published, line, null);
  }

  /** A row that needs everything it allows (a ConnectWise row, an Autotask entity row). */
  public BaselineRow(Cell cell, Map<Verb, Level> levels, String published, int line) {
    this(cell, levels, levels, published, line);
  }

  private static Map<Verb, Level> complete(Map<Verb, Level> given) {
    EnumMap<Verb, Level> copy = new EnumMap<>(Verb.class);
    for (Verb v : Verb.values()) {
      copy.put(v, given.getOrDefault(v, Level.NONE));
    }
    return Map.copyOf(copy);
  }

  /** The allowed level of a verb. */
  public Level level(Verb verb) {
    return levels.get(verb);
  }

  /** The needed level of a verb (None when the guide does not name the cell for it). */
  public Level needed(Verb verb) {
    return needs.get(verb);
  }
}
