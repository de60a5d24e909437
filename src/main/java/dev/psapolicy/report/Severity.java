package dev.psapolicy.report;

import java.util.Locale;

/**
 * How bad a violation is. External names and SARIF levels are explicit; never rely on ordinals
 * outside this enum.
 */
public enum Severity {
  CRITICAL("critical", "error", 4),
  HIGH("high", "error", 3),
  MEDIUM("medium", "warning", 2),
  LOW("low", "note", 1),
  INFO("info", "note", 0);

  private final String id;
  private final String sarifLevel;
  private final int weight;

  Severity(String id, String sarifLevel, int weight) {
    this.id = id;
    this.sarifLevel = sarifLevel;
    this.weight = weight;
  }

  /** The external name: critical, high, medium, low, info. */
  public String id() {
    return id;
  }

  /** The SARIF {@code level} this severity maps to. */
  public String sarifLevel() {
    return sarifLevel;
  }

  /** True when this severity is at or above the threshold. */
  public boolean atLeast(Severity threshold) {
    return weight >= threshold.weight;
  }

  /** Sort key: most severe first. */
  public int weight() {
    return weight;
  }

  /** Parses an external name (any case); null when unknown. */
  public static Severity parse(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip().toLowerCase(Locale.ROOT);
    for (Severity v : values()) {
      if (v.id.equals(t)) {
        return v;
      }
    }
    return null;
  }

  /** "critical|high|medium|low|info", for messages. */
  public static String names() {
    return "critical, high, medium, low, info";
  }
}
