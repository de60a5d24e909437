package dev.psapolicy.ruletest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.ruleset.RuleSet;
import dev.psapolicy.ruleset.RuleSetLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in rules' own test cases ({@code rules/cases}), run by the same loader and runner as
 * {@code psa-policy test}, against the precompiled rule model the jar ships; plus the meta-test
 * that every built-in rule has a positive and a negative case.
 */
class RuleCasesTest {
  static final Path CASES = Path.of("rules/cases");
  private static RuleSet rules;
  private static CaseLoader loader;
  private static CaseRunner runner;

  @BeforeAll
  static void load() throws InvalidInputException {
    rules = RuleSetLoader.builtIn();
    PermissionCatalog catalog = PermissionCatalog.builtIn();
    List<Baseline> baselines = new BaselineLoader(catalog).loadBuiltIn();
    loader = new CaseLoader(catalog, baselines, rules);
    runner =
        new CaseRunner(
            rules, catalog, Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC));
  }

  static Stream<String> cases() throws IOException {
    return CaseLoader.discover(CASES).stream()
        .map(p -> CaseLoader.display(CASES, p, "rules/cases"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleCase(String folder) {
    RuleCase c;
    try {
      c = loader.load(Path.of(folder), folder);
    } catch (InvalidInputException e) {
      throw new AssertionError(
          e.problems().stream().map(InputProblem::toString).collect(Collectors.joining("\n")));
    }
    CaseResult r;
    try {
      r = runner.run(c);
    } catch (InvalidInputException e) {
      throw new AssertionError(e.getMessage());
    }
    assertTrue(
        r.passed(),
        () -> folder + ": expected (-) versus reported (+)\n" + String.join("\n", r.diff()));
  }

  @Test
  void everyBuiltInRuleHasAPositiveAndANegativeCase() throws InvalidInputException {
    List<RuleCase> all = loader.loadAll(CASES, "rules/cases");
    List<String> lacking =
        Coverage.rules(rules.rules(), all).stream()
            .filter(rc -> !rc.complete())
            .map(
                rc ->
                    rc.rule().id()
                        + " (positive "
                        + rc.positive()
                        + ", negative "
                        + rc.negative()
                        + ")")
            .toList();
    assertEquals(
        List.of(),
        lacking,
        "built-in rules without both a positive and a negative" + " case in rules/cases");
  }
}
