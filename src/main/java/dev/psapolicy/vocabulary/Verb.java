package dev.psapolicy.vocabulary;

import java.util.Locale;

/**
 * The four permission verbs. ConnectWise names them Add / Edit / Delete / Inquire; Autotask's
 * create / update / delete / query (and the UI's Add / Edit / Delete / View) map onto them.
 */
public enum Verb {
  ADD("add", "Add", "create"),
  EDIT("edit", "Edit", "update"),
  DELETE("delete", "Delete", "delete"),
  INQUIRE("inquire", "Inquire", "query");

  private final String id;
  private final String label;
  private final String autotask;

  Verb(String id, String label, String autotask) {
    this.id = id;
    this.label = label;
    this.autotask = autotask;
  }

  /**
   * The verb as the platform names it in a sentence: ConnectWise Add / Edit / Delete / Inquire (the
   * security-role screen), Autotask create / update / delete / query (the REST {@code
   * userAccessFor*} names). The one place the platform's verb words are chosen.
   */
  public String word(Platform platform) {
    return platform == Platform.AUTOTASK ? autotask : label;
  }

  /**
   * The verb as a lower-case name in the platform's words (ConnectWise add, edit, delete, inquire;
   * Autotask create, update, delete, query), for cell labels in outputs.
   */
  public String id(Platform platform) {
    return platform == Platform.AUTOTASK ? autotask : id;
  }

  /** {@link #word(Platform)} for a platform id ({@code connectwise}, {@code autotask}). */
  public String word(String platform) {
    return word(Platform.parse(platform));
  }

  /** The external name: add, edit, delete, inquire. */
  public String id() {
    return id;
  }

  /** The label as the ConnectWise security-role screen shows it. */
  public String label() {
    return label;
  }

  /**
   * A verb's external name (add, edit, delete, inquire) as the platform names it; the text itself
   * when it is not a verb name, null for null.
   */
  public static String id(String platform, String verbId) {
    Verb v = verbId == null ? null : parse(verbId);
    return v == null ? verbId : v.id(Platform.parse(platform));
  }

  /** Parses an external name or an Autotask synonym; null when unknown. */
  public static Verb parse(String s) {
    if (s == null) {
      return null;
    }
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "add", "create" -> ADD;
      case "edit", "update" -> EDIT;
      case "delete" -> DELETE;
      case "inquire", "query", "view" -> INQUIRE;
      default -> null;
    };
  }
}
