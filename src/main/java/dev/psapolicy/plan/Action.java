package dev.psapolicy.plan;

import java.util.Arrays;
import java.util.List;

/**
 * One step of a plan. Automated actions (ConnectWise only: {@link Kind#REASSIGN}, {@link
 * Kind#DEACTIVATE}) are what {@code apply} may perform through the PSA's API; every other action is
 * a manual step for an admin, and the next {@code check} verifies it.
 *
 * @param id {@code A1, A2, ...} for automated, {@code M1, M2, ...} for manual actions
 * @param kind what the action does
 * @param automated true when {@code apply} performs it
 * @param optIn the option {@code apply} needs to perform it ({@code --deactivate-unused}), or null
 * @param principal the API user it is about, or null for a role edit
 * @param role the role it edits or creates, or null
 * @param from the role the API user holds now (reassignments), or null
 * @param to the role the API user moves to (reassignments), or null
 * @param reason why, one sentence
 * @param steps what an admin does, in the PSA's words (for automated actions: what apply does)
 * @param clears the fingerprints of the violations it clears (sorted)
 */
public record Action(
    String id,
    Kind kind,
    boolean automated,
    String optIn,
    PlanPrincipal principal,
    RoleRef role,
    RoleRef from,
    RoleRef to,
    String reason,
    List<String> steps,
    List<String> clears) {
  public Action {
    steps = List.copyOf(steps);
    clears = List.copyOf(clears);
  }

  /** What an action does. */
  public enum Kind {
    /** ConnectWise: move an API member to an existing role that satisfies it (automated). */
    REASSIGN("reassign"),
    /** ConnectWise: deactivate an API member no baseline claims (automated, opt-in). */
    DEACTIVATE("deactivate"),
    /** Edit a ConnectWise security role's settings (manual: the API cannot). */
    EDIT_ROLE("edit-role"),
    /** Create a ConnectWise security role from a synthesised role (manual). */
    CREATE_ROLE("create-role"),
    /** Move a ConnectWise member to a role by hand (the role has no id in the snapshot). */
    ASSIGN_ROLE("assign-role"),
    /** Edit an Autotask security level (manual: the API cannot). */
    EDIT_SECURITY_LEVEL("edit-security-level"),
    /** Create an Autotask security level from a synthesised role (manual). */
    CREATE_SECURITY_LEVEL("create-security-level"),
    /** Move an Autotask resource to another security level (manual). */
    ASSIGN_SECURITY_LEVEL("assign-security-level"),
    /** Deactivate an Autotask resource no baseline claims (manual). */
    DEACTIVATE_RESOURCE("deactivate-resource"),
    /** Narrow a ConnectWise function's Customize list (manual). */
    EDIT_CUSTOMIZE("edit-customize"),
    /** Split an API user serving several integrations into one per integration (manual). */
    SPLIT_USER("split-user"),
    /** Say which integration an API user serves (manual: snapshot, --baseline or config). */
    DECLARE_BASELINE("declare-baseline"),
    /** Any other finding: its fix, by hand. */
    MANUAL("manual");

    private final String external;

    Kind(String external) {
      this.external = external;
    }

    /** The name written in plan files. */
    public String external() {
      return external;
    }

    /** The kind with this external name, or null. */
    public static Kind parse(String s) {
      return Arrays.stream(values()).filter(k -> k.external.equals(s)).findFirst().orElse(null);
    }

    /** Every external name, in declaration order. */
    public static List<String> externals() {
      return Arrays.stream(values()).map(Kind::external).toList();
    }
  }
}
