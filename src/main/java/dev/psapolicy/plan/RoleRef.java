package dev.psapolicy.plan;

/**
 * A security role (ConnectWise) or security level (Autotask) by id and name.
 *
 * @param roleId the PSA's id of it, or null when the snapshot did not say
 * @param role its name
 */
public record RoleRef(String roleId, String role) {
  /** The same role: the same id when both have one, else the same name (any case). */
  public boolean sameAs(RoleRef other) {
    if (other == null) {
      return false;
    }
    if (roleId != null && other.roleId != null) {
      return roleId.equals(other.roleId);
    }
    return role.equalsIgnoreCase(other.role);
  }

  /** 'name' (id), or 'name' alone. */
  public String display() {
    return "'" + role + "'" + (roleId == null ? "" : " (id " + roleId + ")");
  }
}
