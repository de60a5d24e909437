package dev.psapolicy.policy;

import dev.psapolicy.input.Glob;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.Suggest;
import dev.psapolicy.report.RuleInfo;
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
 */
public final class RuleSelection {
  /** Every rule enabled with its declared severity. */
  public static final RuleSelection DEFAULT = new RuleSelection(List.of(), List.of());

  private final List<PolicyConfig.SeverityOverride> overrides;
  private final List<Glob> disabled;

  private RuleSelection(List<PolicyConfig.SeverityOverride> overrides, List<Glob> disabled) {
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
    List<Glob> disabled = new ArrayList<>();
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
        disabled.add(g);
      }
    }
    problems.throwIfAny();
    return new RuleSelection(config.severity(), disabled);
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

  /** The effective severity of a rule. */
  public Severity severityOf(RuleInfo rule) {
    for (PolicyConfig.SeverityOverride o : overrides) {
      if (o.rule().isLiteral() && o.rule().matches(rule.id())) {
        return o.severity();
      }
    }
    for (PolicyConfig.SeverityOverride o : overrides) {
      if (!o.rule().isLiteral() && o.rule().matches(rule.id())) {
        return o.severity();
      }
    }
    return rule.severity();
  }

  /** Whether a rule may fire. */
  public boolean enabled(RuleInfo rule) {
    return WaiverRules.isWaiverFinding(rule.id())
        || disabled.stream().noneMatch(g -> g.matches(rule.id()));
  }
}
