package dev.psapolicy.service.history;

import java.util.Locale;

/** How a scheduled run ended, as the history records it. */
public enum RunStatus {
  /** The gate passed. */
  PASSED,
  /** Open violations at or above the threshold. */
  FAILED,
  /** The data was incomplete (fail closed): the gate said so, or the fetch failed (exit 4). */
  INCOMPLETE,
  /** The run could not finish: fetch, credentials, rules, evidence or the database. */
  ERROR,
  /** Not run: the instance's previous run was still going. */
  SKIPPED,
  /** Stopped by shutdown before it finished. */
  ABANDONED;

  /** The word stored and shown ({@code passed}, ...). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status of a word, or null. */
  public static RunStatus parse(String s) {
    for (RunStatus r : values()) {
      if (r.id().equals(s)) {
        return r;
      }
    }
    return null;
  }
}
