package dev.psapolicy.ruletest;

import dev.psapolicy.input.Bundled;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The files {@code rules new} writes: a rule with its metadata and a positive and a negative case
 * that pass as written, so that an author starts from green and changes one thing at a time.
 */
public final class Scaffold {
  /** Rule ids: upper-case words of letters and digits joined by dashes. */
  public static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9]*(-[A-Z0-9]+)*");

  private static final String TEMPLATES = "dev/psapolicy/scaffold/";
  private static final List<String> CASE_FILES =
      List.of("expected.yaml", "snapshot.yaml", "baseline.yaml");

  private Scaffold() {}

  /** The rule file name for an id: lower case, {@code .drl}. */
  public static String ruleFile(String id) {
    return id.toLowerCase(Locale.ROOT) + ".drl";
  }

  /**
   * The scaffolded rule's title: the words of its id in sentence case ({@code ACME-NO-MEMBER-EDIT}
   * becomes "Acme no member edit"), so that the title names the rule the author asked for until
   * they write a better one.
   */
  public static String title(String id) {
    String words = id.toLowerCase(Locale.ROOT).replace('-', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /**
   * The files to write, by path relative to the rules folder, in writing order.
   *
   * @param id the rule id
   * @param rulesDir the rules folder as the user named it (quoted in comments)
   * @param today the date of the example baselines' {@code retrieved}
   */
  public static Map<String, String> files(String id, String rulesDir, LocalDate today) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(ruleFile(id), fill("rule.drl.tmpl", id, rulesDir, today));
    for (String kind : List.of("positive", "negative")) {
      for (String f : CASE_FILES) {
        out.put(
            "cases/" + id + "/" + kind + "/" + f,
            fill(kind + "/" + f + ".tmpl", id, rulesDir, today));
      }
    }
    return out;
  }

  private static String fill(String template, String id, String dir, LocalDate today) {
    byte[] bytes = Bundled.read(TEMPLATES + template);
    if (bytes == null) {
      throw new IllegalStateException("scaffold template missing: " + template);
    }
    return new String(bytes, StandardCharsets.UTF_8)
        .replace("@@TITLE@@", title(id))
        .replace("@@ID@@", id)
        .replace("@@DIR@@", dir)
        .replace("@@TODAY@@", today.toString());
  }
}
