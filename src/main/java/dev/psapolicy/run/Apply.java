package dev.psapolicy.run;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Origin;
import dev.psapolicy.plan.Action;
import dev.psapolicy.plan.InstancePlan;
import dev.psapolicy.plan.Plan;
import dev.psapolicy.plan.PlanJson;
import dev.psapolicy.plan.RoleRef;
import dev.psapolicy.report.Violation;
import dev.psapolicy.source.connectwise.ConnectWiseCredentials;
import dev.psapolicy.source.connectwise.ConnectWiseFetcher;
import dev.psapolicy.source.connectwise.ConnectWiseOptions;
import dev.psapolicy.source.connectwise.ConnectWiseWriter;
import dev.psapolicy.source.connectwise.ConnectWiseWriter.Write;
import dev.psapolicy.source.http.FetchException;
import dev.psapolicy.source.http.FetchResult;
import dev.psapolicy.source.http.HttpFailure;
import dev.psapolicy.source.http.HttpSettings;
import dev.psapolicy.source.http.Progress;
import dev.psapolicy.source.http.PsaHttpClient;
import dev.psapolicy.source.http.RecordedRequest;
import dev.psapolicy.source.http.RecordedResponse;
import dev.psapolicy.source.snapshot.SnapshotWriter;
import dev.psapolicy.vocabulary.Platform;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code apply} use case: performs a plan's automated actions on a ConnectWise PSA, and only
 * those the API allows (reassign an API member to an existing role; deactivate one with {@code
 * --deactivate-unused}). Without approval it is a dry run that names the request each action would
 * make and touches nothing. With approval (the caller checks the plan hash) it re-fetches the
 * instance and refuses when its facts differ from the plan's ({@link SnapshotWriter#factsSha256});
 * writes one action at a time and stops at the first failure; re-fetches, re-checks, and says per
 * action whether the violations it claimed to clear are gone and whether anything else changed; and
 * builds the rollback plan (the previous role of every member it changed), a plan file apply can
 * run.
 */
public final class Apply {
  private Apply() {}

  /**
   * Where and how to reach the instance: the same connection a {@code fetch} uses.
   *
   * @param credentials the API member's keys (write scope: Edit on System / Member Maintenance)
   * @param options where to fetch from and how
   * @param settings timeouts, retries, TLS trust
   * @param integrations the {@code --integration} assignments the plan's snapshot was fetched with
   */
  public record Target(
      ConnectWiseCredentials credentials,
      ConnectWiseOptions options,
      HttpSettings settings,
      Map<String, List<String>> integrations) {
    public Target {
      integrations = Map.copyOf(integrations);
    }
  }

  /**
   * What to apply.
   *
   * @param plan the plan, read and hash-verified by {@link PlanJson#read}
   * @param planFile the plan file's bytes (the rollback plan names it)
   * @param approved true when the caller checked {@code --approve} against the plan hash
   * @param deactivateUnused perform deactivations too
   * @param target the instance; null only for a dry run
   * @param policy the policy the re-check runs with (the plan's)
   * @param allowUnknown as {@code check --allow-unknown}
   * @param clock the clock (fetch times, the rollback plan's time)
   * @param toolVersion psa-policy's version
   * @param runIds run ids for the re-checks
   */
  public record Request(
      Plan plan,
      InputFile planFile,
      boolean approved,
      boolean deactivateUnused,
      Target target,
      Policy policy,
      boolean allowUnknown,
      Clock clock,
      String toolVersion,
      Supplier<String> runIds) {}

  /** What happened to one action. */
  public enum Status {
    /** Dry run: it would be performed. */
    WOULD_APPLY("would apply"),
    /** Performed. */
    APPLIED("applied"),
    /** Sent and refused or failed: apply stopped here. */
    FAILED("FAILED"),
    /** Not performed: an earlier write failed. */
    NOT_APPLIED("not applied"),
    /** Not performed: it needs an option ({@code --deactivate-unused}). */
    SKIPPED("skipped"),
    /** A manual step: apply never performs it. */
    MANUAL("manual");

    private final String word;

    Status(String word) {
      this.word = word;
    }

    /** How output names it. */
    public String word() {
      return word;
    }
  }

  /**
   * One action and what became of it.
   *
   * @param instance the plan instance it belongs to
   * @param action the plan's action
   * @param write the request it makes (automated actions), or null
   * @param status what happened
   * @param note why (skipped, failed), or null
   */
  public record Step(
      InstancePlan instance, Action action, Write write, Status status, String note) {}

  /**
   * Whether an applied action did what it claimed.
   *
   * @param actionId the action
   * @param cleared the claimed violations gone after the writes
   * @param stillOpen the claimed violations still reported
   * @param appeared violations of the action's API member that were not reported before (rule id
   *     and fingerprint); an action that claims to clear violations must not add any, while one
   *     that claims none (a rollback) re-opens what the action it undoes cleared
   */
  public record Verified(
      String actionId, List<String> cleared, List<String> stillOpen, List<String> appeared) {
    public Verified {
      cleared = List.copyOf(cleared);
      stillOpen = List.copyOf(stillOpen);
      appeared = List.copyOf(appeared);
    }

    /** True when the action did what it claimed. */
    public boolean ok(Action action) {
      return stillOpen.isEmpty() && (action.clears().isEmpty() || appeared.isEmpty());
    }
  }

  /** How the run ended. */
  public enum Outcome {
    /** A dry run: nothing was sent. */
    DRY_RUN,
    /** No action apply may perform: nothing was sent. */
    NOTHING_TO_DO,
    /** The instance's facts differ from the plan's: nothing was written. */
    REFUSED_CHANGED,
    /** Every selected action was applied. */
    APPLIED,
    /** A write failed: apply stopped there. */
    FAILED
  }

  /**
   * The result.
   *
   * @param outcome how it ended
   * @param message one line for a refusal or failure, else null
   * @param steps every action of the plan, in plan order, with what became of it
   * @param before the instance as re-fetched before writing (null in a dry run)
   * @param after the instance as re-fetched after writing (null when nothing was written, or when
   *     the re-fetch failed)
   * @param afterFetchProblem why the re-fetch after writing failed, or null
   * @param afterCheck the check of {@code after} (null without it)
   * @param verified per applied action, whether its claimed violations are gone
   * @param otherChanges what changed besides the applied actions (expected: nothing)
   * @param rollback the rollback plan (null when nothing was written)
   * @param responses every response of the fetch before writing (redacted), in order
   * @param writes every write request sent (redacted), in order
   * @param afterResponses every response of the fetch after writing (redacted), in order
   */
  public record Result(
      Outcome outcome,
      String message,
      List<Step> steps,
      Snapshot before,
      Snapshot after,
      String afterFetchProblem,
      Evaluation.Result afterCheck,
      List<Verified> verified,
      List<String> otherChanges,
      Plan rollback,
      List<RecordedResponse> responses,
      List<RecordedRequest> writes,
      List<RecordedResponse> afterResponses) {
    public Result {
      steps = List.copyOf(steps);
      verified = List.copyOf(verified);
      otherChanges = List.copyOf(otherChanges);
      responses = List.copyOf(responses);
      writes = List.copyOf(writes);
      afterResponses = List.copyOf(afterResponses);
    }

    /** The steps with this status. */
    public List<Step> with(Status s) {
      return steps.stream().filter(x -> x.status() == s).toList();
    }
  }

  /**
   * Checks that the plan's automated actions are ones apply can perform (ConnectWise, a
   * reassignment from a role id to a role id, a member id).
   *
   * @return one line per problem (empty: fine)
   */
  public static List<String> problems(Plan plan) {
    List<String> out = new ArrayList<>();
    for (InstancePlan i : plan.instances()) {
      for (Action a : i.actions()) {
        if (!a.automated()) {
          continue;
        }
        String where = i.platform().id() + " " + i.instance() + " " + a.id();
        if (i.platform() != Platform.CONNECTWISE) {
          out.add(where + ": automated actions exist for ConnectWise only");
        } else if (a.kind() != Action.Kind.REASSIGN && a.kind() != Action.Kind.DEACTIVATE) {
          out.add(
              where + ": apply performs reassign and deactivate only, not " + a.kind().external());
        } else if (a.principal() == null || !a.principal().id().matches("\\d{1,18}")) {
          out.add(where + ": needs the API member's numeric id");
        } else if (a.kind() == Action.Kind.REASSIGN && !numericRole(a.to())) {
          out.add(where + ": a reassignment needs the target role's numeric id (to.roleId)");
        } else if (a.kind() == Action.Kind.REASSIGN && !numericRole(a.from())) {
          out.add(
              where
                  + ": a reassignment needs the numeric id of the role it moves from"
                  + " (from.roleId): its rollback moves the member back there");
        }
      }
    }
    return out;
  }

  private static boolean numericRole(RoleRef r) {
    return r != null && r.roleId() != null && r.roleId().matches("\\d{1,18}");
  }

  /** True when the plan (one {@link #problems} accepts) has an action apply would perform. */
  public static boolean anything(Plan plan, boolean deactivateUnused) {
    return steps(plan, deactivateUnused, null).stream()
        .anyMatch(s -> s.status() == Status.WOULD_APPLY);
  }

  /** Runs it. Fetch failures before any write come out as {@link IncompleteDataException}. */
  public static Result run(Request req)
      throws IncompleteDataException, RequestException, InvalidInputException {
    List<Step> dry = steps(req.plan(), req.deactivateUnused(), null);
    boolean anything = dry.stream().anyMatch(s -> s.status() == Status.WOULD_APPLY);
    if (!req.approved() || !anything) {
      // nothing is fetched for a dry run, nor for a plan with nothing apply may perform
      return unwritten(
          anything ? Outcome.DRY_RUN : Outcome.NOTHING_TO_DO, null, dry, null, List.of());
    }
    Target t = Objects.requireNonNull(req.target(), "target");
    List<RecordedResponse> responses = new ArrayList<>();
    Snapshot before;
    try {
      before = fetch(req, "apply-before", responses);
    } catch (FetchException e) {
      throw new IncompleteDataException("the fetch before writing failed: " + e.getMessage());
    }
    if (!before.complete()) {
      throw new IncompleteDataException(
          "the fetch before writing is incomplete, nothing was written: "
              + String.join("; ", before.incomplete()));
    }
    InstancePlan instance = instanceOf(req.plan(), before);
    if (instance == null) {
      throw new RequestException(
          "the plan has no instance connectwise "
              + before.instance()
              + " (it covers: "
              + String.join(
                  ", ",
                  req.plan().instances().stream()
                      .map(i -> i.platform().id() + " " + i.instance())
                      .toList())
              + "); give --instance NAME as the plan's snapshot was fetched");
    }
    List<Step> planned = steps(req.plan(), req.deactivateUnused(), instance);
    if (planned.stream().noneMatch(s -> s.status() == Status.WOULD_APPLY)) {
      return unwritten(Outcome.NOTHING_TO_DO, null, planned, before, responses);
    }
    String fresh = SnapshotWriter.factsSha256(before);
    if (instance.factsSha256() == null) {
      return unwritten(
          Outcome.REFUSED_CHANGED,
          "the plan records no facts sha256 for connectwise "
              + before.instance()
              + " (a rollback plan whose fetch after writing failed?), so apply cannot tell"
              + " whether the instance changed; nothing was written: make a new plan",
          planned,
          before,
          responses);
    }
    if (instance.snapshots() > 1) {
      return unwritten(
          Outcome.REFUSED_CHANGED,
          "the plan was made from "
              + instance.snapshots()
              + " snapshots of connectwise "
              + before.instance()
              + ", and apply compares the instance with its one fetch before writing, so it"
              + " cannot tell whether the instance changed; nothing was written: fetch the"
              + " instance once (every --integration in the one fetch) and plan from that snapshot",
          planned,
          before,
          responses);
    }
    if (!fresh.equals(instance.factsSha256())) {
      return unwritten(
          Outcome.REFUSED_CHANGED,
          "connectwise "
              + before.instance()
              + " changed since the plan was made (facts sha256 "
              + fresh
              + ", the plan's "
              + instance.factsSha256()
              + "); nothing was written: make a new plan (fetch with the same --integration"
              + " options as the plan's snapshot)",
          planned,
          before,
          responses);
    }

    List<InputProblem> inconsistent = consistency(req, before, planned);
    if (!inconsistent.isEmpty()) {
      throw new InvalidInputException(inconsistent);
    }

    ConnectWiseWriter writer =
        new ConnectWiseWriter(
            t.credentials(),
            URI.create(before.provenance().baseUrl()),
            t.options().apiVersion(),
            t.settings(),
            PsaHttpClient.Listener.none());
    List<Step> done = new ArrayList<>();
    String failure = null;
    for (Step s : planned) {
      if (s.status() != Status.WOULD_APPLY) {
        done.add(s);
      } else if (failure != null) {
        done.add(new Step(s.instance(), s.action(), s.write(), Status.NOT_APPLIED, null));
      } else {
        try {
          writer.send(s.write());
          done.add(new Step(s.instance(), s.action(), s.write(), Status.APPLIED, null));
        } catch (HttpFailure f) {
          failure = f.getMessage();
          done.add(new Step(s.instance(), s.action(), s.write(), Status.FAILED, failure));
        }
      }
    }

    Snapshot after = null;
    String afterProblem = null;
    List<RecordedResponse> afterResponses = new ArrayList<>();
    try {
      after = fetch(req, "apply-after", afterResponses);
    } catch (FetchException | RequestException e) {
      afterProblem = e.getMessage();
    }
    Evaluation.Result afterCheck = null;
    List<Verified> verified = new ArrayList<>();
    List<String> other = new ArrayList<>();
    if (after != null) {
      Evaluation.Result beforeCheck = check(req, before);
      afterCheck = check(req, after);
      Set<String> open = new LinkedHashSet<>();
      afterCheck.report().violations().forEach(v -> open.add(v.fingerprint()));
      Set<String> was = new LinkedHashSet<>();
      beforeCheck.report().violations().forEach(v -> was.add(v.fingerprint()));
      Set<String> moved = new LinkedHashSet<>();
      for (Step s : done) {
        if (s.status() == Status.APPLIED) {
          String id = s.action().principal().id();
          moved.add(id);
          List<String> cleared = new ArrayList<>();
          List<String> still = new ArrayList<>();
          for (String fp : s.action().clears()) {
            (open.contains(fp) ? still : cleared).add(fp);
          }
          List<String> appeared = new ArrayList<>();
          for (Violation v : afterCheck.report().violations()) {
            if (id.equals(v.subject().principalId()) && !was.contains(v.fingerprint())) {
              appeared.add(v.ruleId() + " " + v.fingerprint());
            }
          }
          verified.add(new Verified(s.action().id(), cleared, still, appeared));
        }
      }
      other.addAll(otherChanges(before, after, done));
      for (Violation v : afterCheck.report().violations()) {
        if (!was.contains(v.fingerprint()) && !moved.contains(v.subject().principalId())) {
          other.add(
              "new violation "
                  + v.ruleId()
                  + " on "
                  + v.subject().principalName()
                  + " ("
                  + v.subject().principalId()
                  + ") "
                  + v.fingerprint());
        }
      }
    }
    Plan rollback = rollback(req, instance, done, after);
    return new Result(
        failure == null ? Outcome.APPLIED : Outcome.FAILED,
        failure,
        done,
        before,
        after,
        afterProblem,
        afterCheck,
        verified,
        other,
        rollback,
        responses,
        writer.requests(),
        afterResponses);
  }

  /** The result of a run that wrote nothing: no fetch after, no check, no rollback. */
  private static Result unwritten(
      Outcome outcome,
      String message,
      List<Step> steps,
      Snapshot before,
      List<RecordedResponse> responses) {
    return new Result(
        outcome, message, steps, before, null, null, null, List.of(), List.of(), null, responses,
        List.of(), List.of());
  }

  /**
   * The policy files the plan was made with that the re-check does not read, or the other way round
   * (by kind and sha256): a re-check under another policy may judge what the plan claimed
   * differently.
   */
  public static List<String> policyDifferences(Plan plan, Policy policy) {
    Set<String> planned = new LinkedHashSet<>();
    for (Plan.PlanInput in : policyInputs(plan)) {
      planned.add(in.kind() + " " + in.sha256());
    }
    Set<String> now = new LinkedHashSet<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (InputFile f : policy.inputs()) {
      now.add(f.kind().id() + " " + f.sha256());
      names.put(f.kind().id() + " " + f.sha256(), f.location());
    }
    for (Plan.PlanInput in : plan.inputs()) {
      names.putIfAbsent(in.kind() + " " + in.sha256(), in.location());
    }
    List<String> out = new ArrayList<>();
    if (planned.isEmpty()) {
      // a plan written by hand lists no policy files: nothing to compare against
      return out;
    }
    for (String k : planned) {
      if (!now.contains(k)) {
        out.add("the plan read " + k.substring(0, k.indexOf(' ')) + " " + names.get(k));
      }
    }
    for (String k : now) {
      if (!planned.contains(k)) {
        out.add("the re-check reads " + k.substring(0, k.indexOf(' ')) + " " + names.get(k));
      }
    }
    return out;
  }

  /**
   * The plan's inputs that are policy files: not its snapshots, responses or the plan it undoes.
   */
  private static List<Plan.PlanInput> policyInputs(Plan plan) {
    List<String> facts =
        List.of(InputKind.SNAPSHOT.id(), InputKind.RESPONSE.id(), InputKind.PLAN.id());
    return plan.inputs().stream().filter(in -> !facts.contains(in.kind())).toList();
  }

  /**
   * What a plan says that the instance contradicts, checked before any write (a plan file is an
   * input like any other: its hash proves only that it is the plan a reviewer approved): each
   * member exists as an API member and holds the role the action moves it from; each target role
   * exists; and a move that claims to clear violations never goes to an admin role (no
   * least-privilege fix does; a rollback, which claims nothing, may restore one).
   */
  private static List<InputProblem> consistency(Request req, Snapshot before, List<Step> planned) {
    List<InputProblem> out = new ArrayList<>();
    String file = req.planFile().location();
    for (Step s : planned) {
      if (s.status() != Status.WOULD_APPLY) {
        continue;
      }
      Action a = s.action();
      SnapshotPrincipal p =
          before.principals().stream()
              .filter(x -> x.id().equals(a.principal().id()))
              .findFirst()
              .orElse(null);
      String where = a.id() + ": ";
      if (p == null || !"api-member".equals(p.kind())) {
        out.add(
            InputProblem.at(
                file, where + "no API member " + a.principal().id() + " in " + before.instance()));
        continue;
      }
      if (a.kind() != Action.Kind.REASSIGN) {
        continue;
      }
      if (!a.from().roleId().equals(p.roleId())) {
        out.add(
            InputProblem.at(
                file,
                where
                    + p.name()
                    + " ("
                    + p.id()
                    + ") holds role id "
                    + p.roleId()
                    + ", not "
                    + a.from().display()
                    + " as the plan says"));
      }
      Snapshot.SnapshotRole target = before.role(a.to().roleId());
      if (target == null) {
        out.add(
            InputProblem.at(
                file,
                where
                    + "no security role "
                    + a.to().display()
                    + " in "
                    + before.instance()
                    + " (fetched with --roles held? apply needs --roles all)"));
      } else if (target.admin() && !a.clears().isEmpty()) {
        out.add(
            InputProblem.at(
                file,
                where
                    + "moves "
                    + p.name()
                    + " ("
                    + p.id()
                    + ") to the admin role "
                    + a.to().display()
                    + ": no least-privilege fix does"));
      }
    }
    return out;
  }

  /** The plan instance the fetched snapshot describes, or null. */
  private static InstancePlan instanceOf(Plan plan, Snapshot s) {
    for (InstancePlan i : plan.instances()) {
      if (i.platform() == s.platform() && i.instance().equals(s.instance())) {
        return i;
      }
    }
    return null;
  }

  /**
   * Every action with the write it makes and its status: automated ConnectWise actions of {@code
   * only} (every ConnectWise instance when null) would apply; deactivations without {@code
   * --deactivate-unused} are skipped; the rest are manual.
   */
  private static List<Step> steps(Plan plan, boolean deactivateUnused, InstancePlan only) {
    List<Step> out = new ArrayList<>();
    for (InstancePlan i : plan.instances()) {
      for (Action a : i.actions()) {
        if (!a.automated()) {
          out.add(new Step(i, a, null, Status.MANUAL, null));
        } else if (only != null && i != only) {
          out.add(
              new Step(
                  i,
                  a,
                  write(a),
                  Status.SKIPPED,
                  "another instance than the one fetched (" + only.instance() + ")"));
        } else if (a.kind() == Action.Kind.DEACTIVATE && !deactivateUnused) {
          out.add(new Step(i, a, write(a), Status.SKIPPED, "needs --deactivate-unused"));
        } else {
          out.add(new Step(i, a, write(a), Status.WOULD_APPLY, null));
        }
      }
    }
    return out;
  }

  private static Write write(Action a) {
    return a.kind() == Action.Kind.REASSIGN
        ? ConnectWiseWriter.reassign(a.principal().id(), a.to().roleId(), a.to().role())
        : ConnectWiseWriter.inactive(a.principal().id(), true);
  }

  private static Snapshot fetch(Request req, String label, List<RecordedResponse> responses)
      throws FetchException, RequestException {
    Target t = req.target();
    FetchResult r =
        new ConnectWiseFetcher(
                t.credentials(),
                t.options(),
                t.settings(),
                req.clock(),
                PsaHttpClient.Listener.none(),
                Progress.none())
            .fetch();
    responses.addAll(r.responses());
    return Assignments.labelled(
        Assignments.apply(r.snapshot(), t.integrations()), Origin.FETCH, label);
  }

  private static Evaluation.Result check(Request req, Snapshot s) throws InvalidInputException {
    return Evaluation.run(
        new Evaluation.Request(
            req.policy(),
            List.of(s),
            req.allowUnknown(),
            req.clock().instant(),
            req.toolVersion(),
            req.runIds().get()));
  }

  /**
   * What differs between the two fetches besides the applied actions: any principal other than the
   * ones changed, the changed ones in anything but their role (or inactive flag), and the roles.
   */
  static List<String> otherChanges(Snapshot before, Snapshot after, List<Step> steps) {
    Map<String, Step> changed = new LinkedHashMap<>();
    for (Step s : steps) {
      if (s.status() == Status.APPLIED) {
        changed.put(s.action().principal().id(), s);
      }
    }
    List<String> out = new ArrayList<>();
    Map<String, SnapshotPrincipal> was = new LinkedHashMap<>();
    before.principals().forEach(p -> was.put(p.id(), p));
    Map<String, SnapshotPrincipal> now = new LinkedHashMap<>();
    after.principals().forEach(p -> now.put(p.id(), p));
    for (String id : was.keySet()) {
      if (!now.containsKey(id)) {
        out.add("principal " + was.get(id).name() + " (" + id + ") is gone");
      }
    }
    for (SnapshotPrincipal p : after.principals()) {
      SnapshotPrincipal old = was.get(p.id());
      if (old == null) {
        out.add("principal " + p.name() + " (" + p.id() + ") is new");
        continue;
      }
      Step s = changed.get(p.id());
      if (s == null) {
        if (!old.equals(p)) {
          out.add(
              "principal " + p.name() + " (" + p.id() + ") changed, but no action was about it");
        }
        continue;
      }
      Action a = s.action();
      if (a.kind() == Action.Kind.REASSIGN) {
        if (!a.to().roleId().equals(p.roleId())) {
          out.add(
              a.id()
                  + ": "
                  + p.name()
                  + " ("
                  + p.id()
                  + ") holds role id "
                  + p.roleId()
                  + ", not "
                  + a.to().roleId());
        }
        if (old.inactive() != p.inactive()) {
          out.add(a.id() + ": " + p.name() + " (" + p.id() + ") also changed its inactive flag");
        }
      } else if (!p.inactive()) {
        out.add(a.id() + ": " + p.name() + " (" + p.id() + ") is still active");
      } else if (!Objects.equals(old.roleId(), p.roleId())) {
        out.add(a.id() + ": " + p.name() + " (" + p.id() + ") also changed its role");
      }
    }
    if (!before.roles().equals(after.roles())) {
      out.add("the instance's roles changed");
    }
    return out;
  }

  /**
   * The rollback plan: per applied reassignment one that moves the member back; per applied
   * deactivation a manual step to reactivate it (the plan format has no automated reactivation).
   * Its facts hash is the instance after the writes, so apply runs it only on the state it left.
   */
  private static Plan rollback(
      Request req, InstancePlan instance, List<Step> steps, Snapshot after) {
    List<Action> actions = new ArrayList<>();
    int auto = 0;
    int manual = 0;
    for (Step s : steps) {
      if (s.status() != Status.APPLIED) {
        continue;
      }
      Action a = s.action();
      if (a.kind() == Action.Kind.REASSIGN) {
        RoleRef back = a.from();
        actions.add(
            new Action(
                "A" + (++auto),
                Action.Kind.REASSIGN,
                true,
                null,
                a.principal(),
                null,
                a.to(),
                back,
                "rollback of "
                    + a.id()
                    + " of plan "
                    + req.plan().planHash()
                    + ": back to "
                    + back.display(),
                List.of(
                    "System > Members > API Members > '"
                        + a.principal().name()
                        + "': set Role ID to "
                        + back.display()),
                List.of()));
      } else {
        actions.add(
            new Action(
                "M" + (++manual),
                Action.Kind.MANUAL,
                false,
                null,
                a.principal(),
                null,
                null,
                null,
                "rollback of " + a.id() + " of plan " + req.plan().planHash() + ": reactivate",
                List.of(
                    "System > Members > API Members > '"
                        + a.principal().name()
                        + "': clear Inactive"),
                List.of()));
      }
    }
    InstancePlan i =
        new InstancePlan(
            instance.platform(),
            instance.instance(),
            after == null ? null : SnapshotWriter.factsSha256(after),
            List.of(),
            List.of(),
            actions);
    // the plan it undoes, and that plan's policy files: the rollback's re-check runs with them
    List<Plan.PlanInput> inputs = new ArrayList<>();
    inputs.add(
        new Plan.PlanInput(
            InputKind.PLAN.id(), req.planFile().location(), req.planFile().sha256()));
    inputs.addAll(policyInputs(req.plan()));
    Plan p =
        new Plan(
            Plan.FORMAT_VERSION,
            null,
            Instant.now(req.clock()),
            new Plan.Tool("psa-policy", req.toolVersion()),
            inputs,
            List.of(i));
    return p.withHash(PlanJson.hash(p));
  }
}
