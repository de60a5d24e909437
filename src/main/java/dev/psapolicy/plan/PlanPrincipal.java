package dev.psapolicy.plan;

/**
 * An API user as a plan names it.
 *
 * @param id the PSA's id of the member or resource
 * @param name its display name, or null
 * @param key {@code platform:instance:id}, the key facts and reports join on
 */
public record PlanPrincipal(String id, String name, String key) {
  /** name (id), or the id alone. */
  public String display() {
    return name == null || name.isBlank() ? id : name + " (" + id + ")";
  }
}
