package dev.psapolicy.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * One finding: a rule, the grant (or principal) it is about, what was allowed, and the smallest
 * change that clears it. Cell fields are null for principal-level findings.
 *
 * @param ruleId rule id
 * @param severity effective severity
 * @param title rule title
 * @param message what is wrong, one sentence
 * @param platform connectwise or autotask
 * @param instance PSA instance
 * @param principalId PSA id of the API user
 * @param principalName display name of the API user
 * @param role the user's security role / level name
 * @param module module (null for principal-level findings)
 * @param function function (null for principal-level findings)
 * @param verb add/edit/delete/inquire (null for principal-level findings)
 * @param actual the granted level (None/My/All), or null
 * @param allowed the allowed level, or null
 * @param raw the vendor's own value for the grant, or null
 * @param baseline baseline ids involved, comma-separated, or null
 * @param fix the smallest change that clears the violation
 * @param steps lattice steps between actual and allowed (0 when not a level comparison)
 * @param disposition open, or waived / accepted (then it does not count against the gate)
 */
public record Violation(
    String ruleId,
    Severity severity,
    String title,
    String message,
    String platform,
    String instance,
    String principalId,
    String principalName,
    String role,
    String module,
    String function,
    String verb,
    String actual,
    String allowed,
    String raw,
    String baseline,
    String fix,
    int steps,
    Disposition disposition) {

  public Violation {
    disposition = disposition == null ? Disposition.OPEN : disposition;
  }

  /** A copy with another disposition. */
  public Violation withDisposition(Disposition d) {
    return new Violation(
        ruleId,
        severity,
        title,
        message,
        platform,
        instance,
        principalId,
        principalName,
        role,
        module,
        function,
        verb,
        actual,
        allowed,
        raw,
        baseline,
        fix,
        steps,
        d);
  }

  private static final Comparator<String> NULLS_FIRST =
      Comparator.nullsFirst(Comparator.naturalOrder());

  /** The one order of every output: severity, then where, then rule. */
  public static final Comparator<Violation> ORDER =
      Comparator.comparingInt((Violation v) -> -v.severity().weight())
          .thenComparing(Violation::platform, NULLS_FIRST)
          .thenComparing(Violation::instance, NULLS_FIRST)
          .thenComparing(Violation::principalId, NULLS_FIRST)
          .thenComparing(Violation::module, NULLS_FIRST)
          .thenComparing(Violation::function, NULLS_FIRST)
          .thenComparingInt(v -> verbOrder(v.verb()))
          .thenComparing(Violation::ruleId)
          .thenComparing(Violation::message);

  private static int verbOrder(String verb) {
    if (verb == null) {
      return -1;
    }
    return switch (verb) {
      case "add" -> 0;
      case "edit" -> 1;
      case "delete" -> 2;
      case "inquire" -> 3;
      default -> 4;
    };
  }

  /**
   * A stable identity for this finding across runs: platform, instance, principal id, module,
   * function, verb, rule id and actual level; never display names or paths. A different level is a
   * different finding.
   */
  public String fingerprint() {
    String key =
        String.join(
            "\u001f",
            nz(platform),
            nz(instance),
            nz(principalId),
            nz(module),
            nz(function),
            nz(verb),
            ruleId,
            nz(actual));
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The API user this finding is about, as the key that joins it to its principal. */
  public PrincipalRef principalRef() {
    return new PrincipalRef(platform, instance, principalId);
  }

  /** "Service Desk / Service Tickets" or null. */
  public String cell() {
    return module == null ? null : module + " / " + function;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
