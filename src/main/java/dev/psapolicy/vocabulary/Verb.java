package dev.psapolicy.vocabulary;

import java.util.Locale;

/**
 * The four permission verbs. ConnectWise names them Add / Edit / Delete / Inquire; Autotask's
 * create / update / delete / query (and the UI's Add / Edit / Delete / View) map onto them.
 */
public enum Verb {
  ADD("add", "Add"),
  EDIT("edit", "Edit"),
  DELETE("delete", "Delete"),
  INQUIRE("inquire", "Inquire");

  private final String id;
  private final String label;

  Verb(String id, String label) {
    this.id = id;
    this.label = label;
  }

  /** The external name: add, edit, delete, inquire. */
  public String id() {
    return id;
  }

  /** The label as the ConnectWise security-role screen shows it. */
  public String label() {
    return label;
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
