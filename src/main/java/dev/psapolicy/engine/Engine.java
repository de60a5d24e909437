package dev.psapolicy.engine;

import dev.psapolicy.engine.internal.FindingCollector;
import dev.psapolicy.engine.internal.Watchdog;
import dev.psapolicy.facts.Assignment;
import dev.psapolicy.facts.Customize;
import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Principal;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.ruleset.RuleSet;
import dev.psapolicy.ruleset.RuleSource;
import dev.psapolicy.vocabulary.Cell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
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
  private final boolean principalLocal;
  private final RuleBudget budget;

  /** Enabled rules by "package.name", with their effective severities: decided once. */
  private final Map<String, RuleInfo> effective;

  private final Map<String, RuleInfo> byId;

  /** {@link #effectiveRules()}, sorted once. */
  private final List<RuleInfo> effectiveRules;

  /** "package.name" of each rule of the KieBase, by the rule object a match carries. */
  private final Map<Rule, String> keys;

  /** Whether every rule of the KieBase may fire, so that no agenda filter is needed. */
  private final boolean allEnabled;

  /**
   * Whether the rules are the built-in ones alone, so the grants none of them can match are left
   * out of the session ({@link #matchesNoBuiltInRule}); a user rule file sees every grant.
   */
  private final boolean builtInOnly;

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
    this(rules, severityOf, enabled, RuleBudget.DEFAULT);
  }

  private Engine(
      RuleSet rules,
      Function<RuleInfo, Severity> severityOf,
      Predicate<RuleInfo> enabled,
      RuleBudget budget) {
    this.rules = rules;
    this.budget = budget;
    this.severityOf = severityOf;
    this.enabled = enabled;
    this.principalLocal = allPrincipalScoped();
    Map<String, RuleInfo> eff = new LinkedHashMap<>();
    rules
        .byRuleName()
        .forEach(
            (name, r) -> {
              if (enabled.test(r)) {
                eff.put(name, effective(r));
              }
            });
    this.effective = Map.copyOf(eff);
    Map<String, RuleInfo> ids = new HashMap<>();
    eff.values().forEach(r -> ids.putIfAbsent(r.id(), r));
    this.byId = Map.copyOf(ids);
    this.effectiveRules =
        effective.values().stream().sorted(Comparator.comparing(RuleInfo::id)).toList();
    Map<Rule, String> k = new IdentityHashMap<>();
    for (KiePackage pkg : rules.kieBase().getKiePackages()) {
      for (Rule rule : pkg.getRules()) {
        k.put(rule, pkg.getName() + "." + rule.getName());
      }
    }
    this.keys = Collections.unmodifiableMap(k);
    this.allEnabled = effective.keySet().containsAll(k.values());
    this.builtInOnly = rules.sources().stream().allMatch(RuleSource::builtIn);
  }

  /**
   * A grant no built-in rule can match, so that leaving it out of the session changes no match, no
   * {@code not} and no violation. The built-in patterns over {@code Grant} are, rule by rule:
   *
   * <ul>
   *   <li>the over-grant rules, {@code judged, rank > allowedRank}; the guide rules on Time Entry
   *       delete ({@code level == ALL, allowed == MY}) and Autotask ticket delete ({@code rank > 0,
   *       judged, allowedRank == 0}) ask for the same excess and more;
   *   <li>the under-grant rule, {@code judged, rank < neededRank};
   *   <li>the unknown-permission rule, {@code known == false, rank > 0};
   *   <li>the Service Tickets add-only rule, which also looks at the compliant grants of its cell
   *       (a {@code not Grant(...)} over what the baselines allow), so every grant on Service Desk
   *       / Service Tickets stays in.
   * </ul>
   *
   * A grant matching none of these holds what its baselines allow and need on a cell no guide rule
   * names: most of a real role, and every function the API user neither holds nor needs. {@code
   * InertGrantsTest} holds the built-in rules to the same violations with and without such grants
   * on both platforms, and fails when a built-in rule over {@code Grant} is added or changed
   * without this being reviewed. A user rule file turns the skipping off.
   */
  static boolean matchesNoBuiltInRule(Grant g) {
    return matchesNoBuiltInRule(
        g.judged(),
        g.rank(),
        g.allowedRank(),
        g.neededRank(),
        g.known(),
        g.module(),
        g.functionName());
  }

  /**
   * {@link #matchesNoBuiltInRule(Grant)} from the grant's parts, so that {@link GrantTable} can
   * leave a grant out without making it.
   */
  static boolean matchesNoBuiltInRule(
      boolean judged,
      int rank,
      int allowedRank,
      int neededRank,
      boolean known,
      String module,
      String function) {
    if (judged && (rank > allowedRank || rank < neededRank)) {
      return false;
    }
    if (!known && rank > 0) {
      return false;
    }
    return !(SERVICE_TICKETS.module().equals(module)
        && SERVICE_TICKETS.function().equals(function));
  }

  /** The one cell a built-in rule judges by its compliant grants as well (CW-TICKET-ADD-ONLY). */
  private static final Cell SERVICE_TICKETS = new Cell("Service Desk", "Service Tickets");

  /** Whether this engine leaves out the grants no rule can match (built-in rules alone). */
  boolean skipsInertGrants() {
    return builtInOnly;
  }

  /** The "package.name" of a rule: looked up, not concatenated, on every match and firing. */
  private String keyOf(Rule rule) {
    String key = keys.get(rule);
    return key != null ? key : rule.getPackageName() + "." + rule.getName();
  }

  public RuleSet rules() {
    return rules;
  }

  /** This engine with another budget for each evaluation. */
  public Engine withBudget(RuleBudget budget) {
    return new Engine(rules, severityOf, enabled, budget);
  }

  /** The budget of each evaluation. */
  public RuleBudget budget() {
    return budget;
  }

  /**
   * A rule as it runs under this engine's policy, with its effective severity (declared, or the
   * policy's override): how every rule's severity is resolved, the DRL rules of this engine and the
   * waiver rules of {@code Exemptions} alike.
   */
  public RuleInfo effective(RuleInfo declared) {
    return declared.withSeverity(severityOf.apply(declared));
  }

  /**
   * The rules that fire, with their effective severities: what a report lists as evaluated. An
   * overridden severity also caps the one-step severity, as for the violations.
   */
  public List<RuleInfo> effectiveRules() {
    return effectiveRules;
  }

  /**
   * Inserts the facts, fires every rule, returns the violations (unsorted).
   *
   * <p>When every enabled rule declares {@code @scope("principal")} (it only ever relates facts of
   * one principal), the facts are split into shards of whole principals, each evaluated in its own
   * session, in parallel. The result is the same as one session (tested), but memory stays bounded
   * by the shard size and both cores work. Otherwise one session sees everything.
   *
   * <p>Sessions run on worker threads under the engine's {@link RuleBudget}; a rule set that runs
   * out of it, or a rule that fails, ends the evaluation with {@link RuleRunException}.
   */
  public List<Violation> evaluate(FactSet facts) {
    FactSet inserted = inserted(facts);
    List<FactSet> parts =
        !principalLocal || inserted.grants().size() <= SHARD_GRANTS
            ? List.of(inserted)
            : shards(inserted);
    return run(parts, Runtime.getRuntime().availableProcessors());
  }

  /**
   * What a session receives: the facts, without the grants no built-in rule can match ({@link
   * #matchesNoBuiltInRule}) when the rules are the built-in ones alone.
   */
  private FactSet inserted(FactSet facts) {
    if (!builtInOnly) {
      return facts;
    }
    List<Grant> grants;
    if (facts.grants() instanceof GrantTable table) {
      grants = table.mayMatchABuiltInRule();
    } else {
      grants = new ArrayList<>();
      for (Grant g : facts.grants()) {
        if (!matchesNoBuiltInRule(g)) {
          grants.add(g);
        }
      }
    }
    return grants.size() == facts.grants().size()
        ? facts
        : new FactSet(
            facts.principals(),
            grants,
            facts.assignments(),
            facts.unknownCells(),
            facts.incomplete(),
            facts.customizes());
  }

  /**
   * Evaluates the parts on worker threads under the budget (see {@link RuleBudget}): the only way a
   * rule that never returns can be stopped and reported.
   */
  private List<Violation> run(List<FactSet> parts, int threads) {
    List<Violation>[] results = newResults(parts.size());
    Queue<Tracker> live = new ConcurrentLinkedQueue<>();
    StringBuilder running = new StringBuilder();
    try {
      Watchdog.run(
          parts.size(),
          threads,
          budget.timeout(),
          () -> {
            running.append(running(live)); // while the stacks still show it
            live.forEach(t -> t.session.halt());
          },
          p -> results[p] = evaluateOne(parts.get(p), live));
    } catch (Watchdog.TimedOut e) {
      throw new RuleRunException(
          "rule budget exceeded: the evaluation ran longer than "
              + seconds(budget.timeout())
              + " (ruleBudget.seconds in the policy config, --rule-timeout)"
              + running
              + mostFired(live),
          null);
    } catch (RuleRunException e) {
      throw e;
    } catch (Throwable e) { // NOPMD: any failure of rule code is reported as one line
      throw failed(e, live);
    }
    List<Violation> out = new ArrayList<>();
    for (List<Violation> r : results) {
      out.addAll(r);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Violation>[] newResults(int n) {
    return (List<Violation>[]) new List<?>[n];
  }

  /** Counts what each session fires and which rule is firing now. */
  private final class Tracker extends DefaultAgendaEventListener {
    final KieSession session;
    final FindingCollector collector;
    final Map<String, LongAdder> fired = new ConcurrentHashMap<>();
    final Thread thread = Thread.currentThread();
    volatile String firing;

    Tracker(KieSession session, FindingCollector collector) {
      this.session = session;
      this.collector = collector;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
      String key = keyOf(event.getMatch().getRule());
      firing = key;
      fired.computeIfAbsent(key, k -> new LongAdder()).increment();
      collector.firing(effective.get(key));
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
      firing = null;
    }
  }

  private String describe(String ruleKey) {
    RuleInfo r = rules.byRuleName().get(ruleKey);
    return r == null
        ? "rule \"" + ruleKey + "\""
        : "rule \"" + r.id() + "\" (" + r.file() + ":" + r.line() + ")";
  }

  /** "; rule X was running" from the firing rule, or from the stack of a condition. */
  private String running(Queue<Tracker> live) {
    for (Tracker t : live) {
      String key = t.firing;
      if (key != null) {
        return "; " + describe(key) + " was running";
      }
    }
    for (Tracker t : live) {
      String owner = codeOwner(t.thread.getStackTrace());
      if (owner != null) {
        return "; " + owner + " was running";
      }
    }
    return "";
  }

  private String codeOwner(StackTraceElement[] frames) {
    String packageLevel = null;
    for (StackTraceElement f : frames) {
      String owner = rules.codeOwners().get(f.getClassName() + "." + f.getMethodName());
      if (owner == null) {
        owner = rules.codeOwners().get(f.getClassName());
      }
      if (owner != null && !owner.startsWith("package ")) {
        return owner;
      }
      packageLevel = packageLevel == null ? owner : packageLevel;
    }
    return packageLevel;
  }

  private String mostFired(Queue<Tracker> live) {
    Map<String, Long> total = new HashMap<>();
    for (Tracker t : live) {
      t.fired.forEach((k, v) -> total.merge(k, v.sum(), Long::sum));
    }
    return total.entrySet().stream()
        .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(
            e ->
                "; the rule that fired most is "
                    + describe(e.getKey())
                    + ", "
                    + times(e.getValue()))
        .orElse("; no rule had fired");
  }

  private static String times(long n) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? "time" : "times");
  }

  private static String seconds(Duration d) {
    long s = d.toSeconds();
    return d.toMillis() % 1000 == 0 ? s + " s" : d.toMillis() + " ms";
  }

  /** A rule that threw (or overflowed the stack) while it ran, named from where it failed. */
  private RuleRunException failed(Throwable e, Queue<Tracker> live) {
    String who = null;
    for (Throwable t = e; t != null && who == null; t = t.getCause()) {
      who = codeOwner(t.getStackTrace());
    }
    if (who == null) {
      for (Tracker t : live) {
        String key = t.firing;
        if (key != null) {
          who = describe(key);
        }
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String what =
        root instanceof StackOverflowError
            ? "overflowed the stack (StackOverflowError)"
            : root instanceof OutOfMemoryError
                ? "ran out of memory (OutOfMemoryError)"
                : "failed: "
                    + root.getClass().getSimpleName()
                    + (root.getMessage() == null
                        ? ""
                        : ": " + root.getMessage().replace('\n', ' ').strip());
    return new RuleRunException((who == null ? "a rule" : who) + " " + what, e);
  }

  /** Whether every enabled rule is principal-scoped, so large sessions are sharded. */
  boolean isPrincipalLocal() {
    return principalLocal;
  }

  /** One session over all facts, whatever the rules' scope (for equivalence tests). */
  List<Violation> evaluateUnsharded(FactSet facts) {
    return evaluateOne(facts);
  }

  /**
   * Grants inserted per shard: large enough that session set-up is noise, small enough to stay
   * young.
   */
  static final int SHARD_GRANTS = 20_000;

  private static List<FactSet> shards(FactSet facts) {
    Map<String, List<Grant>> grants = facts.grantsByPrincipal();
    Map<String, List<Assignment>> assignments = new HashMap<>();
    for (Assignment a : facts.assignments()) {
      assignments.computeIfAbsent(a.principalKey(), k -> new ArrayList<>()).add(a);
    }
    Map<String, List<Customize>> customizes = new HashMap<>();
    for (Customize c : facts.customizes()) {
      customizes.computeIfAbsent(c.principalKey(), k -> new ArrayList<>()).add(c);
    }
    List<FactSet> out = new ArrayList<>();
    List<Principal> ps = new ArrayList<>();
    List<Grant> gs = new ArrayList<>();
    List<Assignment> as = new ArrayList<>();
    List<Customize> cs = new ArrayList<>();
    for (Principal p : facts.principals()) {
      ps.add(p);
      gs.addAll(grants.getOrDefault(p.key(), List.of()));
      as.addAll(assignments.getOrDefault(p.key(), List.of()));
      cs.addAll(customizes.getOrDefault(p.key(), List.of()));
      if (gs.size() >= SHARD_GRANTS) {
        out.add(new FactSet(ps, gs, as, List.of(), List.of(), cs));
        ps = new ArrayList<>();
        gs = new ArrayList<>();
        as = new ArrayList<>();
        cs = new ArrayList<>();
      }
    }
    if (!ps.isEmpty()) {
      out.add(new FactSet(ps, gs, as, List.of(), List.of(), cs));
    }
    return out;
  }

  private List<Violation> evaluateOne(FactSet facts) {
    return run(List.of(inserted(facts)), 1);
  }

  /** One session over all facts with every grant inserted (for equivalence tests). */
  List<Violation> evaluateEveryGrant(FactSet facts) {
    return evaluateOne(facts, new ConcurrentLinkedQueue<>());
  }

  /** One session over the facts as given: every grant of them is inserted. */
  private List<Violation> evaluateOne(FactSet facts, Queue<Tracker> live) {
    Map<String, Principal> byKey = new HashMap<>();
    for (Principal p : facts.principals()) {
      byKey.put(p.key(), p);
    }
    FindingCollector collector = new FindingCollector(byKey, byId);
    KieSession session = rules.kieBase().newKieSession();
    Tracker tracker = new Tracker(session, collector);
    live.add(tracker);
    try {
      session.setGlobal(FINDINGS_GLOBAL, collector);
      session.addEventListener(tracker);
      facts.principals().forEach(session::insert);
      facts.assignments().forEach(session::insert);
      facts.grants().forEach(session::insert);
      facts.customizes().forEach(session::insert);
      AgendaFilter filter = match -> effective.containsKey(keyOf(match.getRule()));
      int limit = (int) budget.maxFirings() + 1;
      int fired = allEnabled ? session.fireAllRules(limit) : session.fireAllRules(filter, limit);
      if (fired > budget.maxFirings()) {
        throw new RuleRunException(
            "rule budget exceeded: more than "
                + String.format(Locale.ROOT, "%,d", budget.maxFirings())
                + " rule firings in one session (ruleBudget.maxFirings in the policy config,"
                + " --max-firings)"
                + mostFired(new ConcurrentLinkedQueue<>(List.of(tracker))),
            null);
      }
    } finally {
      session.dispose();
    }
    return collector.violations();
  }

  /** Whether every enabled rule declares {@code @scope("principal")} (read once, in RuleInfo). */
  private boolean allPrincipalScoped() {
    for (KiePackage pkg : rules.kieBase().getKiePackages()) {
      for (Rule rule : pkg.getRules()) {
        RuleInfo info = rules.byRuleName().get(pkg.getName() + "." + rule.getName());
        if (info == null || (enabled.test(info) && !info.principalScoped())) {
          return false;
        }
      }
    }
    return true;
  }
}
