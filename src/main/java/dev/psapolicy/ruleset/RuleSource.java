package dev.psapolicy.ruleset;

import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.Origin;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of one DRL file.
 *
 * @param input the file, with the bytes the text was decoded from
 * @param drl the DRL text
 */
public record RuleSource(InputFile input, String drl) {

  /** The import that puts the vocabulary (Platform, Verb, Level, Cell) in scope of every rule. */
  static final String VOCABULARY_IMPORT = "import dev.psapolicy.vocabulary.*;";

  private static final Pattern PACKAGE_DECL =
      Pattern.compile("^[ \\t]*package[ \\t]+[\\w.]+[ \\t]*;?", Pattern.MULTILINE);

  /**
   * A user's DRL file: its decoded text, with the vocabulary imported implicitly (on the package
   * line, so every line and column a message names stays where the author wrote it).
   */
  public static RuleSource ofUserFile(InputFile input, String text) {
    if (text.contains(VOCABULARY_IMPORT)) {
      return new RuleSource(input, text);
    }
    Matcher m = PACKAGE_DECL.matcher(text);
    String drl =
        m.find()
            ? text.substring(0, m.end())
                + (text.charAt(m.end() - 1) == ';' ? " " : "; ")
                + VOCABULARY_IMPORT
                + text.substring(m.end())
            : VOCABULARY_IMPORT + " " + text;
    return new RuleSource(input, drl);
  }

  /** Where it was read from, for messages ({@code builtin:rules/x.drl}, a path as given). */
  public String file() {
    return input.location();
  }

  /** Hash of its bytes. */
  public String sha256() {
    return input.sha256();
  }

  /** Whether it ships with psa-policy. */
  public boolean builtIn() {
    return input.origin() == Origin.BUILT_IN;
  }
}
