package dev.psapolicy.vocabulary;

import java.util.Locale;

/** The PSA products psa-policy reads. */
public enum Platform {
  CONNECTWISE("connectwise", "ConnectWise PSA"),
  AUTOTASK("autotask", "Autotask PSA");

  private final String id;
  private final String label;

  Platform(String id, String label) {
    this.id = id;
    this.label = label;
  }

  /** The external name used in files, facts and outputs. */
  public String id() {
    return id;
  }

  public String label() {
    return label;
  }

  /** The platforms, once: {@code values()} copies its array on every call. */
  private static final Platform[] ALL = values();

  /** Parses an external name; null when unknown. */
  public static Platform parse(String s) {
    if (s == null) {
      return null;
    }
    for (Platform p : ALL) {
      if (p.id.equals(s)) { // the id itself, as every fact carries it: no copy to compare
        return p;
      }
    }
    String t = s.strip().toLowerCase(Locale.ROOT);
    for (Platform p : ALL) {
      if (p.id.equals(t)) {
        return p;
      }
    }
    return null;
  }
}
