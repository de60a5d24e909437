package dev.psapolicy.ruleset;

import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.Origin;

/**
 * The text of one DRL file.
 *
 * @param input the file, with the bytes the text was decoded from
 * @param drl the DRL text
 */
public record RuleSource(InputFile input, String drl) {

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
