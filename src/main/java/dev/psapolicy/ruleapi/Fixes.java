package dev.psapolicy.ruleapi;

import dev.psapolicy.facts.Grant;
import dev.psapolicy.vocabulary.Level;

/** Fix texts in one wording, so that every rule tells the user the same way what to change. */
public final class Fixes {
  private Fixes() {}

  /** "lower Edit on Service Desk / Service Tickets from All to None". */
  public static String lower(Grant grant, Level to) {
    return "lower "
        + grant.verb().label()
        + " on "
        + grant.cell()
        + " from "
        + grant.level().label()
        + " to "
        + to.label();
  }

  /** "raise Add on Service Desk / Service Tickets from None to All". */
  public static String raise(Grant grant, Level to) {
    return "raise "
        + grant.verb().label()
        + " on "
        + grant.cell()
        + " from "
        + grant.level().label()
        + " to "
        + to.label();
  }
}
