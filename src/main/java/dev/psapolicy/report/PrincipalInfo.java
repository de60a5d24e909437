package dev.psapolicy.report;

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
 */
public record PrincipalInfo(String platform, String instance, String id, String name, String role,
    List<String> baselines, List<GrantInfo> grants) {
  public PrincipalInfo {
    baselines = List.copyOf(baselines);
    grants = List.copyOf(grants);
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
