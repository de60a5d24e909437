package dev.psapolicy.report;

import dev.psapolicy.input.InputRef;
import java.util.List;

/**
 * An API user covered by a run, as reports show it.
 *
 * @param platform connectwise or autotask
 * @param instance PSA instance
 * @param id PSA id
 * @param name display name
 * @param role security role / level name
 * @param baselines baseline ids assigned
 * @param grants the user's grants
 * @param source the snapshot it was read from; null when unknown
 * @param line the line of the principal in that snapshot (0 when unknown or fetched)
 */
public record PrincipalInfo(
    String platform,
    String instance,
    String id,
    String name,
    String role,
    List<String> baselines,
    List<GrantInfo> grants,
    InputRef source,
    int line) {
  public PrincipalInfo {
    baselines = List.copyOf(baselines);
    grants = List.copyOf(grants);
  }

  /** A principal whose snapshot is not known. */
  public PrincipalInfo(
      String platform,
      String instance,
      String id,
      String name,
      String role,
      List<String> baselines,
      List<GrantInfo> grants) {
    this(platform, instance, id, name, role, baselines, grants, null, 0);
  }

  /**
   * One grant row as reported.
   *
   * @param module module
   * @param function function
   * @param verb verb id
   * @param level None/My/All
   */
  public record GrantInfo(String module, String function, String verb, String level) {}
}
