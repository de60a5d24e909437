package dev.psapolicy.engine.internal;

import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Principal;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.ruleapi.Findings;
import dev.psapolicy.ruleapi.Fixes;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link Findings} of one session. The engine tells it which rule is firing (from an agenda
 * listener), so consequences never pass rule metadata themselves.
 */
public final class FindingCollector implements Findings {
  private final Map<String, Principal> principals;
  private final Map<String, RuleInfo> rules;
  private final Map<FindingKey, Violation> violations = new LinkedHashMap<>();
  private RuleInfo current;

  /**
   * @param principals principals by key
   */
  public FindingCollector(Map<String, Principal> principals) {
    this(principals, Map.of());
  }

  /**
   * @param principals principals by key
   * @param rules the session's effective rules by id (for the severity floor of a finding on a name
   *     the catalog does not know)
   */
  public FindingCollector(Map<String, Principal> principals, Map<String, RuleInfo> rules) {
    this.principals = principals;
    this.rules = Map.copyOf(rules);
  }

  /** Called before each consequence runs, with the rule's effective metadata. */
  public void firing(RuleInfo rule) {
    this.current = rule;
  }

  public List<Violation> violations() {
    return new ArrayList<>(violations.values());
  }

  @Override
  public void overGrant(Grant grant) {
    requireJudged(grant);
    over(grant, grant.allowed(), grant.listed(), grant.baselines());
  }

  @Override
  public void underGrant(Grant grant) {
    requireJudged(grant);
    under(grant, grant.needed(), grant.neededBy());
  }

  private static void requireJudged(Grant grant) {
    if (!grant.judged()) {
      throw new IllegalArgumentException(
          "grant "
              + grant.cell()
              + " of "
              + grant.principalKey()
              + " has no baseline to compare with");
    }
  }

  private void over(Grant grant, Level allowedLevel, boolean listed, List<String> ids) {
    int steps = grant.level().stepsAbove(allowedLevel);
    String baselines = String.join(", ", ids);
    String by =
        listed
            ? baselines
                + (baselines.contains(",") ? " allow " : " allows ")
                + allowedLevel.word(grant.platform())
            : "no assigned baseline (" + baselines + ") lists it, so None is allowed";
    String message =
        grant.verb().word(grant.platform())
            + " on "
            + grant.cell()
            + " is "
            + grant.level().word(grant.platform())
            + "; "
            + by
            + " ("
            + steps
            + (steps == 1 ? " step" : " steps")
            + " too high)";
    Severity severity =
        steps == 1 && rule().oneStepSeverity() != null
            ? rule().oneStepSeverity()
            : rule().severity();
    add(grant, severity, message, Fixes.lower(grant, allowedLevel), allowedLevel, ids, steps);
  }

  /**
   * A finding on a name the catalog does not know is never milder than the over-grant rule of its
   * verb would be if the name were known and allowed None (or what its baselines allow): otherwise
   * a look-alike name ({@code Sеrvice Tickets} with a Cyrillic е) turns a critical Delete into a
   * finding that passes {@code --fail-on critical}.
   */
  private Severity atLeastOverGrant(Grant grant, Severity own) {
    RuleInfo over = rules.get("PSA-OVERGRANT-" + grant.verb().id().toUpperCase(Locale.ROOT));
    if (over == null) {
      return own;
    }
    Level allowed = grant.allowed() == null ? Level.NONE : grant.allowed();
    int steps = grant.level().stepsAbove(allowed);
    if (steps <= 0) {
      return own;
    }
    Severity floor =
        steps == 1 && over.oneStepSeverity() != null ? over.oneStepSeverity() : over.severity();
    return floor.weight() > own.weight() ? floor : own;
  }

  private void under(Grant grant, Level neededLevel, List<String> ids) {
    int steps = neededLevel.stepsAbove(grant.level());
    String baselines = String.join(", ", ids);
    String message =
        grant.verb().word(grant.platform())
            + " on "
            + grant.cell()
            + " is "
            + grant.level().word(grant.platform())
            + "; "
            + baselines
            + " needs "
            + neededLevel.word(grant.platform())
            + ", so the integration may fail when it uses it";
    add(
        grant,
        rule().severity(),
        message,
        Fixes.raise(grant, neededLevel),
        neededLevel,
        ids,
        steps);
  }

  @Override
  public void grant(Grant grant, String message, String fix) {
    Principal p = principals.get(grant.principalKey());
    add(
        grant,
        grant.known() ? rule().severity() : atLeastOverGrant(grant, rule().severity()),
        message,
        fix,
        null,
        p == null ? List.of() : p.integrations(),
        0);
  }

  @Override
  public void principal(Principal principal, String message, String fix) {
    Violation v =
        new Violation(
            rule().id(),
            rule().severity(),
            rule().title(),
            message,
            subject(principal),
            null,
            principal.integrations(),
            fix,
            0,
            Disposition.OPEN);
    violations.putIfAbsent(new FindingKey(v.ruleId(), v.fingerprint()), v);
  }

  private void add(
      Grant grant,
      Severity severity,
      String message,
      String fix,
      Level allowed,
      List<String> baselines,
      int steps) {
    Principal p = principals.get(grant.principalKey());
    Violation v =
        new Violation(
            rule().id(),
            severity,
            rule().title(),
            message,
            new Violation.Subject(grant.platform(), p.instance(), p.id(), p.name(), p.role()),
            new Violation.Holding(
                new Cell(grant.module(), grant.functionName()),
                grant.verb(),
                grant.level(),
                allowed,
                grant.raw()),
            baselines,
            fix,
            steps,
            Disposition.OPEN);
    violations.putIfAbsent(new FindingKey(v.ruleId(), v.fingerprint()), v);
  }

  private RuleInfo rule() {
    if (current == null) {
      throw new IllegalStateException("findings reported outside a rule consequence");
    }
    return current;
  }

  private static Violation.Subject subject(Principal p) {
    return new Violation.Subject(p.platform(), p.instance(), p.id(), p.name(), p.role());
  }

  /** A finding reported twice (by one rule, about one place and level) is kept once. */
  private record FindingKey(String ruleId, String fingerprint) {}
}
