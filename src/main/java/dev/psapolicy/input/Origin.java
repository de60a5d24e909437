package dev.psapolicy.input;

/** Where an input came from. A display prefix ({@code builtin:}, {@code demo:}) is made from it. */
public enum Origin {
  /** Bundled in the jar (built-in rules, baselines, catalog); its path is below the jar's root. */
  BUILT_IN("builtin:"),
  /** A user's file; its path is as the user named it. */
  FILE(""),
  /** Made by {@code --demo}: bundled seed data or a fetch from the built-in simulators. */
  DEMO("demo:"),
  /** Fetched from a PSA by this run. */
  FETCH(""),
  /** Made by psa-policy itself for an analysis (the strict baselines of coverage probes). */
  GENERATED("probe:");

  private final String prefix;

  Origin(String prefix) {
    this.prefix = prefix;
  }

  /** The prefix of a display name of this origin ("builtin:", "demo:", "" for files). */
  public String prefix() {
    return prefix;
  }
}
