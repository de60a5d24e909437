package dev.psapolicy.facts;

import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.util.List;

/**
 * The level a principal's baselines allow on one cell: the lattice join over every baseline
 * assigned to the principal. Cells a baseline lists yield allowances for all four verbs (listed =
 * true); a cell that no baseline lists but the principal holds above None yields an allowance of
 * None with listed = false, so that "anything a baseline does not list is allowed None" is a fact
 * rules can join on. An allowance of None is present only where the principal holds the cell above
 * None (the only place it can matter), which keeps large sessions small.
 *
 * @param principalKey {@link Principal#key()}
 * @param platform {@code connectwise} or {@code autotask}
 * @param module canonical module
 * @param functionName canonical function
 * @param verb verb
 * @param level the allowed level (the maximum over the baselines)
 * @param baselines ids of the baselines that set this level (all assigned ones when unlisted)
 * @param listed whether at least one baseline lists the cell
 */
public record Allowance(
    String principalKey,
    String platform,
    String module,
    String functionName,
    Verb verb,
    Level level,
    List<String> baselines,
    boolean listed) {

  public Allowance {
    baselines = List.copyOf(baselines);
  }

  /** The allowed level's rank (0 None, 1 My, 2 All), convenient in rule constraints. */
  public int rank() {
    return level.rank();
  }

  /** Baseline ids joined with ", ". */
  public String baselineNames() {
    return String.join(", ", baselines);
  }
}
