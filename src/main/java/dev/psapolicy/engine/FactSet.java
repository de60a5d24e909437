package dev.psapolicy.engine;

import dev.psapolicy.facts.Assignment;
import dev.psapolicy.facts.Customize;
import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Principal;
import java.util.List;

/**
 * Everything inserted into one rule session.
 *
 * @param principals API users
 * @param grants their grants (rows absent from a role but needed by a baseline filled in as None)
 * @param assignments which baselines apply to whom
 * @param unknownCells descriptions of grants above None on cells the catalog does not know
 * @param incomplete reasons the input data is incomplete (from snapshots)
 * @param customizes ConnectWise Customize lists that a baseline restricts, judged
 */
public record FactSet(
    List<Principal> principals,
    List<Grant> grants,
    List<Assignment> assignments,
    List<String> unknownCells,
    List<String> incomplete,
    List<Customize> customizes) {
  public FactSet {
    customizes = List.copyOf(customizes);
    principals = List.copyOf(principals);
    grants = List.copyOf(grants);
    assignments = List.copyOf(assignments);
    unknownCells = List.copyOf(unknownCells);
    incomplete = List.copyOf(incomplete);
  }

  /** A fact set without Customize lists. */
  public FactSet(
      List<Principal> principals,
      List<Grant> grants,
      List<Assignment> assignments,
      List<String> unknownCells,
      List<String> incomplete) {
    this(principals, grants, assignments, unknownCells, incomplete, List.of());
  }
}
