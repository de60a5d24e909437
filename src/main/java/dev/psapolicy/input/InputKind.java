package dev.psapolicy.input;

import java.util.Locale;

/** What an input file is. Its {@link #id()} is the name run metadata and every output use. */
public enum InputKind {
  /** Permission facts of one PSA instance. */
  SNAPSHOT("snapshot"),
  /** One raw PSA response of a fetch made by the run (redacted). */
  RESPONSE("response"),
  /** A DRL rule file. */
  RULES("rules"),
  /** A vendor baseline. */
  BASELINE("baseline"),
  /** A permission catalog (PSA vocabulary). */
  CATALOG("catalog"),
  /** A waivers file. */
  WAIVERS("waivers"),
  /** An accepted-findings file. */
  ACCEPTED("accepted"),
  /** The policy config. */
  CONFIG("config"),
  /** A remediation plan written by {@code plan --format json}. */
  PLAN("plan");

  private final String id;

  InputKind(String id) {
    this.id = id;
  }

  /**
   * The external name: snapshot, response, rules, baseline, catalog, waivers, accepted, config,
   * plan.
   */
  public String id() {
    return id;
  }

  /** The kind of an external name (any case), or null. */
  public static InputKind parse(String id) {
    if (id == null) {
      return null;
    }
    String t = id.strip().toLowerCase(Locale.ROOT);
    for (InputKind k : values()) {
      if (k.id.equals(t)) {
        return k;
      }
    }
    return null;
  }
}
