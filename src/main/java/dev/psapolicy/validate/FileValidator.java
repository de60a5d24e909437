package dev.psapolicy.validate;

import dev.psapolicy.input.Node;
import java.nio.file.Path;
import java.util.List;

/**
 * Validates one kind of psa-policy file. {@code validate} finds the files, asks each registered
 * validator in turn whether a file is of its kind, then hands each validator all of its files at
 * once (so that cross-file checks, such as a rule id used twice, see every file). Register new
 * kinds in {@link Validators#standard()}.
 */
public interface FileValidator {
  /** The kind, singular, for messages and the summary: "rule file", "baseline", ... */
  String kind();

  /**
   * Whether a file is of this kind, by its name or by the top-level keys of its content.
   *
   * @param file the file
   * @param root the parsed YAML/JSON content, or null for a file that is neither (e.g. DRL)
   */
  boolean accepts(Path file, Node root);

  /**
   * Validates every file of this kind; adds each problem to {@code validation}. Validators run in
   * registration order, so a later kind may use what an earlier one learned (rule ids, baseline
   * ids).
   */
  void validate(List<Target> files, Validation validation);

  /**
   * One file to validate.
   *
   * @param path where it is
   * @param display how messages name it (as the user gave it)
   * @param root parsed YAML/JSON content, or null
   */
  record Target(Path path, String display, Node root) {}
}
