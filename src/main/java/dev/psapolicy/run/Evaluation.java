package dev.psapolicy.run;

import dev.psapolicy.engine.Engine;
import dev.psapolicy.engine.FactSet;
import dev.psapolicy.facts.Assignment;
import dev.psapolicy.facts.Grant;
import dev.psapolicy.facts.Principal;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.gate.Gate;
import dev.psapolicy.input.InputRef;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.report.PrincipalInfo;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.RunInfo;
import dev.psapolicy.report.Violation;
import dev.psapolicy.waiver.Exemptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One evaluation from a loaded {@link Policy} and snapshots to a report: assemble facts, fire the
 * rules, apply waivers and accepted findings ({@link Exemptions}), apply the gate. {@code check},
 * {@code accept}, {@code test} (cases and probes) and the benchmark all go through here.
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * What an evaluation needs.
   *
   * @param policy the loaded policy: baselines, rules, assignment, exemptions, threshold
   * @param snapshots the permission facts
   * @param allowUnknown report unknown permissions as findings instead of incomplete data
   * @param startedAt run start time; waivers are judged on its UTC day
   * @param toolVersion psa-policy version
   * @param runId the run's UUID (injected so that tests are deterministic); null for a random one
   */
  public record Request(
      Policy policy,
      List<Snapshot> snapshots,
      boolean allowUnknown,
      Instant startedAt,
      String toolVersion,
      String runId) {
    public Request {
      snapshots = List.copyOf(snapshots);
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
  public static Result run(Request req) throws InvalidInputException {
    Policy policy = req.policy();
    Engine engine = policy.engine();
    FactSet facts = policy.assembler().assemble(req.snapshots());
    Exemptions.Applied applied =
        policy.exemptions().apply(engine.evaluate(facts), req.startedAt(), engine::effective);
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
    policy.inputs().forEach(f -> inputs.add(f.ref()));
    RunInfo run =
        new RunInfo(
            req.runId() == null ? UUID.randomUUID().toString() : req.runId(),
            req.startedAt(),
            req.toolVersion(),
            inputs,
            facts.grants().size(),
            complete,
            incomplete);
    List<RuleInfo> rules = new ArrayList<>(engine.effectiveRules());
    rules.addAll(applied.rules());
    rules.sort(Comparator.comparing(RuleInfo::id));
    Report report =
        new Report(
            run,
            principals(facts, req.snapshots()),
            rules,
            violations,
            Gate.decide(violations, policy.failOn(), complete),
            policy.relaxations());
    return new Result(report, facts, applied);
  }

  private static PrincipalInfo.GrantInfo shown(Grant g) {
    return new PrincipalInfo.GrantInfo(
        g.module(), g.functionName(), g.verb().id(), g.level().label());
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
    Map<String, List<Grant>> grants = facts.grantsByPrincipal();
    // one choice per principal, so its first assignment tells where all of them came from
    Map<String, PrincipalInfo.AssignedBy> assignedBy = new LinkedHashMap<>();
    for (Assignment a : facts.assignments()) {
      assignedBy.putIfAbsent(
          a.principalKey(),
          new PrincipalInfo.AssignedBy(
              a.origin().word(),
              a.recognition() == null ? null : a.recognition().field(),
              a.recognition() == null ? null : a.recognition().pattern()));
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
              PrincipalInfo.grantView(grants.getOrDefault(p.key(), List.of()), Evaluation::shown),
              sourceOf.containsKey(p.key()) ? sourceOf.get(p.key()).input().ref() : null,
              lineOf.getOrDefault(p.key(), 0),
              assignedBy.get(p.key())));
    }
    out.sort(
        Comparator.comparing(PrincipalInfo::platform)
            .thenComparing(PrincipalInfo::instance)
            .thenComparing(PrincipalInfo::id));
    return out;
  }
}
