package dev.psapolicy.plan;

import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.util.List;

/**
 * The complete least-privilege role one API user needs: every cell its baselines list at what they
 * allow, everything else None; ready to be created by hand.
 *
 * @param principal the API user
 * @param name the proposed role name
 * @param current the role it holds now
 * @param baselines the baselines it serves, in assignment order
 * @param union true when it serves several baselines, so the role is their union
 * @param unionRule the rule that reports a user serving several integrations (the Datto practice
 *     finding), or null when not a union
 * @param rows the role's rows above None, in screen order (every other setting None)
 * @param satisfiedBy existing roles of the instance that already satisfy it, by name
 */
public record SynthesisedRole(
    PlanPrincipal principal,
    String name,
    RoleRef current,
    List<String> baselines,
    boolean union,
    String unionRule,
    List<Row> rows,
    List<RoleRef> satisfiedBy) {
  public SynthesisedRole {
    baselines = List.copyOf(baselines);
    rows = List.copyOf(rows);
    satisfiedBy = List.copyOf(satisfiedBy);
  }

  /**
   * One row of a synthesised role.
   *
   * @param module module / section
   * @param function function / entity
   * @param setting Autotask: the section's row an admin sets, or null; null for ConnectWise
   * @param add Add / create
   * @param edit Edit / update
   * @param delete Delete
   * @param inquire Inquire / query
   */
  public record Row(
      String module,
      String function,
      String setting,
      Level add,
      Level edit,
      Level delete,
      Level inquire) {
    /** The level of one verb. */
    public Level level(Verb verb) {
      return switch (verb) {
        case ADD -> add;
        case EDIT -> edit;
        case DELETE -> delete;
        case INQUIRE -> inquire;
      };
    }
  }
}
