package dev.psapolicy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Violation;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.vocabulary.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sharding a large session by principal must not change a single violation: the built-in rules only
 * ever relate facts of one principal, and say so with {@code @scope("principal")}.
 */
class ShardingTest {
  @TempDir Path dir;

  private static final String[] LEVELS = {"None", "My", "All"};

  @Test
  void shardedEvaluationEqualsOneSession() throws Exception {
    PermissionCatalog catalog = PermissionCatalog.builtIn();
    BaselineSet set = BaselineSet.of(new BaselineLoader(catalog).loadBuiltIn());
    SplittableRandom rnd = new SplittableRandom(11);
    List<String> ids =
        List.of(
            "hatz-ai-connectwise",
            "rewst-connectwise",
            "nable-ncentral-connectwise",
            "cyberdrain-cow-connectwise");
    List<SnapshotPrincipal> principals = new ArrayList<>();
    var cells = catalog.cells(Platform.CONNECTWISE);
    for (int p = 0; p < 700; p++) {
      List<PermissionRow> rows = new ArrayList<>();
      for (int r = 0; r < 40; r++) {
        var c = cells.get(rnd.nextInt(cells.size()));
        rows.add(
            new PermissionRow(
                c.module(),
                c.function(),
                LEVELS[rnd.nextInt(3)],
                LEVELS[rnd.nextInt(3)],
                LEVELS[rnd.nextInt(3)],
                LEVELS[rnd.nextInt(3)],
                0));
      }
      List<String> integrations =
          p % 9 == 0
              ? List.of()
              : p % 5 == 0
                  ? List.of(ids.get(p % 4), ids.get((p + 1) % 4))
                  : List.of(ids.get(p % 4));
      principals.add(TestSnapshots.member("m" + p, p, p % 37 == 0, integrations, rows));
    }
    Snapshot s = TestSnapshots.of(Platform.CONNECTWISE, "shard.example", principals);
    FactSet facts =
        new FactAssembler(catalog, set, BaselineAssigner.defaults(set, List.of()))
            .assemble(List.of(s));
    long inserted = facts.grants().stream().filter(g -> !Engine.matchesNoBuiltInRule(g)).count();
    assertTrue(inserted > 2 * Engine.SHARD_GRANTS, inserted + " grants inserted: enough to shard");

    Engine engine = new Engine(RuleSetLoader.builtIn());
    assertTrue(engine.isPrincipalLocal(), "every built-in rule declares @scope(\"principal\")");
    List<Violation> one = sorted(engine.evaluateUnsharded(facts));
    List<Violation> many = sorted(engine.evaluate(facts));
    assertEquals(one.size(), many.size());
    assertEquals(one, many);
  }

  @ParameterizedTest
  @CsvSource({"'@scope(\"principal\")', true", "'', false", "'@scope(\"instance\")', false"})
  void aUserRuleDecidesWithItsScopeWhetherARunMayBeSharded(String scope, boolean local)
      throws Exception {
    Files.writeString(
        dir.resolve("acme.drl"),
        "package acme;\nimport dev.psapolicy.facts.*;\n"
            + "global dev.psapolicy.ruleapi.Findings findings;\n"
            + "rule \"ACME-X\" @id(\"ACME-X\") @severity(\"low\") @title(\"x\") "
            + scope
            + "\nwhen $p : Principal(admin) then findings.principal($p, \"m\", \"f\"); end\n");
    Engine engine = new Engine(RuleSetLoader.withUserRules(List.of(dir), dir));
    assertEquals(local, engine.isPrincipalLocal(), scope);
    // a rule switched off by the policy does not keep a run from being sharded
    Engine without = new Engine(engine.rules(), RuleInfo::severity, r -> !r.id().equals("ACME-X"));
    assertTrue(without.isPrincipalLocal());
  }

  private static List<Violation> sorted(List<Violation> v) {
    List<Violation> copy = new ArrayList<>(v);
    copy.sort(Violation.ORDER);
    return copy;
  }
}
