package dev.psapolicy.baseline;

import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.util.EnumMap;
import java.util.Map;

/**
 * One cell of a baseline after it was resolved against the catalog: the levels the guide allows for
 * each verb (None where the guide says nothing).
 *
 * @param cell canonical module/function
 * @param levels allowed level per verb; all four verbs present
 * @param published the row as the guide wrote it (for traceability), or null
 * @param line line of the row in the baseline file
 */
public record BaselineRow(Cell cell, Map<Verb, Level> levels, String published, int line) {
  public BaselineRow {
    EnumMap<Verb, Level> copy = new EnumMap<>(Verb.class);
    for (Verb v : Verb.values()) {
      copy.put(v, levels.getOrDefault(v, Level.NONE));
    }
    levels = Map.copyOf(copy);
  }

  public Level level(Verb verb) {
    return levels.get(verb);
  }
}
