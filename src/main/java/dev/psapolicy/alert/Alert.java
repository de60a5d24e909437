package dev.psapolicy.alert;

import dev.psapolicy.report.Severity;
import java.util.List;
import java.util.Objects;

/**
 * One thing to tell people about one run.
 *
 * @param kind what happened
 * @param instance the instance the run was for (the serve config's name)
 * @param severity how bad: the violation's severity; for a widened grant the most severe open
 *     violation on that grant (info when no rule objects to it); high for a run that failed closed;
 *     for an expiring waiver the most severe violation it waives (info when it waives none)
 * @param key the dedupe key, stable across runs ({@link #key()} documents the forms)
 * @param title one line
 * @param details further lines, in order
 * @param runId the run it comes from
 * @param link where to read more (the run's HTML report), or null
 */
public record Alert(
    Kind kind,
    String instance,
    Severity severity,
    String key,
    String title,
    List<String> details,
    String runId,
    String link) {

  /** What an alert is about. Its {@link #id()} is the external name in every payload. */
  public enum Kind {
    /** An open violation at or above the threshold. Key {@code violation:<fingerprint>}. */
    NEW_VIOLATION("new-violation"),
    /**
     * A grant wider than in the previous run, or an API user that was not there, as {@code diff}
     * computes it. Key {@code widened:<platform:instance:id>:<module / function / verb>:<level>} or
     * {@code added:<platform:instance:id>}.
     */
    WIDENED("widened"),
    /** The run's data was incomplete: it proves nothing. Key {@code fail-closed}. */
    FAIL_CLOSED("fail-closed"),
    /** A valid waiver that stops waiving soon. Key {@code waiver-expiring:<id>:<expires>}. */
    WAIVER_EXPIRING("waiver-expiring");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    /** The external name. */
    public String id() {
      return id;
    }
  }

  public Alert {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(runId, "runId");
    details = List.copyOf(details);
  }
}
