package dev.psapolicy.plan;

import dev.psapolicy.vocabulary.Platform;
import java.util.Locale;
import java.util.regex.Pattern;

/** How plans name things in the platform's words: the one place the renderers and steps share. */
final class Words {
  private Words() {}

  /** security role (ConnectWise) or security level (Autotask). */
  static String roleNoun(Platform p) {
    return p == Platform.AUTOTASK ? "security level" : "security role";
  }

  /**
   * A setting as the admin screen shows it: ConnectWise {@code Module > Function}, Autotask {@code
   * Section > setting}, with the REST entity after the setting when the setting does not name it.
   */
  static String where(Platform p, String module, String function, String setting) {
    if (p != Platform.AUTOTASK || setting == null) {
      return module + " > " + function;
    }
    String named = setting.substring(setting.lastIndexOf(':') + 1);
    named = TRAILING_PARENTHESIS.matcher(named).replaceAll("");
    return module
        + " > "
        + setting
        + (flat(named).equals(flat(function)) ? "" : " (" + function + ")");
  }

  private static final Pattern TRAILING_PARENTHESIS = Pattern.compile("\\s*\\([^)]*\\)\\s*$");

  private static String flat(String s) {
    return s.replace(" ", "").strip().toLowerCase(Locale.ROOT);
  }

  /** What an action is about, with a leading space: the API user, else the role. */
  static String subject(Action a) {
    if (a.principal() != null) {
      return " " + a.principal().display();
    }
    return a.role() == null ? "" : " " + a.role().display();
  }
}
