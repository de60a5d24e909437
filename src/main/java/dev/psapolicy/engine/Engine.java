package dev.psapolicy.engine;

import dev.psapolicy.engine.internal.FindingCollector;
import dev.psapolicy.facts.Principal;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.ruleset.RuleSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.AgendaFilter;

/**
 * Evaluates facts against a rule set: one fresh session per evaluation over a shared KieBase, so
 * evaluations are independent and may run in parallel.
 */
public final class Engine {
  /** The name of the global every rule file declares. */
  public static final String FINDINGS_GLOBAL = "findings";

  private final RuleSet rules;
  private final Function<RuleInfo, Severity> severityOf;
  private final Predicate<RuleInfo> enabled;

  /** An engine with the rules' declared severities and every rule enabled. */
  public Engine(RuleSet rules) {
    this(rules, RuleInfo::severity, r -> true);
  }

  /**
   * @param rules compiled rules
   * @param severityOf effective severity of a rule (policy overrides)
   * @param enabled which rules may fire
   */
  public Engine(RuleSet rules, Function<RuleInfo, Severity> severityOf,
      Predicate<RuleInfo> enabled) {
    this.rules = rules;
    this.severityOf = severityOf;
    this.enabled = enabled;
  }

  public RuleSet rules() {
    return rules;
  }

  /** The effective severity of a rule (declared, or the policy's override). */
  public Severity severityOf(RuleInfo rule) {
    return severityOf.apply(rule);
  }

  /** Whether a rule may fire. */
  public boolean enabled(RuleInfo rule) {
    return enabled.test(rule);
  }

  /**
   * The rules that fire, with their effective severities: what a report lists as evaluated. An
   * overridden severity also caps the one-step severity, as for the violations.
   */
  public List<RuleInfo> effectiveRules() {
    return rules.rules().stream().filter(enabled).map(r -> {
      Severity s = severityOf.apply(r);
      if (s == r.severity()) {
        return r;
      }
      Severity oneStep = r.oneStepSeverity() == null || r.oneStepSeverity().atLeast(s) ? null
          : r.oneStepSeverity();
      return new RuleInfo(r.id(), s, oneStep, r.title(), r.rationale(), r.remediation(),
          r.source(), r.file(), r.line(), r.builtIn());
    }).toList();
  }

  /** Inserts the facts, fires every rule, returns the violations (unsorted). */
  public List<Violation> evaluate(FactSet facts) {
    Map<String, Principal> byKey = new HashMap<>();
    for (Principal p : facts.principals()) {
      byKey.put(p.key(), p);
    }
    FindingCollector collector = new FindingCollector(byKey, severityOf);
    KieSession session = rules.kieBase().newKieSession();
    try {
      session.setGlobal(FINDINGS_GLOBAL, collector);
      session.addEventListener(new DefaultAgendaEventListener() {
        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
          var rule = event.getMatch().getRule();
          collector.firing(rules.byRuleName().get(rule.getPackageName() + "." + rule.getName()));
        }
      });
      facts.principals().forEach(session::insert);
      facts.assignments().forEach(session::insert);
      facts.allowances().forEach(session::insert);
      facts.grants().forEach(session::insert);
      AgendaFilter filter = match -> {
        var rule = match.getRule();
        RuleInfo info = rules.byRuleName().get(rule.getPackageName() + "." + rule.getName());
        return info != null && enabled.test(info);
      };
      session.fireAllRules(filter);
    } finally {
      session.dispose();
    }
    return collector.violations();
  }
}
