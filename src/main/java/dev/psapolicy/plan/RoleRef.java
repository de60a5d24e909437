package dev.psapolicy.plan;

/**
 * A security role (ConnectWise) or security level (Autotask) by id and name.
 *
 * @param roleId the PSA's id of it, or null when the snapshot did not say
 * @param role its name
 */
public record RoleRef(String roleId, String role) {
  /** 'name' (id), or 'name' alone. */
  public String display() {
    return "'" + role + "'" + (roleId == null ? "" : " (id " + roleId + ")");
  }
}
