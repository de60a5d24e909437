package dev.psapolicy.bench;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineRow;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.Origin;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic ConnectWise snapshots: each principal holds 25 role rows (100 grants)
 * drawn from the catalog, around one baseline, with a seeded share of widened and narrowed cells.
 */
final class BenchData {
  private BenchData() {}

  static final String[] LEVELS = {"None", "My", "All"};

  /** A snapshot of {@code principals} principals x 100 grants, seeded. */
  static Snapshot snapshot(String instance, int principals, Baseline baseline, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Cell> cells = PermissionCatalog.builtIn().cells(Platform.CONNECTWISE);
    List<SnapshotPrincipal> out = new ArrayList<>(principals);
    for (int p = 0; p < principals; p++) {
      List<PermissionRow> rows = new ArrayList<>(25);
      List<Cell> chosen = new ArrayList<>();
      for (BaselineRow r : baseline.rows()) {
        chosen.add(r.cell());
      }
      while (chosen.size() < 25) {
        Cell c = cells.get(rnd.nextInt(cells.size()));
        if (!chosen.contains(c)) {
          chosen.add(c);
        }
      }
      for (Cell c : chosen.subList(0, 25)) {
        String[] raw = new String[4];
        for (Verb v : Verb.values()) {
          Level allowed = baseline.allowed(c, v);
          int rank = allowed.rank();
          int dice = rnd.nextInt(100);
          if (dice < 8) {
            rank = Math.min(2, rank + 1);
          } else if (dice < 12) {
            rank = Math.max(0, rank - 1);
          }
          raw[v.ordinal()] = LEVELS[rank];
        }
        rows.add(new PermissionRow(c.module(), c.function(), raw[0], raw[1], raw[2], raw[3], 0));
      }
      out.add(
          new SnapshotPrincipal(
              Integer.toString(1000 + p),
              "Bench " + p,
              "api-member",
              "Bench Role " + (p % 7),
              p % 50 == 0,
              false,
              List.of(baseline.id()),
              rows,
              0));
    }
    return new Snapshot(
        1,
        Platform.CONNECTWISE,
        instance,
        null,
        true,
        List.of(),
        null,
        out,
        InputFile.of(InputKind.SNAPSHOT, Origin.GENERATED, "bench-" + instance, null, new byte[0]));
  }
}
