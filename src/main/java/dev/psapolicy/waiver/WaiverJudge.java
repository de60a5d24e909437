package dev.psapolicy.waiver;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.report.Violation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one place that decides whether a waiver is valid and whether it applies to a violation. The
 * gate, every renderer and the evidence see its decision through the violations' {@link
 * dev.psapolicy.report.Disposition}; nothing else judges waivers.
 *
 * <p>Dates are calendar days in UTC, whatever the machine's time zone: a waiver is valid from its
 * {@code created} day through the whole of its {@code expires} day (until 23:59:59.999 UTC), and
 * waives nothing from 00:00 UTC of the next day. It is invalid (fail closed) when it has a defect,
 * when its scope covers everything ({@link Scope#coversEverything}, a blanket bypass held as
 * invalid as an empty scope), when {@code created} lies after today, when {@code expires} lies
 * before {@code created}, and when {@code expires} lies more than {@link WaiverPolicy#ttlDays()}
 * days after {@code created}.
 */
public final class WaiverJudge {
  /** File order; problems at one place keep the order they were found in. */
  private static final Comparator<InputProblem> BY_PLACE =
      Comparator.comparing(InputProblem::file)
          .thenComparingInt(InputProblem::line)
          .thenComparingInt(InputProblem::column);

  private final WaiverPolicy policy;
  private final LocalDate today;

  /**
   * @param policy TTL and warning period
   * @param now the run's clock instant (the run start)
   */
  public WaiverJudge(WaiverPolicy policy, Instant now) {
    this.policy = policy;
    this.today = today(now);
  }

  /** The UTC calendar day of an instant: the day waivers are judged on. */
  public static LocalDate today(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC);
  }

  public LocalDate today() {
    return today;
  }

  public WaiverPolicy policy() {
    return policy;
  }

  /** Whether the waiver is valid today, and if not, why. */
  public Verdict verdict(Waiver w) {
    List<InputProblem> problems = new ArrayList<>(w.defects());
    if (w.scope() != null && w.scope().coversEverything()) {
      // as bad as an empty scope: a waiver of everything is the gate switched off
      problems.add(
          new InputProblem(
              w.file(),
              w.line(),
              w.column(),
              "waiver "
                  + w.id()
                  + ": 'scope' covers everything ("
                  + w.scope().describe()
                  + "); name the platform, instance, principal or cell it is for (switch a rule"
                  + " off everywhere with 'disable' in psa-policy.yaml instead)"));
    }
    if (w.created() != null && w.created().isAfter(today)) {
      problems.add(
          new InputProblem(
              w.file(),
              w.line(),
              w.column(),
              "waiver "
                  + w.id()
                  + ": created "
                  + w.created()
                  + " lies in the future (today is "
                  + today
                  + " UTC)"));
    }
    if (w.created() != null && w.expires() != null) {
      long days = ChronoUnit.DAYS.between(w.created(), w.expires());
      if (days < 0) {
        problems.add(at(w, "expires " + w.expires() + " lies before created " + w.created()));
      } else if (days > policy.ttlDays()) {
        problems.add(
            at(
                w,
                "expires "
                    + w.expires()
                    + " is "
                    + days
                    + " days after created "
                    + w.created()
                    + "; at most "
                    + policy.ttlDays()
                    + " days are allowed"));
      }
    }
    if (w.expires() != null && w.expires().isBefore(today)) {
      problems.add(at(w, "expired on " + w.expires() + " (valid through that day, UTC)"));
    }
    if (!problems.isEmpty()) {
      problems.sort(BY_PLACE);
      return new Verdict(false, problems, 0, false);
    }
    long left = ChronoUnit.DAYS.between(today, w.expires());
    return new Verdict(true, List.of(), left, left < policy.warnDays());
  }

  /**
   * Whether the waiver waives the violation: it is valid today and it matches. This is the decision
   * every output relies on.
   */
  public boolean applies(Waiver w, Violation v) {
    return matches(w, v) && verdict(w).valid();
  }

  /**
   * Whether rule and scope cover the violation, regardless of validity. Findings about waivers are
   * never covered.
   */
  public static boolean matches(Waiver w, Violation v) {
    return w.canMatch()
        && !WaiverRules.isWaiverFinding(v.ruleId())
        && w.rule().matches(v.ruleId())
        && w.scope().matches(v);
  }

  private static InputProblem at(Waiver w, String message) {
    return new InputProblem(
        w.file(), w.expiresLine(), w.expiresColumn(), "waiver " + w.id() + ": " + message);
  }
}
