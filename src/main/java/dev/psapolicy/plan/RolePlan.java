package dev.psapolicy.plan;

import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.util.Arrays;
import java.util.List;

/**
 * One security role (ConnectWise) or security level (Autotask) held by API users of an instance:
 * what the plan decides for it, its blast radius (every holder) and the settings to change.
 *
 * @param role the role
 * @param decision what the plan does with it
 * @param reason why, one sentence (names the holder that would keep which extra grant when the role
 *     is shared by holders with different baselines)
 * @param holders every API user holding the role, with whether the change would under-grant it
 * @param changes the settings to change, ordered as the PSA's admin screen shows them (empty unless
 *     the decision is {@link Decision#EDIT})
 * @param keeps when the role is shared: the grants a holder would keep above its own baselines if
 *     the shared role were edited to what every holder needs (why dedicated roles are proposed)
 */
public record RolePlan(
    RoleRef role,
    Decision decision,
    String reason,
    List<Holder> holders,
    List<ModuleChange> changes,
    List<Keep> keeps) {
  public RolePlan {
    holders = List.copyOf(holders);
    changes = List.copyOf(changes);
    keeps = List.copyOf(keeps);
  }

  /** Every verb change of the role, in screen order. */
  public List<VerbChange> verbChanges() {
    return changes.stream()
        .flatMap(m -> m.functions().stream())
        .flatMap(f -> f.verbs().stream())
        .toList();
  }

  /** What the plan does with a role. */
  public enum Decision {
    /** Edit the role's settings: every holder keeps what its baselines need. */
    EDIT("edit"),
    /** Shared by holders with different baselines: one dedicated role per integration instead. */
    DEDICATED("dedicated-roles"),
    /** Every holder moves to an existing role that already satisfies it. */
    REASSIGN("reassign-holders"),
    /** Already least privilege for every holder. */
    UNCHANGED("unchanged"),
    /** No holder has a baseline, so nothing says what the role should grant. */
    UNJUDGED("unjudged");

    private final String external;

    Decision(String external) {
      this.external = external;
    }

    /** The name written in plan files. */
    public String external() {
      return external;
    }

    /** The decision with this external name, or null. */
    public static Decision parse(String s) {
      return Arrays.stream(values()).filter(d -> d.external.equals(s)).findFirst().orElse(null);
    }

    /** Every external name, in declaration order. */
    public static List<String> externals() {
      return Arrays.stream(values()).map(Decision::external).toList();
    }
  }

  /**
   * One holder of a role: the blast radius of changing it.
   *
   * @param principal the API user
   * @param baselines its baselines (empty when it has none)
   * @param verdict whether the planned change leaves it what it needs
   * @param shortfalls the grants the change would leave below what its baselines need (empty unless
   *     under-granted)
   */
  public record Holder(
      PlanPrincipal principal,
      List<String> baselines,
      Verdict verdict,
      List<Shortfall> shortfalls) {
    public Holder {
      baselines = List.copyOf(baselines);
      shortfalls = List.copyOf(shortfalls);
    }
  }

  /** A holder's verdict under the planned change. */
  public enum Verdict {
    /** It keeps everything its baselines need. */
    OK("ok"),
    /** The change leaves it below what its baselines need. */
    UNDER_GRANTED("under-granted"),
    /** It has no baseline: nothing says what it needs (the change is not proposed over it). */
    UNJUDGED("unjudged");

    private final String external;

    Verdict(String external) {
      this.external = external;
    }

    /** The name written in plan files. */
    public String external() {
      return external;
    }

    /** The verdict with this external name, or null. */
    public static Verdict parse(String s) {
      return Arrays.stream(values()).filter(d -> d.external.equals(s)).findFirst().orElse(null);
    }

    /** Every external name, in declaration order. */
    public static List<String> externals() {
      return Arrays.stream(values()).map(Verdict::external).toList();
    }
  }

  /**
   * A grant a change would leave below what a holder needs.
   *
   * @param module module / section
   * @param function function / entity
   * @param verb the verb
   * @param level the level after the change
   * @param needed what the holder's baselines need
   */
  public record Shortfall(String module, String function, Verb verb, Level level, Level needed) {}

  /**
   * A grant a holder would keep above its own baselines under an edit of the shared role.
   *
   * @param principal the holder
   * @param module module / section
   * @param function function / entity
   * @param verb the verb
   * @param level the level the shared role would keep (what another holder is allowed)
   * @param allowed what the holder's own baselines allow
   */
  public record Keep(
      PlanPrincipal principal,
      String module,
      String function,
      Verb verb,
      Level level,
      Level allowed) {}

  /**
   * The changes under one module (ConnectWise) or section (Autotask).
   *
   * @param module the module / section
   * @param functions its functions / entities, in screen order
   */
  public record ModuleChange(String module, List<FunctionChange> functions) {
    public ModuleChange {
      functions = List.copyOf(functions);
    }
  }

  /**
   * The changes of one function (ConnectWise) or entity (Autotask).
   *
   * @param function the function / REST entity
   * @param setting Autotask: the row of the security-level section an admin changes ("Object
   *     Permissions: Tickets"), or null when unknown; null for ConnectWise
   * @param verbs the verbs to change, Add / Edit / Delete / Inquire
   */
  public record FunctionChange(String function, String setting, List<VerbChange> verbs) {
    public FunctionChange {
      verbs = List.copyOf(verbs);
    }
  }

  /**
   * One verb of a function to change.
   *
   * @param verb the verb
   * @param from the level the role grants
   * @param to the level it should grant
   * @param clears the fingerprints of the violations the change clears
   */
  public record VerbChange(Verb verb, Level from, Level to, List<String> clears) {
    public VerbChange {
      clears = List.copyOf(clears);
    }

    /** True when the change lowers the level. */
    public boolean lowers() {
      return from.exceeds(to);
    }
  }
}
