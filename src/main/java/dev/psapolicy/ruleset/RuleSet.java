package dev.psapolicy.ruleset;

import dev.psapolicy.report.RuleInfo;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;

/**
 * A compiled rule pack: the KieBase, the metadata of every rule, and the DRL it came from.
 *
 * @param kieBase the compiled rules (shared, thread-safe; one session per evaluation)
 * @param byRuleName metadata keyed by "package.ruleName"
 * @param rules metadata of every rule, ordered by id
 * @param sources the DRL files
 * @param precompiled true when loaded from the build-time executable model
 * @param codeOwners for the classes compiled at run time from user rules (binary names, and
 *     "class.method" for a function), what in which file they were generated for ({@code rule
 *     "ACME-X" (my-rules/x.drl:6)}): for messages about a rule that fails or runs away, found from
 *     a stack trace
 */
public record RuleSet(
    KieBase kieBase,
    Map<String, RuleInfo> byRuleName,
    List<RuleInfo> rules,
    List<RuleSource> sources,
    boolean precompiled,
    Map<String, String> codeOwners) {
  public RuleSet {
    byRuleName = Map.copyOf(byRuleName);
    rules = List.copyOf(rules);
    sources = List.copyOf(sources);
    codeOwners = Map.copyOf(codeOwners);
  }

  /** Metadata of a rule by id, or null. */
  public RuleInfo rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
  }
}
