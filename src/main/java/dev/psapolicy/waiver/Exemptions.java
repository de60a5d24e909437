package dev.psapolicy.waiver;

import dev.psapolicy.input.Glob;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The waivers and accepted findings of a run, and their application to its violations: each
 * violation leaves open, waived (by the first valid waiver in file order that matches it) or
 * accepted (when still open and its fingerprint is accepted); each waiver that is invalid, stale or
 * close to expiry becomes a finding of its own. Waived and accepted violations stay in the report,
 * marked, and the gate does not count them.
 */
public final class Exemptions {
  /** No waivers, no accepted findings. */
  public static final Exemptions NONE = new Exemptions(List.of(), null, WaiverPolicy.DEFAULT);

  private final List<WaiverFile.Loaded> waiverFiles;
  private final AcceptedFindings accepted;
  private final WaiverPolicy policy;

  /**
   * @param waiverFiles waivers files, in the order given
   * @param accepted the accepted findings, or null
   * @param policy TTL, warning period and strictness
   */
  public Exemptions(
      List<WaiverFile.Loaded> waiverFiles, AcceptedFindings accepted, WaiverPolicy policy) {
    this.waiverFiles = List.copyOf(waiverFiles);
    this.accepted = accepted;
    this.policy = policy;
  }

  public WaiverPolicy policy() {
    return policy;
  }

  public AcceptedFindings accepted() {
    return accepted;
  }

  /** Every waiver of every file, in order. */
  public List<Waiver> waivers() {
    return waiverFiles.stream().flatMap(f -> f.waivers().stream()).toList();
  }

  /** The waivers and accepted-findings files, with their bytes. */
  public List<InputFile> inputs() {
    List<InputFile> out = new ArrayList<>();
    for (WaiverFile.Loaded f : waiverFiles) {
      out.add(f.input());
    }
    if (accepted != null && accepted.input() != null) {
      out.add(accepted.input());
    }
    return out;
  }

  /** Every problem of every invalid waiver on the day of {@code now}, for --strict-waivers. */
  public List<InputProblem> invalid(Instant now) {
    WaiverJudge judge = new WaiverJudge(policy, now);
    List<InputProblem> out = new ArrayList<>();
    for (Waiver w : waivers()) {
      out.addAll(judge.verdict(w).problems());
    }
    return out;
  }

  /**
   * The result of applying the exemptions.
   *
   * @param violations every violation with its disposition, plus the findings about waivers
   * @param rules the rules of the findings about waivers (empty when no waivers file is in use)
   * @param warnings one line per invalid, stale or expiring waiver and lapsed accepted entry, for
   *     standard error
   * @param lapsed accepted entries that no longer match a violation
   */
  public record Applied(
      List<Violation> violations,
      List<RuleInfo> rules,
      List<String> warnings,
      List<AcceptedEntry> lapsed) {
    public Applied {
      violations = List.copyOf(violations);
      rules = List.copyOf(rules);
      warnings = List.copyOf(warnings);
      lapsed = List.copyOf(lapsed);
    }
  }

  /**
   * Marks the violations and adds the findings about waivers.
   *
   * @param violations the violations of the rules (all open)
   * @param now the run's instant; waivers are judged on its UTC day
   * @param effective a rule as it runs under the policy (with its effective severity); applied once
   *     to each waiver rule
   */
  public Applied apply(List<Violation> violations, Instant now, UnaryOperator<RuleInfo> effective) {
    Map<String, RuleInfo> rules = new LinkedHashMap<>();
    WaiverRules.ALL.forEach(r -> rules.put(r.id(), effective.apply(r)));
    WaiverJudge judge = new WaiverJudge(policy, now);
    List<Waiver> waivers = waivers();
    List<Verdict> verdicts = waivers.stream().map(judge::verdict).toList();
    int[] matched = new int[waivers.size()];
    Set<String> fingerprints = new HashSet<>();
    List<String> refused = new ArrayList<>();
    List<Violation> out = new ArrayList<>();
    for (Violation v : violations) {
      if (WaiverRules.isWaiverFinding(v.ruleId())) {
        out.add(v);
        continue;
      }
      if (accepted != null) {
        fingerprints.add(v.fingerprint()); // which accepted entries still have their finding
      }
      Disposition d = v.disposition();
      for (int i = 0; i < waivers.size(); i++) {
        if (!WaiverJudge.matches(waivers.get(i), v)) {
          continue;
        }
        matched[i]++;
        if (d.isOpen() && judge.applies(waivers.get(i), v)) {
          d = Disposition.waived(waivers.get(i).id());
        }
      }
      AcceptedEntry entry = accepted == null ? null : accepted.entry(v.fingerprint());
      if (d.isOpen() && entry != null) {
        String refusal = refusal(entry, v, judge.today());
        if (refusal == null) {
          d = Disposition.accepted(accepted.display());
        } else {
          refused.add(
              "warning: "
                  + accepted.display()
                  + ":"
                  + entry.line()
                  + ": accepted finding does not accept its violation: "
                  + refusal
                  + ": "
                  + entry.describe());
        }
      }
      out.add(v.withDisposition(d));
    }
    List<String> warnings = new ArrayList<>(refused);
    for (int i = 0; i < waivers.size(); i++) {
      Waiver w = waivers.get(i);
      Verdict verdict = verdicts.get(i);
      if (!verdict.valid()) {
        out.add(
            finding(
                rules.get(WaiverRules.INVALID.id()),
                w,
                "waiver "
                    + w.id()
                    + " ("
                    + w.where()
                    + ") waives nothing: "
                    + verdict.reason()
                    + (matched[i] == 0
                        ? ""
                        : "; it does not waive the " + matched[i] + " violation(s) it names"),
                w.defects().isEmpty() && !w.scope().coversEverything()
                    ? "fix the grants waiver "
                        + w.id()
                        + " covers and delete it, or renew it with a"
                        + " fresh approval (expires at most "
                        + policy.ttlDays()
                        + " days after created)"
                    : "correct waiver "
                        + w.id()
                        + " in "
                        + w.file()
                        + ": every waiver needs id,"
                        + " rule, scope, reason, approver, ticket, created and expires (at most "
                        + policy.ttlDays()
                        + " days after created)"));
        for (InputProblem p : verdict.problems()) {
          String prefix = "waiver " + w.id() + ": ";
          String reason =
              p.message().startsWith(prefix) ? p.message().substring(prefix.length()) : p.message();
          warnings.add(
              "warning: "
                  + new InputProblem(
                      p.file(),
                      p.line(),
                      p.column(),
                      "waiver " + w.id() + " waives nothing: " + reason));
        }
      } else if (matched[i] == 0) {
        out.add(
            finding(
                rules.get(WaiverRules.STALE.id()),
                w,
                "waiver "
                    + w.id()
                    + " ("
                    + w.where()
                    + ") matches no violation (rule "
                    + w.rule().text()
                    + ", "
                    + w.scope().describe()
                    + ")",
                "delete waiver "
                    + w.id()
                    + " from "
                    + w.file()
                    + ", or correct its rule and scope"));
        warnings.add(
            "warning: " + w.where() + ": waiver " + w.id() + " matches no violation (stale)");
      } else if (verdict.expiring()) {
        out.add(
            finding(
                rules.get(WaiverRules.EXPIRING.id()),
                w,
                "waiver "
                    + w.id()
                    + " ("
                    + w.where()
                    + ") expires on "
                    + w.expires()
                    + ": "
                    + days(verdict.daysLeft())
                    + ", then the "
                    + matched[i]
                    + " violation(s) it covers count against the gate",
                "fix the grants waiver "
                    + w.id()
                    + " covers, or renew it with a fresh approval"
                    + " before it expires"));
        warnings.add(
            "warning: "
                + w.file()
                + ":"
                + w.expiresLine()
                + ":"
                + w.expiresColumn()
                + ": waiver "
                + w.id()
                + " expires on "
                + w.expires()
                + " ("
                + days(verdict.daysLeft())
                + ")");
      }
    }
    List<AcceptedEntry> lapsed = new ArrayList<>();
    if (accepted != null) {
      for (AcceptedEntry e : accepted.entries()) {
        if (!fingerprints.contains(e.fingerprint())) {
          lapsed.add(e);
          warnings.add(
              "note: "
                  + accepted.display()
                  + ":"
                  + e.line()
                  + ": accepted finding"
                  + " lapsed, its violation is resolved or changed: "
                  + e.describe());
        }
      }
    }
    return new Applied(
        out, waiverFiles.isEmpty() ? List.of() : List.copyOf(rules.values()), warnings, lapsed);
  }

  /**
   * Whether an accepted-findings entry may hold a violation of this severity at all: a critical one
   * only under the config's explicit {@code acceptCritical: true}. {@code accept} refuses to write
   * what this refuses, and {@link #refusal} applies it again when the file is read.
   */
  public boolean mayAccept(Violation v) {
    return v.severity() != Severity.CRITICAL || policy.acceptCritical();
  }

  /**
   * Why an accepted entry does not accept the violation of its fingerprint on {@code today}, or
   * null when it does: the one decision the gate, every output and the evidence see through the
   * violation's disposition. The severity is the violation's own, never the entry's context (which
   * a hand edit could lower).
   */
  public String refusal(AcceptedEntry e, Violation v, LocalDate today) {
    if (!mayAccept(v)) {
      return "it is critical and the policy config does not set 'acceptCritical: true'";
    }
    if (e.acceptedOn() != null && e.acceptedOn().isAfter(today)) {
      return "acceptedOn " + e.acceptedOn() + " lies in the future (today is " + today + " UTC)";
    }
    return null;
  }

  private static String days(long left) {
    return left == 0 ? "last valid day today" : left + (left == 1 ? " day" : " days") + " left";
  }

  private static Violation finding(RuleInfo rule, Waiver w, String message, String fix) {
    Scope s = w.scope();
    return new Violation(
        rule.id(),
        rule.severity(),
        rule.title(),
        message,
        new Violation.Subject(
            text(s == null ? null : s.platform()),
            text(s == null ? null : s.instance()),
            text(s == null ? null : s.principal()),
            null,
            null),
        null,
        List.of(),
        fix,
        0,
        Disposition.OPEN);
  }

  private static String text(Glob g) {
    return g == null ? "*" : g.text();
  }
}
