package dev.psapolicy.engine;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Principal;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.gate.Gate;
import dev.psapolicy.input.InputRef;
import dev.psapolicy.report.PrincipalInfo;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.RunInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.ruleset.RuleSource;
import dev.psapolicy.waiver.Exemptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One evaluation from loaded inputs to a report: assemble facts, fire the rules, apply waivers and
 * accepted findings ({@link Exemptions}), apply the gate. Commands (check, accept, evidence, test)
 * all go through here.
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * What an evaluation needs.
   *
   * @param snapshots the permission facts
   * @param assembler turns snapshots into facts
   * @param engine the rules to fire
   * @param baselines the baselines in use (for run metadata)
   * @param allowUnknown report unknown permissions as findings instead of incomplete data
   * @param failOn gate threshold
   * @param startedAt run start time; waivers are judged on its UTC day
   * @param toolVersion psa-policy version
   * @param exemptions waivers and accepted findings
   * @param otherInputs further files the run read (the policy config), for run metadata
   * @param runId the run's UUID (injected so that tests are deterministic); null for a random one
   */
  public record Request(
      List<Snapshot> snapshots,
      FactAssembler assembler,
      Engine engine,
      List<Baseline> baselines,
      boolean allowUnknown,
      Severity failOn,
      Instant startedAt,
      String toolVersion,
      Exemptions exemptions,
      List<InputRef> otherInputs,
      String runId) {
    public Request {
      exemptions = exemptions == null ? Exemptions.NONE : exemptions;
      otherInputs = otherInputs == null ? List.of() : List.copyOf(otherInputs);
    }

    /** A request with a random run id. */
    public Request(
        List<Snapshot> snapshots,
        FactAssembler assembler,
        Engine engine,
        List<Baseline> baselines,
        boolean allowUnknown,
        Severity failOn,
        Instant startedAt,
        String toolVersion,
        Exemptions exemptions,
        List<InputRef> otherInputs) {
      this(
          snapshots,
          assembler,
          engine,
          baselines,
          allowUnknown,
          failOn,
          startedAt,
          toolVersion,
          exemptions,
          otherInputs,
          null);
    }

    /** A request without waivers, accepted findings or config. */
    public Request(
        List<Snapshot> snapshots,
        FactAssembler assembler,
        Engine engine,
        List<Baseline> baselines,
        boolean allowUnknown,
        Severity failOn,
        Instant startedAt,
        String toolVersion) {
      this(
          snapshots,
          assembler,
          engine,
          baselines,
          allowUnknown,
          failOn,
          startedAt,
          toolVersion,
          Exemptions.NONE,
          List.of());
    }
  }

  /**
   * The outcome.
   *
   * @param report the report, with the gate's verdict
   * @param facts the facts evaluated
   * @param exemptions what the waivers and accepted findings did (warnings, lapsed entries)
   */
  public record Result(Report report, FactSet facts, Exemptions.Applied exemptions) {}

  /** Runs the evaluation. */
  public static Result run(Request req) throws dev.psapolicy.input.InvalidInputException {
    FactSet facts = req.assembler().assemble(req.snapshots(), req.engine().needsAllowances());
    Exemptions.Applied applied =
        req.exemptions()
            .apply(req.engine().evaluate(facts), req.startedAt(), req.engine()::severityOf);
    List<Violation> violations = applied.violations();
    List<String> incomplete = new ArrayList<>(facts.incomplete());
    if (!req.allowUnknown()) {
      for (String u : facts.unknownCells()) {
        incomplete.add(u + "; use --allow-unknown to report it as a finding");
      }
    }
    boolean complete = incomplete.isEmpty();
    List<InputRef> inputs = new ArrayList<>();
    for (Snapshot s : req.snapshots()) {
      inputs.add(s.input().ref());
    }
    for (Baseline b : req.baselines()) {
      inputs.add(b.input().ref());
    }
    for (RuleSource r : req.engine().rules().sources()) {
      inputs.add(r.input().ref());
    }
    req.exemptions().inputs().forEach(f -> inputs.add(f.ref()));
    inputs.addAll(req.otherInputs());
    RunInfo run =
        new RunInfo(
            req.runId() == null ? UUID.randomUUID().toString() : req.runId(),
            req.startedAt(),
            req.toolVersion(),
            inputs,
            facts.grants().size(),
            complete,
            incomplete);
    List<RuleInfo> rules = new ArrayList<>(req.engine().effectiveRules());
    rules.addAll(applied.rules());
    rules.sort(Comparator.comparing(RuleInfo::id));
    Report report =
        new Report(
            run,
            principals(facts, req.snapshots()),
            rules,
            violations,
            Gate.decide(violations, req.failOn(), complete));
    return new Result(report, facts, applied);
  }

  private static List<PrincipalInfo> principals(FactSet facts, List<Snapshot> snapshots) {
    Map<String, Snapshot> sourceOf = new LinkedHashMap<>();
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    for (Snapshot s : snapshots) {
      for (Snapshot.SnapshotPrincipal sp : s.principals()) {
        String key = Principal.keyOf(s.platform().id(), s.instance(), sp.id());
        sourceOf.putIfAbsent(key, s);
        lineOf.putIfAbsent(key, sp.line());
      }
    }
    Map<String, List<PrincipalInfo.GrantInfo>> grants = new LinkedHashMap<>();
    for (Grant g : facts.grants()) {
      grants
          .computeIfAbsent(g.principalKey(), k -> new ArrayList<>())
          .add(
              new PrincipalInfo.GrantInfo(
                  g.module(), g.functionName(), g.verb().id(), g.level().label()));
    }
    List<PrincipalInfo> out = new ArrayList<>();
    for (Principal p : facts.principals()) {
      out.add(
          new PrincipalInfo(
              p.platform(),
              p.instance(),
              p.id(),
              p.name(),
              p.role(),
              p.integrations(),
              grants.getOrDefault(p.key(), List.of()),
              sourceOf.containsKey(p.key()) ? sourceOf.get(p.key()).input().ref() : null,
              lineOf.getOrDefault(p.key(), 0)));
    }
    out.sort(
        Comparator.comparing(PrincipalInfo::platform)
            .thenComparing(PrincipalInfo::instance)
            .thenComparing(PrincipalInfo::id));
    return out;
  }
}
