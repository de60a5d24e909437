package dev.psapolicy.ruleapi;

import dev.psapolicy.facts.Grant;
import dev.psapolicy.vocabulary.Level;

/**
 * Fix texts in one wording, so that every rule tells the user the same way what to change, in the
 * platform's own words ({@link dev.psapolicy.vocabulary.Verb#word}, {@link
 * dev.psapolicy.vocabulary.Level#word}): "lower Delete on ... from All to None" on ConnectWise,
 * "lower delete on ... from Restricted to None" on Autotask.
 */
public final class Fixes {
  private Fixes() {}

  /** "lower Edit on Service Desk / Service Tickets from All to None". */
  public static String lower(Grant grant, Level to) {
    return "lower "
        + grant.verb().word(grant.platform())
        + " on "
        + grant.cell()
        + " from "
        + grant.level().word(grant.platform())
        + " to "
        + to.word(grant.platform());
  }

  /** "raise Add on Service Desk / Service Tickets from None to All". */
  public static String raise(Grant grant, Level to) {
    return "raise "
        + grant.verb().word(grant.platform())
        + " on "
        + grant.cell()
        + " from "
        + grant.level().word(grant.platform())
        + " to "
        + to.word(grant.platform());
  }
}
