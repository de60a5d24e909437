package dev.psapolicy.engine;

import dev.psapolicy.facts.Assignment;
import dev.psapolicy.facts.Customize;
import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    grants = grants instanceof GrantTable ? grants : List.copyOf(grants);
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

  /**
   * The grants of each principal, in their order, by {@link Principal#key()} (in the order the
   * principals first hold one). The assembler puts a principal's grants next to each other, so each
   * list is a view of {@link #grants()}, found in one pass without copying; grants given in another
   * order are gathered into new lists. A new map on each call, the caller's to keep.
   */
  public Map<String, List<Grant>> grantsByPrincipal() {
    Map<String, List<Grant>> out = new LinkedHashMap<>();
    int start = 0;
    for (int i = 1; i <= grants.size(); i++) {
      String key = principalKey(start);
      if (i < grants.size() && key.equals(principalKey(i))) {
        continue;
      }
      List<Grant> run = grants.subList(start, i);
      List<Grant> earlier = out.putIfAbsent(key, run);
      if (earlier instanceof ArrayList<Grant> gathered) {
        gathered.addAll(run);
      } else if (earlier != null) {
        List<Grant> both = new ArrayList<>(earlier);
        both.addAll(run);
        out.put(key, both);
      }
      start = i;
    }
    return out;
  }

  /** The holder of a grant, read without making the grant where the assembler made the list. */
  private String principalKey(int index) {
    return grants instanceof GrantTable t
        ? t.principalKey(index)
        : grants.get(index).principalKey();
  }
}
