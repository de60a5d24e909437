package dev.psapolicy.waiver;

import dev.psapolicy.input.Glob;
import dev.psapolicy.report.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a waiver applies: any subset of platform, instance, principal id, module, function and
 * verb, each a glob; an absent field matches anything. As narrow as one grant cell. A field that is
 * set never matches a violation that lacks it (a cell-level scope never covers a principal-level
 * finding such as {@code PSA-ADMIN-API-USER}).
 *
 * @param platform connectwise or autotask
 * @param instance PSA instance
 * @param principal PSA id of the API user
 * @param module module (Autotask: security-level section)
 * @param function function (Autotask: entity)
 * @param verb add, edit, delete or inquire
 */
public record Scope(
    Glob platform, Glob instance, Glob principal, Glob module, Glob function, Glob verb) {

  /** The scope keys, in the order of the record. */
  public static final List<String> KEYS =
      List.of("platform", "instance", "principal", "module", "function", "verb");

  /** Every value {@code platform} can have. */
  public static final List<String> PLATFORMS = List.of("connectwise", "autotask");

  /** Every value {@code verb} can have. */
  public static final List<String> VERBS = List.of("add", "edit", "delete", "inquire");

  /** True when every field that is set matches the violation. */
  public boolean matches(Violation v) {
    return covers(platform, v.platform())
        && covers(instance, v.instance())
        && covers(principal, v.principalId())
        && covers(module, v.module())
        && covers(function, v.function())
        && covers(verb, v.verb());
  }

  private static boolean covers(Glob g, String value) {
    return g == null || g.matches(value);
  }

  /** True when no field is set. */
  public boolean isEmpty() {
    return platform == null
        && instance == null
        && principal == null
        && module == null
        && function == null
        && verb == null;
  }

  /**
   * True when the scope narrows nothing: every field is absent or a glob that matches every value
   * the field can have ({@code *}, {@code **}, {@code ?*}, or for platform and verb a glob such as
   * {@code [ac]*} that matches each of their words). Such a waiver is a blanket bypass, not an
   * exception, and {@link WaiverJudge} holds it invalid.
   */
  public boolean coversEverything() {
    return open(instance)
        && open(principal)
        && open(module)
        && open(function)
        && closed(platform, PLATFORMS)
        && closed(verb, VERBS);
  }

  /** An open field (any text): absent, or only {@code *} and at most one {@code ?}, with a star. */
  private static boolean open(Glob g) {
    if (g == null) {
      return true;
    }
    String t = g.text();
    String rest = t.replace("*", "");
    return rest.length() < t.length() && (rest.isEmpty() || rest.equals("?"));
  }

  /** A field of a closed vocabulary: absent, or a glob that matches each of its words. */
  private static boolean closed(Glob g, List<String> vocabulary) {
    return g == null || open(g) || vocabulary.stream().allMatch(g::matches);
  }

  /** "platform=connectwise principal=187 verb=delete", for messages. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    Glob[] all = {platform, instance, principal, module, function, verb};
    for (int i = 0; i < all.length; i++) {
      if (all[i] != null) {
        parts.add(KEYS.get(i) + "=" + all[i].text());
      }
    }
    return parts.isEmpty() ? "everything" : String.join(" ", parts);
  }
}
