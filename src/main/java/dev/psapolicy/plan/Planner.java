package dev.psapolicy.plan;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineRow;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Principal;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.facts.Snapshot.SnapshotRole;
import dev.psapolicy.input.Hashes;
import dev.psapolicy.input.InputRef;
import dev.psapolicy.plan.RolePlan.Decision;
import dev.psapolicy.plan.RolePlan.FunctionChange;
import dev.psapolicy.plan.RolePlan.Holder;
import dev.psapolicy.plan.RolePlan.Keep;
import dev.psapolicy.plan.RolePlan.ModuleChange;
import dev.psapolicy.plan.RolePlan.Shortfall;
import dev.psapolicy.plan.RolePlan.VerbChange;
import dev.psapolicy.plan.RolePlan.Verdict;
import dev.psapolicy.report.Violation;
import dev.psapolicy.source.snapshot.SnapshotWriter;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Makes a remediation plan from one evaluation: pure, no clock, no network. It reads the engine's
 * judged grants (each carries what the principal's baselines allow and need on its cell) and the
 * violations; it never re-derives the lattice join over baselines, except for the rows of a
 * synthesised role on cells the principal does not hold, which no grant describes.
 *
 * <p>Per role (grouped by instance and role id, else role name): the level each setting must drop
 * to is the highest any holder is allowed, so no holder is under-granted; when that leaves a holder
 * above its own baselines (holders with different baselines share the role), a dedicated role per
 * integration is proposed instead. An existing role that already satisfies a principal (every
 * setting at most what its baselines allow, at least what they need, no admin flag) makes the fix a
 * reassignment.
 */
public final class Planner {
  /** The rule that reports one API user serving several integrations (the Datto practice). */
  public static final String UNION_RULE = "DATTO-ONE-USER-PER-INTEGRATION";

  /** The option {@code apply} needs to deactivate API members. */
  public static final String DEACTIVATE_OPT_IN = "--deactivate-unused";

  private static final String NO_BASELINE = "PSA-NO-BASELINE";
  private static final String ADMIN = "PSA-ADMIN-API-USER";
  private static final String CUSTOMIZE_WIDER = "PSA-CUSTOMIZE-WIDER";

  /** ConnectWise's path to its security roles. */
  static final String CW_ROLES = "System > Security Roles";

  /** Autotask's path to its security levels. */
  static final String AT_LEVELS =
      "Admin > Account Settings & Users > Resources/Users (HR) > Security > Security Levels";

  private final PlanRequest req;
  private final Map<String, Map<CellVerb, Grant>> grantsOf = new HashMap<>();
  private final Map<String, List<Violation>> violationsOf = new HashMap<>();
  private final Map<String, SnapshotPrincipal> snapshotPrincipal = new HashMap<>();

  private Planner(PlanRequest req) {
    this.req = req;
    for (Grant g : req.grants()) {
      grantsOf
          .computeIfAbsent(g.principalKey(), k -> new LinkedHashMap<>())
          .put(new CellVerb(new Cell(g.module(), g.functionName()), g.verb()), g);
    }
    for (Violation v : req.violations()) {
      if (v.disposition().isOpen()) {
        violationsOf
            .computeIfAbsent(
                Principal.keyOf(v.platform(), v.instance(), v.principalId()),
                k -> new ArrayList<>())
            .add(v);
      }
    }
    for (Snapshot s : req.snapshots()) {
      for (SnapshotPrincipal sp : s.principals()) {
        snapshotPrincipal.putIfAbsent(
            Principal.keyOf(s.platform().id(), s.instance(), sp.id()), sp);
      }
    }
  }

  /** The plan of an evaluation (its hash is set by {@link PlanJson}). */
  public static Plan plan(PlanRequest req) {
    Planner p = new Planner(req);
    Map<InstanceKey, List<Snapshot>> byInstance = new TreeMap<>();
    for (Snapshot s : req.snapshots()) {
      byInstance
          .computeIfAbsent(new InstanceKey(s.platform(), s.instance()), k -> new ArrayList<>())
          .add(s);
    }
    List<InstancePlan> instances = new ArrayList<>();
    for (Map.Entry<InstanceKey, List<Snapshot>> e : byInstance.entrySet()) {
      instances.add(p.instance(e.getKey(), e.getValue()));
    }
    List<Plan.PlanInput> inputs = new ArrayList<>();
    for (InputRef in : req.inputs()) {
      inputs.add(new Plan.PlanInput(in.kind().id(), in.location(), in.sha256()));
    }
    return new Plan(
        Plan.FORMAT_VERSION,
        null,
        req.generatedAt(),
        new Plan.Tool("psa-policy", req.toolVersion()),
        inputs,
        instances);
  }

  // ---------------------------------------------------------------- per instance

  private InstancePlan instance(InstanceKey key, List<Snapshot> snapshots) {
    Platform platform = key.platform();
    List<Principal> principals =
        req.principals().stream()
            .filter(
                pr -> pr.platform().equals(platform.id()) && pr.instance().equals(key.instance()))
            .sorted(Comparator.comparing(Principal::id, Planner::compareIds))
            .toList();
    ScreenOrder order = new ScreenOrder(req.catalog(), platform);
    List<Candidate> candidates = candidates(platform, snapshots, principals);
    Map<String, Allowance> allowances = new HashMap<>();
    Map<String, SynthesisedRole> synthesised = new LinkedHashMap<>();
    Map<String, Candidate> moveTo = new HashMap<>();
    for (Principal pr : principals) {
      if (pr.integrations().isEmpty()) {
        continue;
      }
      Allowance a = allowance(pr);
      allowances.put(pr.key(), a);
      RoleRef current = currentRole(pr);
      List<Candidate> satisfying = candidates.stream().filter(c -> a.satisfiedBy(c)).toList();
      synthesised.put(pr.key(), synthesise(pr, current, a, satisfying, order));
      boolean currentSatisfies = satisfying.stream().anyMatch(c -> c.role().sameAs(current));
      if (!satisfying.isEmpty() && !currentSatisfies) {
        moveTo.put(pr.key(), satisfying.get(0));
      }
    }

    Actions actions = new Actions();
    Set<String> claimed = new TreeSet<>();
    List<RolePlan> roles = new ArrayList<>();
    Map<String, List<Principal>> groups = new LinkedHashMap<>();
    for (Principal pr : principals) {
      groups.computeIfAbsent(roleKey(pr), k -> new ArrayList<>()).add(pr);
    }
    List<List<Principal>> ordered = new ArrayList<>(groups.values());
    ordered.sort(
        Comparator.comparing(
                (List<Principal> g) -> nz(currentRole(g.get(0)).role()).toLowerCase(Locale.ROOT))
            .thenComparing(g -> nz(currentRole(g.get(0)).roleId())));
    for (List<Principal> holders : ordered) {
      roles.add(
          rolePlan(platform, holders, allowances, synthesised, moveTo, order, actions, claimed));
    }
    principalActions(platform, principals, synthesised, actions, claimed);

    List<String> facts = new ArrayList<>();
    for (Snapshot s : snapshots) {
      facts.add(SnapshotWriter.factsSha256(s));
    }
    String factsSha256 =
        facts.size() == 1
            ? facts.get(0)
            : Hashes.sha256(
                String.join("\n", new TreeSet<>(facts)).getBytes(StandardCharsets.UTF_8));
    return new InstancePlan(
        platform,
        key.instance(),
        factsSha256,
        snapshots.size(),
        roles,
        List.copyOf(synthesised.values()),
        actions.list());
  }

  // ---------------------------------------------------------------- roles

  private RolePlan rolePlan(
      Platform platform,
      List<Principal> holders,
      Map<String, Allowance> allowances,
      Map<String, SynthesisedRole> synthesised,
      Map<String, Candidate> moveTo,
      ScreenOrder order,
      Actions actions,
      Set<String> claimed) {
    RoleRef role = currentRole(holders.get(0));
    List<Principal> judged = holders.stream().filter(h -> allowances.containsKey(h.key())).toList();
    List<Principal> unjudged =
        holders.stream().filter(h -> !allowances.containsKey(h.key())).toList();
    List<Principal> moved = judged.stream().filter(h -> moveTo.containsKey(h.key())).toList();
    List<Principal> remaining = judged.stream().filter(h -> !moveTo.containsKey(h.key())).toList();

    // what the role holds now: the highest level any holder was seen with
    Map<CellVerb, Level> current = new LinkedHashMap<>();
    for (Principal h : holders) {
      for (Grant g : grantsOf.getOrDefault(h.key(), Map.of()).values()) {
        current.merge(
            new CellVerb(new Cell(g.module(), g.functionName()), g.verb()), g.level(), Level::max);
      }
    }

    // the edit every remaining holder can live with: down to the highest allowed, up to the
    // highest needed
    Map<CellVerb, Level> target = new LinkedHashMap<>();
    List<PlannedChange> changes = new ArrayList<>();
    if (!remaining.isEmpty()) {
      Set<CellVerb> cells = new LinkedHashSet<>(current.keySet());
      for (Principal h : remaining) {
        cells.addAll(allowances.get(h.key()).needed.keySet());
      }
      for (CellVerb cv : cells) {
        Level upper = Level.NONE;
        Level lower = Level.NONE;
        for (Principal h : remaining) {
          Allowance a = allowances.get(h.key());
          upper = Level.max(upper, a.allowed(cv));
          lower = Level.max(lower, a.needed(cv));
        }
        Level now = current.getOrDefault(cv, Level.NONE);
        Level to = now.exceeds(upper) ? upper : now;
        to = lower.exceeds(to) ? lower : to;
        target.put(cv, to);
        if (to != now) {
          changes.add(new PlannedChange(cv, now, to));
        }
      }
    }
    List<Keep> keeps = new ArrayList<>();
    for (Principal h : remaining) {
      Allowance a = allowances.get(h.key());
      for (Map.Entry<CellVerb, Level> e : target.entrySet()) {
        if (e.getValue().exceeds(a.allowed(e.getKey()))) {
          keeps.add(
              new Keep(
                  ref(h),
                  e.getKey().cell().module(),
                  e.getKey().cell().function(),
                  e.getKey().verb(),
                  e.getValue(),
                  a.allowed(e.getKey())));
        }
      }
    }
    keeps.sort(
        Comparator.comparing((Keep k) -> k.principal().id(), Planner::compareIds)
            .thenComparing(
                k -> new CellVerb(new Cell(k.module(), k.function()), k.verb()),
                order.cellVerbs()));

    Decision decision;
    String reason;
    if (judged.isEmpty()) {
      decision = Decision.UNJUDGED;
      reason =
          "no holder has a baseline, so nothing says what "
              + role.display()
              + " should grant; declare the integration each holder serves";
    } else if (remaining.isEmpty()) {
      decision = Decision.REASSIGN;
      reason = "every holder with a baseline moves to an existing role that already satisfies it";
    } else if (!keeps.isEmpty()) {
      decision = Decision.DEDICATED;
      Keep k = keeps.get(0);
      reason =
          "holders with different baselines share it: edited so that no holder is under-granted, "
              + k.principal().display()
              + " would keep "
              + k.verb().word(platform)
              + " on "
              + k.module()
              + " / "
              + k.function()
              + " at "
              + k.level().word(platform)
              + " (its baselines allow "
              + k.allowed().word(platform)
              + ")"
              + (keeps.size() > 1 ? " and " + (keeps.size() - 1) + " more grant(s)" : "")
              + "; one dedicated role per integration instead";
    } else if (!changes.isEmpty() && !unjudged.isEmpty()) {
      decision = Decision.DEDICATED;
      reason =
          "it is also held by "
              + String.join(", ", unjudged.stream().map(Principal::display).toList())
              + ", which has no baseline, so an edit could break it; one dedicated role per"
              + " integration instead";
    } else if (changes.isEmpty()) {
      decision = moved.isEmpty() ? Decision.UNCHANGED : Decision.REASSIGN;
      reason =
          moved.isEmpty()
              ? "its settings are already least privilege for every holder with a baseline"
              : "holders move to existing roles that satisfy them; the others are already served";
    } else {
      decision = Decision.EDIT;
      reason =
          judged.size() == 1
              ? "held by one API user: edit it to what its baselines ("
                  + String.join(", ", judged.get(0).integrations())
                  + ") allow and need"
              : "every holder with a baseline is allowed and needs the same on what changes";
    }

    // blast radius
    List<Holder> radius = new ArrayList<>();
    for (Principal h : holders) {
      Allowance a = allowances.get(h.key());
      if (a == null) {
        radius.add(new Holder(ref(h), h.integrations(), Verdict.UNJUDGED, List.of()));
        continue;
      }
      Map<CellVerb, Level> after;
      if (moveTo.containsKey(h.key())) {
        after = moveTo.get(h.key()).levels();
      } else if (decision == Decision.DEDICATED) {
        after = levels(synthesised.get(h.key()));
      } else {
        after = new LinkedHashMap<>(current);
        after.putAll(target);
      }
      List<Shortfall> shortfalls = new ArrayList<>();
      for (Map.Entry<CellVerb, Level> n : a.needed.entrySet()) {
        Level l = after.getOrDefault(n.getKey(), Level.NONE);
        if (n.getValue().exceeds(l)) {
          shortfalls.add(
              new Shortfall(
                  n.getKey().cell().module(),
                  n.getKey().cell().function(),
                  n.getKey().verb(),
                  l,
                  n.getValue()));
        }
      }
      radius.add(
          new Holder(
              ref(h),
              h.integrations(),
              shortfalls.isEmpty() ? Verdict.OK : Verdict.UNDER_GRANTED,
              shortfalls));
    }

    // actions: moves first, then the edit or the dedicated roles
    for (Principal h : moved) {
      Candidate to = moveTo.get(h.key());
      List<String> clears = clearedBy(h, to.levels(), !to.admin(), claimed);
      boolean automated =
          platform == Platform.CONNECTWISE
              && to.listed()
              && to.role().roleId() != null
              && isApiMember(h);
      Action.Kind kind =
          automated
              ? Action.Kind.REASSIGN
              : platform == Platform.AUTOTASK
                  ? Action.Kind.ASSIGN_SECURITY_LEVEL
                  : Action.Kind.ASSIGN_ROLE;
      actions.add(
          new Action(
              null,
              kind,
              automated,
              null,
              ref(h),
              null,
              role,
              to.role(),
              to.role().display()
                  + " already satisfies "
                  + String.join(", ", h.integrations())
                  + (to.listed() ? "" : " (as seen on the API users holding it)"),
              List.of(assignStep(platform, h, to.role())),
              clears));
    }
    List<ModuleChange> grouped = List.of();
    if (decision == Decision.EDIT) {
      grouped = group(platform, changes, remaining, order, claimed);
      List<String> steps = new ArrayList<>();
      List<String> clears = new ArrayList<>();
      for (ModuleChange m : grouped) {
        for (FunctionChange f : m.functions()) {
          for (VerbChange v : f.verbs()) {
            steps.add(editStep(platform, role, m.module(), f, v));
            clears.addAll(v.clears());
          }
        }
      }
      actions.add(
          new Action(
              null,
              platform == Platform.AUTOTASK
                  ? Action.Kind.EDIT_SECURITY_LEVEL
                  : Action.Kind.EDIT_ROLE,
              false,
              null,
              null,
              role,
              null,
              null,
              (platform == Platform.AUTOTASK
                      ? "the Autotask API cannot edit a security level"
                      : "the ConnectWise API cannot edit a security role's settings")
                  + "; "
                  + reason,
              steps,
              clears));
    } else if (decision == Decision.DEDICATED) {
      for (Principal h : remaining) {
        SynthesisedRole s = synthesised.get(h.key());
        actions.add(createAction(platform, h, role, s, claimed));
      }
    }
    return new RolePlan(role, decision, reason, radius, grouped, keeps);
  }

  /** Changes grouped module > function > verb in screen order, each with what it clears. */
  private List<ModuleChange> group(
      Platform platform,
      List<PlannedChange> changes,
      List<Principal> holders,
      ScreenOrder order,
      Set<String> claimed) {
    List<PlannedChange> sorted = new ArrayList<>(changes);
    sorted.sort(Comparator.comparing(PlannedChange::cv, order.cellVerbs()));
    List<ModuleChange> out = new ArrayList<>();
    String module = null;
    String function = null;
    List<FunctionChange> functions = null;
    List<VerbChange> verbs = null;
    for (PlannedChange c : sorted) {
      Cell cell = c.cv().cell();
      if (!cell.module().equals(module)) {
        if (functions != null) {
          functions.add(new FunctionChange(function, setting(platform, function), verbs));
          out.add(new ModuleChange(module, functions));
        }
        module = cell.module();
        function = cell.function();
        functions = new ArrayList<>();
        verbs = new ArrayList<>();
      } else if (!cell.function().equals(function)) {
        functions.add(new FunctionChange(function, setting(platform, function), verbs));
        function = cell.function();
        verbs = new ArrayList<>();
      }
      List<String> clears = new ArrayList<>();
      for (Principal h : holders) {
        for (Violation v : violationsOf.getOrDefault(h.key(), List.of())) {
          if (v.holding() != null
              && v.holding().cell().equals(cell)
              && v.holding().verb() == c.cv().verb()
              && clears(v, c.to())
              && claimed.add(v.fingerprint())) {
            clears.add(v.fingerprint());
          }
        }
      }
      verbs.add(new VerbChange(c.cv().verb(), c.from(), c.to(), sorted(clears)));
    }
    if (functions != null) {
      functions.add(new FunctionChange(function, setting(platform, function), verbs));
      out.add(new ModuleChange(module, functions));
    }
    return out;
  }

  private String setting(Platform platform, String function) {
    return platform == Platform.AUTOTASK ? req.catalog().settingOf(function) : null;
  }

  private Action createAction(
      Platform platform, Principal h, RoleRef from, SynthesisedRole s, Set<String> claimed) {
    List<String> clears = clearedBy(h, levels(s), true, claimed);
    List<String> steps = new ArrayList<>();
    RoleRef created = new RoleRef(null, s.name());
    if (platform == Platform.AUTOTASK) {
      steps.add(
          AT_LEVELS
              + ": copy an API-only level to a new level named '"
              + s.name()
              + "' with everything at None");
    } else {
      steps.add(CW_ROLES + ": add a new role named '" + s.name() + "' with everything at None");
    }
    for (SynthesisedRole.Row r : s.rows()) {
      steps.add(rowStep(platform, created, r));
    }
    steps.add(assignStep(platform, h, created));
    return new Action(
        null,
        platform == Platform.AUTOTASK ? Action.Kind.CREATE_SECURITY_LEVEL : Action.Kind.CREATE_ROLE,
        false,
        null,
        ref(h),
        created,
        from,
        created,
        "a dedicated least-privilege role for "
            + String.join(", ", s.baselines())
            + " instead of the shared "
            + from.display(),
        steps,
        clears);
  }

  // ---------------------------------------------------------------- principal-level findings

  private void principalActions(
      Platform platform,
      List<Principal> principals,
      Map<String, SynthesisedRole> synthesised,
      Actions actions,
      Set<String> claimed) {
    for (Principal pr : principals) {
      List<Violation> open = new ArrayList<>(violationsOf.getOrDefault(pr.key(), List.of()));
      open.sort(Violation.ORDER);
      for (Violation v : open) {
        if (claimed.contains(v.fingerprint())) {
          continue;
        }
        switch (v.ruleId()) {
          case NO_BASELINE -> {
            boolean automated = platform == Platform.CONNECTWISE && isApiMember(pr);
            actions.add(
                new Action(
                    null,
                    automated ? Action.Kind.DEACTIVATE : Action.Kind.DEACTIVATE_RESOURCE,
                    automated,
                    automated ? DEACTIVATE_OPT_IN : null,
                    ref(pr),
                    null,
                    null,
                    null,
                    "no baseline claims it: if no integration uses it, deactivate it (check still"
                        + " judges an inactive API user, so this clears no finding by itself)",
                    List.of(
                        automated
                            ? "set the API member's inactive flag (apply does so only with "
                                + DEACTIVATE_OPT_IN
                                + ")"
                            : AT_LEVELS.substring(0, AT_LEVELS.indexOf(" > Security"))
                                + " > '"
                                + nz(pr.name())
                                + "': clear Active"),
                    List.of()));
            claimed.add(v.fingerprint());
            actions.add(
                manual(
                    Action.Kind.DECLARE_BASELINE,
                    pr,
                    "if it is in use, say which integration it serves",
                    List.of(v.fix()),
                    v));
          }
          case UNION_RULE -> {
            claimed.add(v.fingerprint());
            List<String> steps = new ArrayList<>();
            for (String b : pr.integrations()) {
              steps.add(
                  "create an API user for "
                      + b
                      + " with a role holding only what "
                      + b
                      + " allows, and move that integration's keys to it");
            }
            steps.add("then deactivate " + pr.display());
            SynthesisedRole s = synthesised.get(pr.key());
            actions.add(
                manual(
                    Action.Kind.SPLIT_USER,
                    pr,
                    "it serves "
                        + pr.integrations().size()
                        + " integrations, so its role is their union"
                        + (s == null ? "" : " ('" + s.name() + "')")
                        + " and its keys cannot be revoked per vendor",
                    steps,
                    v));
          }
          case CUSTOMIZE_WIDER -> {
            claimed.add(v.fingerprint());
            actions.add(
                manual(
                    Action.Kind.EDIT_CUSTOMIZE,
                    pr,
                    "the ConnectWise API cannot edit a role's Customize list",
                    List.of(customizeStep(pr, v)),
                    v));
          }
          default -> {
            claimed.add(v.fingerprint());
            actions.add(manual(Action.Kind.MANUAL, pr, v.title(), List.of(v.fix()), v));
          }
        }
      }
    }
  }

  /** The Customize list of a role's function, narrowed to what the baselines allow. */
  private static String customizeStep(Principal pr, Violation v) {
    String fix = v.fix();
    int only = fix.indexOf("allow access only to ");
    return CW_ROLES
        + " > '"
        + nz(pr.role())
        + "' > "
        + v.holding().cell().module()
        + " > "
        + v.holding().cell().function()
        + " > Customize: "
        + (only < 0 ? fix : fix.substring(only));
  }

  private Action manual(
      Action.Kind kind, Principal pr, String reason, List<String> steps, Violation v) {
    return new Action(
        null,
        kind,
        false,
        null,
        ref(pr),
        null,
        null,
        null,
        reason,
        steps,
        List.of(v.fingerprint()));
  }

  // ---------------------------------------------------------------- clearing

  /**
   * Whether a finding about a grant's level is cleared when the grant moves to {@code level}: an
   * over-grant when the level is no longer above what is allowed, an under-grant when it is no
   * longer below what is needed; a finding without an allowed level when the grant is gone.
   */
  static boolean clears(Violation v, Level level) {
    if (v.holding() == null || v.ruleId().startsWith("PSA-CUSTOMIZE")) {
      return false;
    }
    Level actual = v.holding().actual();
    Level allowed = v.holding().allowed();
    if (allowed == null) {
      return actual.exceeds(Level.NONE) && level == Level.NONE;
    }
    if (actual.exceeds(allowed)) {
      return !level.exceeds(allowed);
    }
    if (allowed.exceeds(actual)) {
      return !allowed.exceeds(level);
    }
    return false;
  }

  /** The open findings of a principal a move to a role with these levels clears. */
  private List<String> clearedBy(
      Principal h, Map<CellVerb, Level> levels, boolean clearsAdmin, Set<String> claimed) {
    List<String> out = new ArrayList<>();
    for (Violation v : violationsOf.getOrDefault(h.key(), List.of())) {
      boolean cleared =
          v.holding() == null
              ? clearsAdmin && ADMIN.equals(v.ruleId())
              : clears(
                  v,
                  levels.getOrDefault(
                      new CellVerb(v.holding().cell(), v.holding().verb()), Level.NONE));
      if (cleared && claimed.add(v.fingerprint())) {
        out.add(v.fingerprint());
      }
    }
    return sorted(out);
  }

  // ---------------------------------------------------------------- allowances and candidates

  /**
   * What a principal's baselines allow and need per cell and verb: the engine's grants where it
   * judged the cell, the baselines' rows (their join) on the cells the principal does not hold.
   */
  private Allowance allowance(Principal pr) {
    Allowance a = new Allowance();
    for (String id : pr.integrations()) {
      Baseline b = req.baselines().get(id);
      if (b == null) {
        continue;
      }
      for (BaselineRow row : b.rows()) {
        for (Verb v : Verb.values()) {
          CellVerb cv = new CellVerb(row.cell(), v);
          a.allowed.merge(cv, row.level(v), Level::max);
          if (row.needed(v).exceeds(Level.NONE)) {
            a.needed.merge(cv, row.needed(v), Level::max);
          }
        }
      }
    }
    for (Map.Entry<CellVerb, Grant> e : grantsOf.getOrDefault(pr.key(), Map.of()).entrySet()) {
      Grant g = e.getValue();
      if (!g.judged()) {
        continue;
      }
      a.allowed.put(e.getKey(), g.allowed());
      if (g.needed() != null && g.needed().exceeds(Level.NONE)) {
        a.needed.put(e.getKey(), g.needed());
      } else {
        a.needed.remove(e.getKey());
      }
    }
    return a;
  }

  /**
   * The existing roles of the instance: those its snapshots list, or, where they list none, the
   * roles seen on its API users (their grants are what the role gives them).
   */
  private List<Candidate> candidates(
      Platform platform, List<Snapshot> snapshots, List<Principal> principals) {
    Map<String, Candidate> out = new LinkedHashMap<>();
    for (Snapshot s : snapshots) {
      for (SnapshotRole r : s.roles()) {
        out.putIfAbsent(
            r.id(),
            new Candidate(
                new RoleRef(r.id(), r.name()), r.admin(), levels(platform, r.grants()), true));
      }
    }
    if (out.isEmpty()) {
      for (Principal pr : principals) {
        if (pr.role() == null) {
          continue;
        }
        Map<CellVerb, Level> levels = new LinkedHashMap<>();
        for (Map.Entry<CellVerb, Grant> e : grantsOf.getOrDefault(pr.key(), Map.of()).entrySet()) {
          levels.put(e.getKey(), e.getValue().level());
        }
        String key = roleKey(pr);
        Candidate prev = out.get(key);
        if (prev == null) {
          out.put(key, new Candidate(currentRole(pr), pr.admin(), levels, false));
        } else {
          levels.forEach((cv, l) -> prev.levels().merge(cv, l, Level::max));
          out.put(
              key, new Candidate(prev.role(), prev.admin() || pr.admin(), prev.levels(), false));
        }
      }
    }
    List<Candidate> list = new ArrayList<>(out.values());
    list.sort(
        Comparator.comparing((Candidate c) -> c.role().role().toLowerCase(Locale.ROOT))
            .thenComparing(c -> nz(c.role().roleId())));
    return list;
  }

  /** A role's rows as levels per cell and verb (the higher one where rows repeat). */
  private Map<CellVerb, Level> levels(Platform platform, List<PermissionRow> rows) {
    Map<CellVerb, Level> out = new LinkedHashMap<>();
    for (PermissionRow row : rows) {
      Cell cell =
          req.catalog()
              .resolve(platform, row.module(), row.function())
              .orElse(
                  new Cell(
                      row.module() == null ? "(unknown)" : row.module().strip(),
                      row.function().strip()));
      for (Verb v : Verb.values()) {
        Level l = Level.parse(platform, row.raw(v));
        if (l != null) {
          out.merge(new CellVerb(cell, v), l, Level::max);
        }
      }
    }
    return out;
  }

  private static Map<CellVerb, Level> levels(SynthesisedRole s) {
    Map<CellVerb, Level> out = new LinkedHashMap<>();
    for (SynthesisedRole.Row r : s.rows()) {
      for (Verb v : Verb.values()) {
        out.put(new CellVerb(new Cell(r.module(), r.function()), v), r.level(v));
      }
    }
    return out;
  }

  private SynthesisedRole synthesise(
      Principal pr, RoleRef current, Allowance a, List<Candidate> satisfying, ScreenOrder order) {
    Map<Cell, Level[]> rows = new TreeMap<>(order.cells());
    for (Map.Entry<CellVerb, Level> e : a.allowed.entrySet()) {
      if (e.getValue().exceeds(Level.NONE)) {
        Level[] levels =
            rows.computeIfAbsent(
                e.getKey().cell(),
                c -> new Level[] {Level.NONE, Level.NONE, Level.NONE, Level.NONE});
        levels[e.getKey().verb().ordinal()] = e.getValue();
      }
    }
    Platform platform = Platform.parse(pr.platform());
    List<SynthesisedRole.Row> out = new ArrayList<>();
    for (Map.Entry<Cell, Level[]> e : rows.entrySet()) {
      Level[] l = e.getValue();
      out.add(
          new SynthesisedRole.Row(
              e.getKey().module(),
              e.getKey().function(),
              setting(platform, e.getKey().function()),
              l[0],
              l[1],
              l[2],
              l[3]));
    }
    boolean union = pr.integrations().size() > 1;
    return new SynthesisedRole(
        ref(pr),
        (pr.name() == null || pr.name().isBlank() ? pr.id() : pr.name()) + " least privilege",
        current,
        pr.integrations(),
        union,
        union ? UNION_RULE : null,
        out,
        satisfying.stream().map(Candidate::role).toList());
  }

  // ---------------------------------------------------------------- words

  private static String editStep(
      Platform platform, RoleRef role, String module, FunctionChange f, VerbChange v) {
    return (platform == Platform.AUTOTASK ? AT_LEVELS : CW_ROLES)
        + " > '"
        + role.role()
        + "' > "
        + Words.where(platform, module, f.function(), f.setting())
        + ": "
        + v.verb().word(platform)
        + " "
        + v.to().word(platform)
        + " (now "
        + v.from().word(platform)
        + ")";
  }

  private static String rowStep(Platform platform, RoleRef role, SynthesisedRole.Row r) {
    StringBuilder b = new StringBuilder();
    b.append(platform == Platform.AUTOTASK ? AT_LEVELS : CW_ROLES)
        .append(" > '")
        .append(role.role())
        .append("' > ")
        .append(Words.where(platform, r.module(), r.function(), r.setting()))
        .append(":");
    for (Verb v : Verb.values()) {
      b.append(' ').append(v.word(platform)).append(' ').append(r.level(v).word(platform));
      if (v != Verb.INQUIRE) {
        b.append(',');
      }
    }
    return b.toString();
  }

  private static String assignStep(Platform platform, Principal h, RoleRef to) {
    return platform == Platform.AUTOTASK
        ? AT_LEVELS.substring(0, AT_LEVELS.indexOf(" > Security"))
            + " > '"
            + nz(h.name())
            + "': set Security Level to '"
            + to.role()
            + "'"
        : "System > Members > API Members > '"
            + nz(h.name())
            + "': set Role ID to '"
            + to.role()
            + "'"
            + (to.roleId() == null ? "" : " (id " + to.roleId() + ")");
  }

  // ---------------------------------------------------------------- helpers

  private RoleRef currentRole(Principal pr) {
    SnapshotPrincipal sp = snapshotPrincipal.get(pr.key());
    return new RoleRef(
        sp == null ? null : sp.roleId(), pr.role() == null ? "(no role)" : pr.role());
  }

  private String roleKey(Principal pr) {
    RoleRef r = currentRole(pr);
    return r.roleId() != null ? "id:" + r.roleId() : "name:" + r.role().toLowerCase(Locale.ROOT);
  }

  private static boolean isApiMember(Principal pr) {
    return "api-member".equals(pr.kind());
  }

  private static PlanPrincipal ref(Principal pr) {
    return new PlanPrincipal(pr.id(), pr.name(), pr.key());
  }

  private static List<String> sorted(List<String> l) {
    return l.stream().sorted().toList();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** Numeric ids in number order, others after them in text order. */
  static int compareIds(String a, String b) {
    boolean na = a.matches("\\d{1,18}");
    boolean nb = b.matches("\\d{1,18}");
    if (na && nb) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return na ? -1 : nb ? 1 : a.compareTo(b);
  }

  /** One cell and verb. */
  record CellVerb(Cell cell, Verb verb) {}

  /** A role change before it is grouped. */
  private record PlannedChange(CellVerb cv, Level from, Level to) {}

  /** A PSA instance, ordered by platform then name. */
  private record InstanceKey(Platform platform, String instance)
      implements Comparable<InstanceKey> {
    @Override
    public int compareTo(InstanceKey o) {
      int c = platform.id().compareTo(o.platform.id());
      return c != 0 ? c : instance.compareTo(o.instance);
    }
  }

  /** An existing role: its levels, whether it is admin, whether the snapshot listed it. */
  private record Candidate(
      RoleRef role, boolean admin, Map<CellVerb, Level> levels, boolean listed) {}

  /** What a principal's baselines allow and need. */
  private static final class Allowance {
    final Map<CellVerb, Level> allowed = new LinkedHashMap<>();
    final Map<CellVerb, Level> needed = new LinkedHashMap<>();

    Level allowed(CellVerb cv) {
      return allowed.getOrDefault(cv, Level.NONE);
    }

    Level needed(CellVerb cv) {
      return needed.getOrDefault(cv, Level.NONE);
    }

    /** Every setting at most what is allowed and at least what is needed, and no admin flag. */
    boolean satisfiedBy(Candidate c) {
      if (c.admin()) {
        return false;
      }
      for (Map.Entry<CellVerb, Level> e : c.levels().entrySet()) {
        if (e.getValue().exceeds(allowed(e.getKey()))) {
          return false;
        }
      }
      for (Map.Entry<CellVerb, Level> e : needed.entrySet()) {
        if (e.getValue().exceeds(c.levels().getOrDefault(e.getKey(), Level.NONE))) {
          return false;
        }
      }
      return true;
    }
  }

  /** The actions of an instance, numbered A1.. (automated) and M1.. (manual) as they are added. */
  private static final class Actions {
    private final List<Action> list = new ArrayList<>();
    private int automated;
    private int manual;

    void add(Action a) {
      String id = a.automated() ? "A" + ++automated : "M" + ++manual;
      list.add(
          new Action(
              id,
              a.kind(),
              a.automated(),
              a.optIn(),
              a.principal(),
              a.role(),
              a.from(),
              a.to(),
              a.reason(),
              a.steps(),
              a.clears()));
    }

    List<Action> list() {
      return List.copyOf(list);
    }
  }

  /**
   * The order the PSA's admin screen shows settings in: the catalog's order of modules and
   * functions (ConnectWise) or sections and entities (Autotask), names it does not know after them
   * alphabetically; verbs Add, Edit, Delete, Inquire.
   */
  private static final class ScreenOrder {
    private final Map<String, Integer> modules = new HashMap<>();
    private final Map<Cell, Integer> cells = new HashMap<>();

    ScreenOrder(PermissionCatalog catalog, Platform platform) {
      for (String m : catalog.modules(platform)) {
        modules.putIfAbsent(m, modules.size());
      }
      for (Cell c : catalog.known(platform)) {
        modules.putIfAbsent(c.module(), modules.size());
        cells.putIfAbsent(c, cells.size());
      }
    }

    Comparator<Cell> cells() {
      return Comparator.comparingInt(
              (Cell c) -> modules.getOrDefault(c.module(), Integer.MAX_VALUE))
          .thenComparing(Cell::module)
          .thenComparingInt(c -> cells.getOrDefault(c, Integer.MAX_VALUE))
          .thenComparing(Cell::function);
    }

    Comparator<CellVerb> cellVerbs() {
      return Comparator.comparing(CellVerb::cell, cells()).thenComparing(CellVerb::verb);
    }
  }
}
