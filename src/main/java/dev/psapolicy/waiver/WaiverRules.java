package dev.psapolicy.waiver;

import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import java.util.List;
import java.util.Set;

/**
 * The findings psa-policy reports about waivers themselves. They carry a {@link RuleInfo} like any
 * DRL rule, so every renderer lists and shows them; they can never be waived or accepted, and
 * {@link #INVALID} can never be disabled (severity overrides apply).
 */
public final class WaiverRules {
  private WaiverRules() {}

  private static final String FILE = "builtin:waivers";

  /** An expired, malformed, incomplete or too-long waiver: it waives nothing. */
  public static final RuleInfo INVALID =
      new RuleInfo(
          "PSA-WAIVER-INVALID",
          Severity.HIGH,
          null,
          "Invalid waiver: it waives nothing",
          "A waiver is an approved, time-bounded exception. One that is expired, lacks a field, has a"
              + " bad rule or scope, or lasts longer than the allowed time is not an approval, so it"
              + " waives nothing (fail closed): the violations it names are judged as if it did not"
              + " exist.",
          "Fix the grants the waiver covers, or renew it with a fresh approval: id, rule, scope,"
              + " reason, approver, ticket, created and an expires date within the allowed time.",
          "psa-policy README, \"Adopting psa-policy as a pipeline gate\"",
          FILE,
          0,
          true);

  /** A valid waiver that matched no violation in the run. */
  public static final RuleInfo STALE =
      new RuleInfo(
          "PSA-WAIVER-STALE",
          Severity.LOW,
          null,
          "Stale waiver: it matches no violation",
          "A waiver that matches nothing is either left over from a fixed grant or has a scope that"
              + " does not say what its author meant; either way it should not linger as a standing"
              + " exception.",
          "Delete the waiver, or correct its rule and scope.",
          "psa-policy README, \"Adopting psa-policy as a pipeline gate\"",
          FILE,
          0,
          true);

  /** A valid waiver close to its expiry date. */
  public static final RuleInfo EXPIRING =
      new RuleInfo(
          "PSA-WAIVER-EXPIRING",
          Severity.INFO,
          null,
          "Waiver expires soon",
          "When a waiver expires the violations it waives fail the gate; the warning leaves time to"
              + " fix the grants or to renew the approval.",
          "Fix the grants the waiver covers, or renew it with a fresh approval before it expires.",
          "psa-policy README, \"Adopting psa-policy as a pipeline gate\"",
          FILE,
          0,
          true);

  /** All of them, ordered by id. */
  public static final List<RuleInfo> ALL = List.of(EXPIRING, INVALID, STALE);

  /** Their ids. */
  public static final Set<String> IDS = Set.of(INVALID.id(), STALE.id(), EXPIRING.id());

  /** True for a finding about a waiver (never waived, never accepted). */
  public static boolean isWaiverFinding(String ruleId) {
    return IDS.contains(ruleId);
  }
}
