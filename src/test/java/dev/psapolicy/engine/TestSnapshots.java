package dev.psapolicy.engine;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.vocabulary.Platform;
import java.util.List;

/** The generated snapshots of the engine's equivalence tests, built the one way. */
final class TestSnapshots {
  private TestSnapshots() {}

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
