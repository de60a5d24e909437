package dev.psapolicy.engine;

import dev.psapolicy.engine.internal.FindingCollector;
import dev.psapolicy.facts.Allowance;
import dev.psapolicy.facts.Assignment;
import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Principal;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.ruleset.RuleSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
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
  private final boolean insertAllowances;
  private final boolean principalLocal;

  /** Enabled rules by "package.name", with their effective severities: decided once. */
  private final Map<String, RuleInfo> effective;

  /** An engine with the rules' declared severities and every rule enabled. */
  public Engine(RuleSet rules) {
    this(rules, RuleInfo::severity, r -> true);
  }

  /**
   * @param rules compiled rules
   * @param severityOf effective severity of a rule (policy overrides)
   * @param enabled which rules may fire
   */
  public Engine(
      RuleSet rules, Function<RuleInfo, Severity> severityOf, Predicate<RuleInfo> enabled) {
    this.rules = rules;
    this.severityOf = severityOf;
    this.enabled = enabled;
    // Allowance facts repeat what every judged Grant already carries; they are inserted only for
    // rule packs that match on them, so that big sessions do not pay for unused facts.
    this.insertAllowances =
        rules.sources().stream().anyMatch(s -> ALLOWANCE_PATTERN.matcher(s.drl()).find());
    this.principalLocal = allPrincipalScoped();
    Map<String, RuleInfo> eff = new LinkedHashMap<>();
    rules
        .byRuleName()
        .forEach(
            (name, r) -> {
              if (enabled.test(r)) {
                eff.put(name, effective(r, severityOf.apply(r)));
              }
            });
    this.effective = Map.copyOf(eff);
  }

  /**
   * A rule with its effective severity. An overridden severity also caps the one-step severity: a
   * one-step excess is never reported above what the policy set for the rule.
   */
  private static RuleInfo effective(RuleInfo r, Severity s) {
    if (s == r.severity()) {
      return r;
    }
    Severity oneStep =
        r.oneStepSeverity() == null || r.oneStepSeverity().atLeast(s) ? null : r.oneStepSeverity();
    return new RuleInfo(
        r.id(),
        s,
        oneStep,
        r.title(),
        r.rationale(),
        r.remediation(),
        r.source(),
        r.file(),
        r.line(),
        r.builtIn());
  }

  private static final Pattern ALLOWANCE_PATTERN = Pattern.compile("\\bAllowance\\s*\\(");

  public RuleSet rules() {
    return rules;
  }

  /** The effective severity of a rule (declared, or the policy's override). */
  public Severity severityOf(RuleInfo rule) {
    return severityOf.apply(rule);
  }

  /**
   * The rules that fire, with their effective severities: what a report lists as evaluated. An
   * overridden severity also caps the one-step severity, as for the violations.
   */
  public List<RuleInfo> effectiveRules() {
    return effective.values().stream().sorted(Comparator.comparing(RuleInfo::id)).toList();
  }

  /** Whether this rule pack matches on {@link dev.psapolicy.facts.Allowance} facts. */
  public boolean needsAllowances() {
    return insertAllowances;
  }

  /**
   * Inserts the facts, fires every rule, returns the violations (unsorted).
   *
   * <p>When every enabled rule declares {@code @scope("principal")} (it only ever relates facts of
   * one principal), the facts are split into shards of whole principals, each evaluated in its own
   * session, in parallel. The result is the same as one session (tested), but memory stays bounded
   * by the shard size and both cores work. Otherwise one session sees everything.
   */
  public List<Violation> evaluate(FactSet facts) {
    if (!principalLocal || facts.grants().size() <= SHARD_GRANTS) {
      return evaluateOne(facts);
    }
    return shards(facts).parallelStream().map(this::evaluateOne).flatMap(List::stream).toList();
  }

  /** Whether every enabled rule is principal-scoped, so large sessions are sharded. */
  boolean isPrincipalLocal() {
    return principalLocal;
  }

  /** One session over all facts, whatever the rules' scope (for equivalence tests). */
  List<Violation> evaluateUnsharded(FactSet facts) {
    return evaluateOne(facts);
  }

  /** Grants per shard: large enough that session set-up is noise, small enough to stay young. */
  static final int SHARD_GRANTS = 20_000;

  private static List<FactSet> shards(FactSet facts) {
    Map<String, List<Grant>> grants = new LinkedHashMap<>();
    for (Grant g : facts.grants()) {
      grants.computeIfAbsent(g.principalKey(), k -> new ArrayList<>()).add(g);
    }
    Map<String, List<Assignment>> assignments = new HashMap<>();
    for (Assignment a : facts.assignments()) {
      assignments.computeIfAbsent(a.principalKey(), k -> new ArrayList<>()).add(a);
    }
    Map<String, List<Allowance>> allowances = new HashMap<>();
    for (Allowance a : facts.allowances()) {
      allowances.computeIfAbsent(a.principalKey(), k -> new ArrayList<>()).add(a);
    }
    List<FactSet> out = new ArrayList<>();
    List<Principal> ps = new ArrayList<>();
    List<Grant> gs = new ArrayList<>();
    List<Assignment> as = new ArrayList<>();
    List<Allowance> als = new ArrayList<>();
    for (Principal p : facts.principals()) {
      ps.add(p);
      gs.addAll(grants.getOrDefault(p.key(), List.of()));
      as.addAll(assignments.getOrDefault(p.key(), List.of()));
      als.addAll(allowances.getOrDefault(p.key(), List.of()));
      if (gs.size() >= SHARD_GRANTS) {
        out.add(new FactSet(ps, gs, as, als, List.of(), List.of()));
        ps = new ArrayList<>();
        gs = new ArrayList<>();
        as = new ArrayList<>();
        als = new ArrayList<>();
      }
    }
    if (!ps.isEmpty()) {
      out.add(new FactSet(ps, gs, as, als, List.of(), List.of()));
    }
    return out;
  }

  private List<Violation> evaluateOne(FactSet facts) {
    Map<String, Principal> byKey = new HashMap<>();
    for (Principal p : facts.principals()) {
      byKey.put(p.key(), p);
    }
    FindingCollector collector = new FindingCollector(byKey);
    KieSession session = rules.kieBase().newKieSession();
    try {
      session.setGlobal(FINDINGS_GLOBAL, collector);
      session.addEventListener(
          new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
              var rule = event.getMatch().getRule();
              collector.firing(effective.get(rule.getPackageName() + "." + rule.getName()));
            }
          });
      facts.principals().forEach(session::insert);
      facts.assignments().forEach(session::insert);
      if (insertAllowances) {
        facts.allowances().forEach(session::insert);
      }
      facts.grants().forEach(session::insert);
      AgendaFilter filter =
          match ->
              effective.containsKey(
                  match.getRule().getPackageName() + "." + match.getRule().getName());
      session.fireAllRules(filter);
    } finally {
      session.dispose();
    }
    return collector.violations();
  }

  private boolean allPrincipalScoped() {
    for (KiePackage pkg : rules.kieBase().getKiePackages()) {
      for (Rule rule : pkg.getRules()) {
        RuleInfo info = rules.byRuleName().get(pkg.getName() + "." + rule.getName());
        if (info != null && !enabled.test(info)) {
          continue;
        }
        Object scope = rule.getMetaData().get("scope");
        if (scope == null || !"principal".equals(scope.toString().replace("\"", "").strip())) {
          return false;
        }
      }
    }
    return true;
  }
}
