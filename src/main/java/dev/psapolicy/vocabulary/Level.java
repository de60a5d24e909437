package dev.psapolicy.vocabulary;

import java.util.Locale;

/**
 * The permission lattice {@code None < My < All}. ConnectWise uses these words; Autotask's {@code
 * Mine} and {@code Restricted} (REST {@code userAccessFor*} value 2) sit on {@code My}. Compare
 * levels with {@link #rank()} or the helpers here, never by their text.
 */
public enum Level {
  NONE(0, "None"),
  MY(1, "My"),
  ALL(2, "All");

  private final int rank;
  private final String label;

  Level(int rank, String label) {
    this.rank = rank;
    this.label = label;
  }

  /** 0 for None, 1 for My, 2 for All. */
  public int rank() {
    return rank;
  }

  /** The canonical label: None, My or All. */
  public String label() {
    return label;
  }

  /**
   * The level as the platform names it: ConnectWise None / My / All, Autotask None / Restricted /
   * All (the REST API's word for value 2). The one place the platform's level words are chosen.
   */
  public String word(Platform platform) {
    return platform == Platform.AUTOTASK && this == MY ? "Restricted" : label;
  }

  /** {@link #word(Platform)} for a platform id ({@code connectwise}, {@code autotask}). */
  public String word(String platform) {
    return word(Platform.parse(platform));
  }

  /**
   * A canonical label (None, My, All) as the platform names it; the text itself when it is not a
   * canonical label, null for null.
   */
  public static String word(String platform, String label) {
    Level l = parseConnectWise(label);
    return l == null ? label : l.word(platform);
  }

  /** True when this level grants more than {@code other}. */
  public boolean exceeds(Level other) {
    return rank > other.rank;
  }

  /** Lattice steps from {@code other} up to this level (negative when below). */
  public int stepsAbove(Level other) {
    return rank - other.rank;
  }

  /** The larger of two levels (the lattice join). */
  public static Level max(Level a, Level b) {
    return a.rank >= b.rank ? a : b;
  }

  /** Parses a ConnectWise level: None, My or All (any case); null when not one of them. */
  public static Level parseConnectWise(String s) {
    if (s == null) {
      return null;
    }
    // the PSA's own spelling first: no copy, and the hash of a shared string is computed once
    switch (s) {
      case "None":
        return NONE;
      case "My":
        return MY;
      case "All":
        return ALL;
      default:
        break;
    }
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "none" -> NONE;
      case "my" -> MY;
      case "all" -> ALL;
      default -> null;
    };
  }

  /**
   * Parses an Autotask level as the REST API reports it ({@code None}, {@code All}, {@code
   * Restricted}, or the numbers 0 = None, 1 = All, 2 = Restricted) or as the security-level screen
   * writes it ({@code Mine}, {@code Yes}, {@code No}); null when not one of them.
   */
  public static Level parseAutotask(String s) {
    if (s == null) {
      return null;
    }
    switch (s) {
      case "None":
        return NONE;
      case "All":
        return ALL;
      case "Restricted":
        return MY;
      default:
        break;
    }
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "none", "no", "0" -> NONE;
      case "restricted", "mine", "my", "2" -> MY;
      case "all", "yes", "1" -> ALL;
      default -> null;
    };
  }

  /** Parses a level in the vocabulary of the given platform. */
  public static Level parse(Platform platform, String s) {
    return platform == Platform.AUTOTASK ? parseAutotask(s) : parseConnectWise(s);
  }
}
