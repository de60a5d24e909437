package dev.psapolicy.validate;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import java.nio.file.Path;
import java.util.List;

/** Baseline YAML files: a mapping with {@code rows}. */
final class BaselineValidator implements FileValidator {
  @Override
  public String kind() {
    return "baseline";
  }

  @Override
  public boolean accepts(Path file, Node root) {
    return root != null
        && root.isMap()
        && root.get("rows") != null
        && root.get("principals") == null;
  }

  @Override
  public void validate(List<Target> files, Validation v) {
    BaselineLoader loader = new BaselineLoader(v.catalog());
    for (Target t : files) {
      try {
        Baseline b = loader.load(t.path(), t.display());
        v.addBaseline(b);
      } catch (InvalidInputException e) {
        v.addAll(e.problems());
      }
    }
    v.count("baseline", files.size());
  }
}
