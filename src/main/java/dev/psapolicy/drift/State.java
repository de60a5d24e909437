package dev.psapolicy.drift;

import java.util.Map;

/**
 * What one side of a diff knows: principals always; grants when it holds snapshots; violations when
 * it holds results. Keys are stable identities, never display names.
 *
 * @param label what was read, for people ("snapshot acme.json", "results of run X", ...)
 * @param principals by key {@code platform:instance:id}
 * @param grants by principal key, then {@code module / function / verb}; null when unknown
 * @param violations by fingerprint; null when unknown
 */
public record State(
    String label,
    Map<String, Principal> principals,
    Map<String, Map<String, GrantLevel>> grants,
    Map<String, Finding> violations) {

  /**
   * A principal.
   *
   * @param platform platform
   * @param instance instance
   * @param id PSA id
   * @param name display name
   * @param role role
   */
  public record Principal(String platform, String instance, String id, String name, String role) {
    /** The identity. */
    public String key() {
      return platform + ":" + instance + ":" + id;
    }
  }

  /**
   * One grant cell and verb with its level on the lattice.
   *
   * @param module module
   * @param function function
   * @param verb add/edit/delete/inquire
   * @param level None/My/All
   * @param rank 0/1/2
   */
  public record GrantLevel(String module, String function, String verb, String level, int rank) {
    String key() {
      return module + " / " + function + " / " + verb;
    }
  }

  /**
   * A violation as a results file reports it.
   *
   * @param fingerprint stable identity
   * @param ruleId rule
   * @param severity severity id
   * @param severityWeight severity rank (critical highest)
   * @param status open/waived/accepted
   * @param principalKey whose
   * @param principalName display name
   * @param cell "module / function verb" or null
   * @param actual granted level or null
   * @param message the message
   */
  public record Finding(
      String fingerprint,
      String ruleId,
      String severity,
      int severityWeight,
      String status,
      String principalKey,
      String principalName,
      String cell,
      String actual,
      String message) {}
}
