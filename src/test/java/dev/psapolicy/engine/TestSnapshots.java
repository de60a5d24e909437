package dev.psapolicy.engine;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.vocabulary.Platform;
import java.util.ArrayList;
import java.util.List;

/** The generated snapshots of the engine's equivalence tests, built the one way. */
final class TestSnapshots {
  private TestSnapshots() {}

  /** The level words of a platform's snapshots, from None up. */
  static String[] levelWords(Platform platform) {
    return platform == Platform.AUTOTASK
        ? new String[] {"None", "Restricted", "All"}
        : new String[] {"None", "My", "All"};
  }

  /**
   * The baselines principal {@code n} declares: none for every 11th, two for every 4th, else one.
   */
  static List<String> integrations(List<Baseline> baselines, int n) {
    List<String> ids = new ArrayList<>();
    if (n % 11 != 0) {
      ids.add(baselines.get(n % baselines.size()).id());
      if (n % 4 == 0) {
        ids.add(baselines.get((n * 7 + 1) % baselines.size()).id());
      }
    }
    return ids;
  }

  /** An API member {@code id}, named and with a role after its number {@code n}. */
  static SnapshotPrincipal member(
      String id, int n, boolean admin, List<String> integrations, List<PermissionRow> rows) {
    return new SnapshotPrincipal(
        id, "User " + n, "api-member", "Role " + n, admin, false, integrations, rows, 0);
  }

  /** A complete snapshot of the principals, as if read from a file called {@code test}. */
  static Snapshot of(Platform platform, String instance, List<SnapshotPrincipal> principals) {
    return new Snapshot(
        1,
        platform,
        instance,
        null,
        true,
        List.of(),
        null,
        principals,
        InputFile.file(InputKind.SNAPSHOT, "test", new byte[0]));
  }
}
