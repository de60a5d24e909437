package dev.psapolicy.facts;

import dev.psapolicy.vocabulary.CustomizeList;
import java.util.List;

/**
 * A ConnectWise function's "Customize: allow access to these" list, judged: what the role grants
 * (when it could be observed) against what the principal's baselines allow. There is one such fact
 * per principal and function when an assigned baseline restricts the function's list and the role
 * holds the function above None on some verb.
 *
 * @param grant the principal's grant on the function with the highest level (the finding's cell)
 * @param granted the list the role grants, or null when it could not be observed (ConnectWise shows
 *     a role's list only to the calling member)
 * @param allowed the items the baselines allow (their union)
 * @param baselines the ids of the baselines that restrict the list
 */
public record Customize(
    Grant grant, CustomizeList granted, List<String> allowed, List<String> baselines) {
  public Customize {
    allowed = List.copyOf(allowed);
    baselines = List.copyOf(baselines);
  }

  /** The principal's key. */
  public String principalKey() {
    return grant.principalKey();
  }

  /** Whether the granted list was observed. */
  public boolean observed() {
    return granted != null;
  }

  /** The items the role grants beyond the baselines' list; empty when unobserved or within it. */
  public List<String> beyond() {
    return granted == null ? List.of() : granted.beyond(allowed);
  }

  /** "System / Table Setup". */
  public String cell() {
    return grant.module() + " / " + grant.functionName();
  }
}
