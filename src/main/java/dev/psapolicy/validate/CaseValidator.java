package dev.psapolicy.validate;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.ruletest.CaseLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Rule test cases: {@code expected.yaml} with its case folder (snapshot, baselines, rule ids known
 * to the built-in rules or the rule files of the same run).
 */
final class CaseValidator implements FileValidator {
  private final List<Baseline> builtInBaselines;

  CaseValidator(List<Baseline> builtInBaselines) {
    this.builtInBaselines = List.copyOf(builtInBaselines);
  }

  @Override
  public String kind() {
    return "test case";
  }

  @Override
  public boolean accepts(Path file, Node root) {
    return CaseLoader.EXPECTED.equals(file.getFileName().toString());
  }

  @Override
  public void validate(List<Target> files, Validation v) {
    CaseLoader loader = new CaseLoader(v.catalog(), builtInBaselines, v.ruleIds());
    for (Target t : files) {
      String display = t.display();
      String folder =
          display.endsWith("/" + CaseLoader.EXPECTED)
              ? display.substring(0, display.length() - CaseLoader.EXPECTED.length() - 1)
              : ".";
      try {
        loader.load(t.path().toAbsolutePath().getParent(), folder);
      } catch (InvalidInputException e) {
        v.addAll(e.problems());
      }
    }
    v.count("test case", files.size());
  }
}
