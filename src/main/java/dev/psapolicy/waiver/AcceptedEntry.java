package dev.psapolicy.waiver;

import dev.psapolicy.report.Violation;
import java.time.LocalDate;
import java.util.Comparator;

/**
 * One accepted finding. It is matched by {@link #fingerprint} alone; the identity fields are the
 * fingerprint's inputs written out (they must reproduce it), and the context fields help a reviewer
 * and are never matched.
 *
 * @param fingerprint {@link Violation#fingerprint()} of the accepted violation
 * @param rule rule id
 * @param platform connectwise or autotask
 * @param instance PSA instance
 * @param principal PSA id of the API user
 * @param module module (null for principal-level findings)
 * @param function function (null for principal-level findings)
 * @param verb verb (null for principal-level findings)
 * @param actual granted level (null for principal-level findings)
 * @param acceptedOn the UTC day it was first accepted (never after the day it is judged on)
 * @param acceptedBy who accepted it ({@code accept --by})
 * @param note free text for reviewers (optional)
 * @param principalName context: display name when accepted
 * @param severity context: severity when accepted
 * @param message context: the violation's message when accepted
 * @param line line of the entry in its file (0 when not read from a file)
 */
public record AcceptedEntry(
    String fingerprint,
    String rule,
    String platform,
    String instance,
    String principal,
    String module,
    String function,
    String verb,
    String actual,
    LocalDate acceptedOn,
    String acceptedBy,
    String note,
    String principalName,
    String severity,
    String message,
    int line) {

  /** File order: where, then rule. */
  public static final Comparator<AcceptedEntry> ORDER =
      Comparator.comparing(AcceptedEntry::platform)
          .thenComparing(AcceptedEntry::instance)
          .thenComparing(AcceptedEntry::principal)
          .thenComparing(AcceptedEntry::module, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(AcceptedEntry::function, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(AcceptedEntry::verb, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(AcceptedEntry::rule)
          .thenComparing(AcceptedEntry::fingerprint);

  /** The entry that accepts a violation, accepted by {@code by} on {@code today}. */
  public static AcceptedEntry of(Violation v, LocalDate today, String by) {
    return new AcceptedEntry(
        v.fingerprint(),
        v.ruleId(),
        v.platform(),
        v.instance(),
        v.principalId(),
        v.module(),
        v.function(),
        v.verb(),
        v.actual(),
        today,
        by,
        null,
        v.principalName(),
        v.severity().id(),
        v.message(),
        0);
  }

  /** The fingerprint the identity fields give (equal to {@link #fingerprint} when unedited). */
  public String computedFingerprint() {
    return Violation.fingerprint(
        platform, instance, principal, module, function, verb, rule, actual);
  }

  /** "connectwise acme.example 187 Service Desk / Service Tickets edit All CW-TICKET-ADD-ONLY". */
  public String describe() {
    return platform
        + " "
        + instance
        + " "
        + (principalName == null ? principal : principalName + " (" + principal + ")")
        + (module == null ? "" : " " + module + " / " + function + " " + verb + " " + actual)
        + " "
        + rule;
  }
}
