package dev.psapolicy.ruleapi;

import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Principal;

/**
 * The violation sink that rule consequences report to: the one Java API a rule author needs.
 * Every rule file declares it as a global:
 *
 * <pre>{@code
 * import dev.psapolicy.facts.*;
 * global dev.psapolicy.ruleapi.Findings findings;
 *
 * rule "ACME-NO-FINANCE-DELETE-ALL"
 *   @id("ACME-NO-FINANCE-DELETE-ALL") @severity("high") @title("No Delete All in Finance")
 * when
 *   $g : Grant(module == "Finance", verb == Verb.DELETE, level == Level.ALL)
 * then
 *   findings.grant($g, "Delete All on " + $g.cell(), "lower Delete on " + $g.cell() + " to None");
 * end
 * }</pre>
 *
 * <p>The rule id, severity and title come from the metadata of the rule whose consequence calls
 * the sink; callers never pass them. Policy may override a rule's severity; the sink applies the
 * override. Lattice comparisons live on {@link dev.psapolicy.vocabulary.Level}; fix texts are built
 * by {@link Fixes}.
 */
public interface Findings {

  /**
   * Reports a grant above the level its own baselines allow ({@link Grant#allowed()}). The message
   * and the fix ("lower Edit on Service Desk / Service Tickets from All to None") are generated.
   * When the excess is a single lattice step and the rule declares {@code @severityOneStep}, that
   * severity applies.
   *
   * @param grant a judged grant above its allowed level
   */
  void overGrant(Grant grant);

  /**
   * Reports a judged grant below the level its baselines need ({@link Grant#needed()}): the
   * integration will fail when it uses the cell. The fix raises the grant to the needed level,
   * never above what the vendor's table names for the cell.
   *
   * @param grant a judged grant below its needed level ({@code rank < neededRank})
   */
  void underGrant(Grant grant);

  /**
   * Reports any other finding about one grant.
   *
   * @param grant the grant
   * @param message what is wrong, one sentence
   * @param fix the smallest change that clears it
   */
  void grant(Grant grant, String message, String fix);

  /**
   * Reports a finding about an API user as a whole (its role, flags, baselines).
   *
   * @param principal the API user
   * @param message what is wrong, one sentence
   * @param fix the smallest change that clears it
   */
  void principal(Principal principal, String message, String fix);
}
