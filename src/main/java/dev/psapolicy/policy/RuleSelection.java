package dev.psapolicy.policy;

import dev.psapolicy.input.Glob;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.Suggest;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.RuleRelaxation;
import dev.psapolicy.report.Severity;
import dev.psapolicy.waiver.WaiverRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The config's severity overrides and disabled rules, checked against the rules of the run: an id
 * no rule has, or a glob that matches no rule, is an input error at its place. An exact id beats a
 * glob; among globs the first in the file wins. The findings about waivers can get another severity
 * but can never be disabled (a glob such as {@code "*"} skips them).
 *
 * <p>What the config relaxes ({@link #relaxations}) is listed in every output, and a config that
 * relaxes every rule below the gate threshold is refused ({@link #requireGateCanFail}).
 */
public final class RuleSelection {
  /** Every rule enabled with its declared severity. */
  public static final RuleSelection DEFAULT = new RuleSelection(null, List.of(), List.of());

  /** A {@code disable} entry: its glob and where it stands. */
  private record Disabled(Glob glob, Node at) {}

  private final String file;
  private final List<PolicyConfig.SeverityOverride> overrides;
  private final List<Disabled> disabled;

  private RuleSelection(
      String file, List<PolicyConfig.SeverityOverride> overrides, List<Disabled> disabled) {
    this.file = file;
    this.overrides = List.copyOf(overrides);
    this.disabled = List.copyOf(disabled);
  }

  /**
   * Checks the config against the rules.
   *
   * @param config the policy config
   * @param rules every DRL rule of the run
   */
  public static RuleSelection resolve(PolicyConfig config, Collection<RuleInfo> rules)
      throws InvalidInputException {
    Problems problems = new Problems();
    List<String> ruleIds = rules.stream().map(RuleInfo::id).sorted().toList();
    List<String> all = new ArrayList<>(ruleIds);
    all.addAll(WaiverRules.IDS.stream().sorted().toList());
    String file = config.file();
    for (PolicyConfig.SeverityOverride o : config.severity()) {
      check(file, o.rule(), o.at(), all, problems);
    }
    List<Disabled> disabled = new ArrayList<>();
    for (PolicyConfig.Ref r : config.disable()) {
      Glob g = Glob.parse(file, r.at(), r.value(), problems);
      if (g == null) {
        continue;
      }
      if (g.isLiteral() && WaiverRules.IDS.stream().anyMatch(g::matches)) {
        problems.add(
            file,
            r.at(),
            "'"
                + r.value()
                + "' cannot be disabled: findings about"
                + " waivers are always reported (give it another severity under 'severity' instead)");
        continue;
      }
      if (check(file, g, r.at(), ruleIds, problems)) {
        disabled.add(new Disabled(g, r.at()));
      }
    }
    problems.throwIfAny();
    return new RuleSelection(file, config.severity(), disabled);
  }

  private static boolean check(String file, Glob g, Node at, List<String> ids, Problems problems) {
    if (ids.stream().anyMatch(g::matches)) {
      return true;
    }
    if (g.isLiteral()) {
      String hint = Suggest.closest(g.literal(), ids);
      problems.add(
          file,
          at,
          "unknown rule id '"
              + g.text()
              + "'"
              + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
    } else {
      problems.add(file, at, "'" + g.text() + "' matches no rule");
    }
    return false;
  }

  /** The override that sets a rule's severity, or null when it keeps its own. */
  private PolicyConfig.SeverityOverride override(RuleInfo rule) {
    for (PolicyConfig.SeverityOverride o : overrides) {
      if (o.rule().isLiteral() && o.rule().matches(rule.id())) {
        return o;
      }
    }
    for (PolicyConfig.SeverityOverride o : overrides) {
      if (!o.rule().isLiteral() && o.rule().matches(rule.id())) {
        return o;
      }
    }
    return null;
  }

  /** The {@code disable} entry that switches a rule off, or null when it may fire. */
  private Disabled disabling(RuleInfo rule) {
    if (WaiverRules.isWaiverFinding(rule.id())) {
      return null;
    }
    return disabled.stream().filter(d -> d.glob().matches(rule.id())).findFirst().orElse(null);
  }

  /** The effective severity of a rule. */
  public Severity severityOf(RuleInfo rule) {
    PolicyConfig.SeverityOverride o = override(rule);
    return o == null ? rule.severity() : o.severity();
  }

  /** Whether a rule may fire. */
  public boolean enabled(RuleInfo rule) {
    return disabling(rule) == null;
  }

  /**
   * The rules this selection disables or lowers, in {@link RuleRelaxation#ORDER}, each with the
   * config entry that does it. Findings about waivers are listed when lowered.
   *
   * @param rules every DRL rule of the run
   */
  public List<RuleRelaxation> relaxations(Collection<RuleInfo> rules) {
    List<RuleInfo> candidates = new ArrayList<>(rules);
    candidates.addAll(WaiverRules.ALL);
    List<RuleRelaxation> out = new ArrayList<>();
    for (RuleInfo r : candidates) {
      Disabled d = disabling(r);
      if (d != null) {
        out.add(new RuleRelaxation(r.id(), r.severity(), null, file, line(d.at()), col(d.at())));
        continue;
      }
      PolicyConfig.SeverityOverride o = override(r);
      if (o != null && !o.severity().atLeast(r.severity())) {
        out.add(
            new RuleRelaxation(
                r.id(), r.severity(), o.severity(), file, line(o.at()), col(o.at())));
      }
    }
    out.sort(RuleRelaxation.ORDER);
    return List.copyOf(out);
  }

  /**
   * Refuses a selection that leaves the gate unable to fail: the rules as declared could reach
   * {@code failOn}, but after {@code disable} and {@code severity} none that is enabled can (every
   * rule disabled, every rule lowered to info, or any mix of the two). Findings about waivers do
   * not count: they fail the gate only while someone writes a bad waiver. The problem stands at the
   * config entry responsible: the first {@code disable} entry when nothing is enabled, else the
   * first override that lowers a rule below the threshold.
   *
   * @param rules every DRL rule of the run
   * @param failOn the gate threshold of the run
   */
  public void requireGateCanFail(Collection<RuleInfo> rules, Severity failOn)
      throws InvalidInputException {
    List<RuleInfo> drl = rules.stream().filter(r -> !WaiverRules.isWaiverFinding(r.id())).toList();
    boolean declaredCanFail = drl.stream().anyMatch(r -> r.severity().atLeast(failOn));
    if (!declaredCanFail
        || drl.stream().anyMatch(r -> enabled(r) && severityOf(r).atLeast(failOn))) {
      return;
    }
    if (drl.stream().noneMatch(this::enabled)) {
      Node at = disabled.get(0).at();
      throw new InvalidInputException(
          new InputProblem(
              file,
              line(at),
              col(at),
              "'disable' switches off every rule: nothing is left that can fail the gate;"
                  + " disable single rules by id, or waive what you have to with time-bounded"
                  + " waivers"));
    }
    Node at =
        overrides.stream()
            .filter(o -> !o.severity().atLeast(failOn))
            .findFirst()
            .map(PolicyConfig.SeverityOverride::at)
            .orElse(disabled.isEmpty() ? null : disabled.get(0).at());
    throw new InvalidInputException(
        new InputProblem(
            file,
            line(at),
            col(at),
            "'severity' and 'disable' leave no enabled rule at or above the gate threshold "
                + failOn.id()
                + ": the gate could never fail; lower single rules by id, or waive what you have"
                + " to with time-bounded waivers"));
  }

  private static int line(Node at) {
    return at == null ? 0 : at.line();
  }

  private static int col(Node at) {
    return at == null ? 0 : at.column();
  }
}
