package dev.psapolicy.validate;

import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.engine.BaselineAssigner;
import dev.psapolicy.engine.FactAssembler;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.ruletest.CaseLoader;
import dev.psapolicy.source.snapshot.SnapshotReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Snapshot files: a mapping with {@code principals} or {@code formatVersion}. Besides the format,
 * the baselines principals name must exist (built-in, or a baseline file validated in the same run)
 * and be of the snapshot's platform.
 */
final class SnapshotValidator implements FileValidator {
  @Override
  public String kind() {
    return "snapshot";
  }

  @Override
  public boolean accepts(Path file, Node root) {
    return root != null
        && root.isMap()
        && (root.get("principals") != null
            || (root.get("formatVersion") != null
                && !GateFileValidators.Config.isConfig(file, root)));
  }

  @Override
  public void validate(List<Target> files, Validation v) {
    BaselineSet set;
    try {
      set = BaselineSet.of(v.baselines().values());
    } catch (InvalidInputException e) {
      v.addAll(e.problems());
      return;
    }
    for (Target t : files) {
      try {
        Snapshot s = SnapshotReader.read(t.path(), t.display());
        if (inCase(t.path())) {
          continue;
        }
        new FactAssembler(v.catalog(), set, BaselineAssigner.defaults(set, List.of()))
            .assemble(List.of(s));
      } catch (InvalidInputException e) {
        v.addAll(e.problems());
      }
    }
    v.count("snapshot", files.size());
  }

  /**
   * Whether a snapshot is a rule case's: its folder holds {@code expected.yaml}. Its baselines are
   * the case's (which may live outside the case folder), so the case's validator judges them, as
   * {@code test} does; judged here alone, a case baseline would read as unknown.
   */
  private static boolean inCase(Path snapshot) {
    Path folder = snapshot.toAbsolutePath().getParent();
    return folder != null && Files.isRegularFile(folder.resolve(CaseLoader.EXPECTED));
  }
}
