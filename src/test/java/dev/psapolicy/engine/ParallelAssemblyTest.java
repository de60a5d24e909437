package dev.psapolicy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.CustomizeList;
import dev.psapolicy.vocabulary.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * From {@link FactAssembler#PARALLEL_ROWS} rows on, the grants are made on several threads: the
 * facts must be the very ones, in the very order, that one thread makes (grants, unknown cells,
 * Customize lists, assignments), over principals with one, two or no baselines, repeated rows,
 * unknown names and observed Customize lists.
 */
class ParallelAssemblyTest {

  @ParameterizedTest
  @EnumSource(Platform.class)
  void theFactsMadeOnSeveralThreadsAreTheOnesOneThreadMakes(Platform platform) throws Exception {
    PermissionCatalog catalog = PermissionCatalog.builtIn();
    BaselineSet set = BaselineSet.of(new BaselineLoader(catalog).loadBuiltIn());
    Snapshot s = snapshot(catalog, set, platform, 11);
    int rows = s.principals().stream().mapToInt(p -> p.grants().size()).sum();
    assertTrue(rows >= 2 * FactAssembler.PARALLEL_ROWS, rows + " rows");

    FactAssembler assembler =
        new FactAssembler(catalog, set, BaselineAssigner.defaults(set, List.of()));
    FactSet one = assembler.assemble(List.of(s), false);
    FactSet several = assembler.assemble(List.of(s), true);

    assertFalse(one.unknownCells().isEmpty(), "the data has unknown cells");
    if (platform == Platform.CONNECTWISE) {
      assertFalse(one.customizes().isEmpty(), "the data has Customize lists");
    }
    assertEquals(one.principals(), several.principals());
    assertEquals(one.assignments(), several.assignments());
    assertEquals(one.unknownCells(), several.unknownCells());
    assertEquals(one.customizes(), several.customizes());
    assertEquals(one.grants().size(), several.grants().size());
    for (int i = 0; i < one.grants().size(); i++) {
      assertEquals(one.grants().get(i), several.grants().get(i), "grant #" + i);
    }
  }

  private static Snapshot snapshot(
      PermissionCatalog catalog, BaselineSet set, Platform platform, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Cell> cells = catalog.cells(platform);
    List<Baseline> baselines = set.all().stream().filter(b -> b.platform() == platform).toList();
    String[] levels = TestSnapshots.levelWords(platform);
    List<SnapshotPrincipal> principals = new ArrayList<>();
    for (int p = 0; p < 1_500; p++) {
      List<String> integrations = TestSnapshots.integrations(baselines, p);
      List<PermissionRow> rows = new ArrayList<>();
      for (int r = 0; r < 30; r++) {
        Cell c = cells.get(rnd.nextInt(cells.size()));
        String module = r == 29 && p % 4 == 0 ? "Unheard Of" : c.module();
        String function = r == 29 && p % 4 == 0 ? "Function " + (p % 7) : c.function();
        String[] raw = new String[4];
        for (int v = 0; v < 4; v++) {
          raw[v] = levels[rnd.nextInt(levels.length)];
        }
        PermissionRow row = new PermissionRow(module, function, raw[0], raw[1], raw[2], raw[3], 0);
        rows.add(r % 6 == 0 ? row.withCustomize(CustomizeList.of(List.of("Managed Server"))) : row);
      }
      principals.add(TestSnapshots.member("u" + p, p, p % 31 == 0, integrations, rows));
    }
    return TestSnapshots.of(platform, platform.id() + ".example", principals);
  }
}
