package dev.psapolicy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.report.Violation;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Platform;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The built-in rules never see the grants none of them can match (a grant that holds what its
 * baselines allow and need, on a cell no guide rule names, on a known name): that must not change a
 * single violation. Random principals over every catalog cell of a platform, judged by all of its
 * bundled baselines (one, two, or none), with unknown cells and admin roles, are evaluated with and
 * without those grants; a user rule file turns the skipping off.
 */
class InertGrantsTest {
  @TempDir Path dir;

  /** The grant rules the comparison must exercise, per platform, so that it can fail. */
  private static final Set<String> CONNECTWISE_RULES =
      Set.of(
          "CW-TICKET-ADD-ONLY",
          "CW-TIME-ENTRY-DELETE-MY",
          "PSA-OVERGRANT-ADD",
          "PSA-OVERGRANT-DELETE",
          "PSA-OVERGRANT-EDIT",
          "PSA-OVERGRANT-INQUIRE",
          "PSA-UNDERGRANT",
          "PSA-UNKNOWN-PERMISSION");

  private static final Set<String> AUTOTASK_RULES =
      Set.of(
          "AT-TICKET-NO-DELETE",
          "PSA-OVERGRANT-DELETE",
          "PSA-OVERGRANT-EDIT",
          "PSA-UNDERGRANT",
          "PSA-UNKNOWN-PERMISSION");

  @ParameterizedTest
  @EnumSource(Platform.class)
  void theBuiltInRulesGiveTheSameViolationsWithoutTheGrantsNoneOfThemCanMatch(Platform platform)
      throws Exception {
    FactSet facts = facts(platform, 23);
    long inert = facts.grants().stream().filter(Engine::matchesNoBuiltInRule).count();
    assertTrue(inert * 4 > facts.grants().size(), inert + " of " + facts.grants().size());
    assertTrue(inert < facts.grants().size(), "and not all of them");

    Engine engine = new Engine(RuleSetLoader.builtIn());
    assertTrue(engine.skipsInertGrants());
    List<Violation> every = sorted(engine.evaluateEveryGrant(facts));
    List<Violation> skipped = sorted(engine.evaluate(facts));
    assertEquals(firstDifference(every, skipped), "", "with every grant / without the inert ones");

    Set<String> fired = new TreeSet<>();
    every.forEach(v -> fired.add(v.ruleId()));
    Set<String> expected = platform == Platform.AUTOTASK ? AUTOTASK_RULES : CONNECTWISE_RULES;
    assertTrue(fired.containsAll(expected), "fired " + fired + ", expected at least " + expected);
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void theAssemblersTableLeavesOutTheSameGrantsWithoutMakingThem(Platform platform)
      throws Exception {
    FactSet facts = facts(platform, 41);
    GrantTable table = assertInstanceOf(GrantTable.class, facts.grants());
    List<Grant> mayMatch =
        facts.grants().stream().filter(g -> !Engine.matchesNoBuiltInRule(g)).toList();
    assertTrue(facts.grants().stream().anyMatch(g -> !g.judged()), "unjudged grants too");
    assertEquals(mayMatch, table.mayMatchABuiltInRule());
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void aUserRuleFileSeesEveryGrantEvenTheOnesNoBuiltInRuleCanMatch(Platform platform)
      throws Exception {
    Files.writeString(
        dir.resolve("acme.drl"),
        "package acme;\nimport dev.psapolicy.facts.*;\n"
            + "global dev.psapolicy.ruleapi.Findings findings;\n"
            + "rule \"ACME-NOTHING-HELD\" @id(\"ACME-NOTHING-HELD\") @severity(\"low\")"
            + " @title(\"x\")\n"
            + "when $g : Grant(rank == 0, allowedRank == 0, neededRank == 0)\n"
            + "then findings.grant($g, \"nothing held\", \"none\"); end\n");
    FactSet facts = facts(platform, 5);
    Engine engine = new Engine(RuleSetLoader.withUserRules(List.of(dir), dir));
    assertFalse(engine.skipsInertGrants());
    long inert =
        facts.grants().stream()
            .filter(g -> g.rank() == 0 && g.allowedRank() == 0 && g.neededRank() == 0)
            .count();
    long reported =
        engine.evaluate(facts).stream().filter(v -> v.ruleId().equals("ACME-NOTHING-HELD")).count();
    assertTrue(inert > 0);
    assertEquals(inert, reported);
  }

  /**
   * {@link Engine#matchesNoBuiltInRule} is derived by hand from the built-in patterns over {@code
   * Grant}; a new or changed one must be reviewed there (and this list updated with it).
   */
  @Test
  void theBuiltInPatternsOverGrantAreTheOnesTheSkippingWasDerivedFrom() throws Exception {
    Set<String> patterns = new TreeSet<>();
    Pattern grant = Pattern.compile("\\bGrant\\(");
    try (DirectoryStream<Path> drl = Files.newDirectoryStream(Path.of("rules"), "*.drl")) {
      for (Path f : drl) {
        for (String line : Files.readAllLines(f)) {
          Matcher m = grant.matcher(line.strip());
          if (!line.strip().startsWith("//") && m.find()) {
            patterns.add(f.getFileName() + ": " + line.strip());
          }
        }
      }
    }
    assertEquals(
        new TreeSet<>(
            List.of(
                "guides.drl: $g : Grant(platform == \"autotask\", functionName in (\"Tickets\","
                    + " \"TicketNotes\"), verb == Verb.DELETE, rank > 0, judged, allowedRank == 0)",
                "guides.drl: $g : Grant(platform == \"connectwise\", module == \"Time & Expense\","
                    + " functionName == \"Time Entry\", verb == Verb.DELETE, level == Level.ALL,"
                    + " allowed == Level.MY)",
                "guides.drl: $g : Grant(principalKey == $k, module == \"Service Desk\","
                    + " functionName == \"Service Tickets\", verb != Verb.ADD, rank > 0)",
                "guides.drl: Grant(platform == \"connectwise\", module == \"Service Desk\","
                    + " functionName == \"Service Tickets\", verb == Verb.ADD, judged, allowedRank"
                    + " > 0, $k : principalKey)",
                "guides.drl: not Grant(principalKey == $k, module == \"Service Desk\","
                    + " functionName == \"Service Tickets\", verb != Verb.ADD, judged, allowedRank"
                    + " > 0)",
                "overgrant.drl: $g : Grant(judged, rank < neededRank)",
                "overgrant.drl: $g : Grant(verb == Verb.ADD, judged, rank > allowedRank)",
                "overgrant.drl: $g : Grant(verb == Verb.DELETE, judged, rank > allowedRank)",
                "overgrant.drl: $g : Grant(verb == Verb.EDIT, judged, rank > allowedRank)",
                "overgrant.drl: $g : Grant(verb == Verb.INQUIRE, judged, rank > allowedRank)",
                "practices.drl: $g : Grant(known == false, rank > 0)")),
        patterns,
        "a built-in pattern over Grant changed: review Engine.matchesNoBuiltInRule");
  }

  /** The facts of {@link #snapshot}'s principals, judged by the built-in baselines. */
  static FactSet facts(Platform platform, long seed) throws Exception {
    PermissionCatalog catalog = PermissionCatalog.builtIn();
    BaselineSet set = BaselineSet.of(new BaselineLoader(catalog).loadBuiltIn());
    return assemble(catalog, set, snapshot(catalog, set, platform, seed));
  }

  private static FactSet assemble(PermissionCatalog catalog, BaselineSet set, Snapshot s)
      throws Exception {
    return new FactAssembler(catalog, set, BaselineAssigner.defaults(set, List.of()))
        .assemble(List.of(s));
  }

  /**
   * Principals of one platform: 30 rows each, half from their baselines' cells, the rest from the
   * whole catalog and a few unknown cells; levels mostly None, as in a real role.
   */
  static Snapshot snapshot(
      PermissionCatalog catalog, BaselineSet set, Platform platform, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Cell> cells = catalog.cells(platform);
    List<Baseline> baselines = set.all().stream().filter(b -> b.platform() == platform).toList();
    String[] levels = TestSnapshots.levelWords(platform);
    List<SnapshotPrincipal> principals = new ArrayList<>();
    for (int p = 0; p < 400; p++) {
      List<String> integrations = TestSnapshots.integrations(baselines, p);
      List<Cell> own = new ArrayList<>();
      for (String id : integrations) {
        set.get(id).rows().forEach(r -> own.add(r.cell()));
      }
      List<PermissionRow> rows = new ArrayList<>();
      for (int r = 0; r < 30; r++) {
        String module;
        String function;
        if (r == 29 && p % 3 == 0) {
          module = "Unheard Of";
          function = "Function " + (p % 5);
        } else {
          Cell c =
              r % 2 == 0 && !own.isEmpty()
                  ? own.get(rnd.nextInt(own.size()))
                  : cells.get(rnd.nextInt(cells.size()));
          module = c.module();
          function = c.function();
        }
        String[] raw = new String[4];
        for (int v = 0; v < 4; v++) {
          int dice = rnd.nextInt(10);
          raw[v] = levels[dice < 6 ? 0 : dice < 8 ? 1 : 2];
        }
        rows.add(new PermissionRow(module, function, raw[0], raw[1], raw[2], raw[3], 0));
      }
      principals.add(TestSnapshots.member("u" + p, p, p % 29 == 0, integrations, dedupe(rows)));
    }
    return TestSnapshots.of(platform, platform.id() + ".example", principals);
  }

  /** One row per cell, as a role holds them. */
  private static List<PermissionRow> dedupe(List<PermissionRow> rows) {
    Set<String> seen = new TreeSet<>();
    List<PermissionRow> out = new ArrayList<>();
    for (PermissionRow r : rows) {
      if (seen.add(r.module() + "\u0000" + r.function())) {
        out.add(r);
      }
    }
    return out;
  }

  /** The first violation one list has and the other does not, or "" (a short failure message). */
  private static String firstDifference(List<Violation> a, List<Violation> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      Violation x = i < a.size() ? a.get(i) : null;
      Violation y = i < b.size() ? b.get(i) : null;
      if (x == null || !x.equals(y)) {
        return "#" + i + " of " + a.size() + "/" + b.size() + ": " + x + " / " + y;
      }
    }
    return "";
  }

  private static List<Violation> sorted(List<Violation> v) {
    List<Violation> copy = new ArrayList<>(v);
    copy.sort(Violation.ORDER);
    return copy;
  }
}
