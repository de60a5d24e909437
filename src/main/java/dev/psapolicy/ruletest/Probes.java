package dev.psapolicy.ruletest;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineRow;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Origin;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.ruleset.RuleSet;
import dev.psapolicy.run.Evaluation;
import dev.psapolicy.run.Policy;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Widening probes: what the rule pack reports when an API user holds exactly what a baseline allows
 * except on one cell and verb, where it holds more. The basis of {@code test --mutate} (one lattice
 * step) and of the cell share of {@code test --coverage} (every level above).
 *
 * <p>For each baseline, one session holds a "compliant" principal (every cell at the allowed level)
 * and one principal per probe, so a whole baseline costs one evaluation.
 */
public final class Probes {
  /** Id prefix of the strict baselines {@link #strict} makes. */
  public static final String STRICT_PREFIX = "psa-policy-strict-";

  private Probes() {}

  /**
   * A baseline that allows nothing on a platform: widening any cell from it is an excess no vendor
   * guide excuses. The cell share of coverage probes it besides the real baselines, so that a cell
   * every shipped guide allows All on still counts when a rule reports an excess on it.
   */
  public static Baseline strict(Platform platform) {
    return new Baseline(
        STRICT_PREFIX + platform.id(),
        platform,
        "allows nothing",
        "psa-policy",
        "psa-policy",
        LocalDate.of(2026, 1, 1),
        InputFile.of(
            InputKind.BASELINE,
            Origin.GENERATED,
            STRICT_PREFIX + platform.id(),
            STRICT_PREFIX + platform.id(),
            new byte[0]),
        List.of());
  }

  /** True for a baseline made by {@link #strict}. */
  public static boolean isStrict(Baseline b) {
    return b.input().origin() == Origin.GENERATED && b.id().startsWith(STRICT_PREFIX);
  }

  /**
   * One widening.
   *
   * @param baseline the baseline the principal is assigned
   * @param cell the widened cell
   * @param verb the widened verb
   * @param allowed what the baseline allows there (None when it does not list the cell)
   * @param granted what the probe principal holds
   */
  public record Probe(Baseline baseline, Cell cell, Verb verb, Level allowed, Level granted) {
    /** True when the widening is a single lattice step. */
    public boolean oneStep() {
      return granted.rank() == allowed.rank() + 1;
    }

    /** "Finance / Agreements delete None -> My". */
    public String describe() {
      return cell + " " + verb.id() + " " + allowed.label() + " -> " + granted.label();
    }
  }

  /**
   * What the rules reported for a probe.
   *
   * @param probe the widening
   * @param flaggedBy ids of the rules that reported the widened cell and verb at the widened level
   */
  public record Outcome(Probe probe, Set<String> flaggedBy) {
    public Outcome {
      flaggedBy = Set.copyOf(flaggedBy);
    }
  }

  /**
   * The probes of one baseline.
   *
   * @param baseline the baseline
   * @param outcomes one per probe
   * @param compliantFindings violations reported for a principal holding exactly what the baseline
   *     allows (a rule that contradicts the baseline)
   */
  public record BaselineRun(
      Baseline baseline, List<Outcome> outcomes, List<Violation> compliantFindings) {
    public BaselineRun {
      outcomes = List.copyOf(outcomes);
      compliantFindings = List.copyOf(compliantFindings);
    }
  }

  /**
   * Runs the probes of each baseline.
   *
   * @param rules the rule pack
   * @param catalog the catalog whose cells are widened
   * @param set every baseline of the run (the probed ones must be in it)
   * @param baselines the baselines to probe
   * @param oneStepOnly widen by one lattice step only (mutation) or to every level above (coverage)
   * @param clock clock of run metadata
   */
  public static List<BaselineRun> run(
      RuleSet rules,
      PermissionCatalog catalog,
      BaselineSet set,
      List<Baseline> baselines,
      boolean oneStepOnly,
      Clock clock)
      throws InvalidInputException {
    Policy policy = Policy.of(catalog, set, List.of(), rules, Severity.INFO);
    List<BaselineRun> out = new ArrayList<>();
    for (Baseline b : baselines) {
      out.add(run(policy, catalog, b, oneStepOnly, clock));
    }
    return out;
  }

  private static BaselineRun run(
      Policy policy, PermissionCatalog catalog, Baseline b, boolean oneStepOnly, Clock clock)
      throws InvalidInputException {
    Map<Cell, BaselineRow> rows = b.byCell();
    Map<Cell, Map<Verb, Level>> compliant = new LinkedHashMap<>();
    for (BaselineRow r : rows.values()) {
      compliant.put(r.cell(), new LinkedHashMap<>(r.levels()));
    }
    List<Probe> probes = new ArrayList<>();
    for (Cell cell : catalog.known(b.platform())) {
      for (Verb verb : Verb.values()) {
        Level allowed = b.allowed(cell, verb);
        for (Level granted : Level.values()) {
          if (granted.rank() <= allowed.rank()) {
            continue;
          }
          probes.add(new Probe(b, cell, verb, allowed, granted));
          if (oneStepOnly) {
            break;
          }
        }
      }
    }
    List<SnapshotPrincipal> principals = new ArrayList<>();
    principals.add(principal("compliant", b, compliant));
    for (int i = 0; i < probes.size(); i++) {
      Probe p = probes.get(i);
      Map<Cell, Map<Verb, Level>> grants = new LinkedHashMap<>();
      compliant.forEach((c, levels) -> grants.put(c, new LinkedHashMap<>(levels)));
      grants.computeIfAbsent(p.cell(), c -> new LinkedHashMap<>()).put(p.verb(), p.granted());
      principals.add(principal("probe-" + i, b, grants));
    }
    Snapshot snapshot =
        new Snapshot(
            Snapshot.FORMAT_VERSION,
            b.platform(),
            "probes",
            null,
            true,
            List.of(),
            null,
            principals,
            InputFile.of(
                InputKind.SNAPSHOT, Origin.GENERATED, "probes-" + b.id(), null, new byte[0]));
    Evaluation.Result result =
        Evaluation.run(
            new Evaluation.Request(
                policy, List.of(snapshot), true, clock.instant(), "probe", null));
    Map<String, List<Violation>> byPrincipal = new HashMap<>();
    for (Violation v : result.report().violations()) {
      byPrincipal.computeIfAbsent(v.principalId(), k -> new ArrayList<>()).add(v);
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      Probe p = probes.get(i);
      Set<String> flagged = new LinkedHashSet<>();
      for (Violation v : byPrincipal.getOrDefault("probe-" + i, List.of())) {
        if (p.cell().module().equals(v.module())
            && p.cell().function().equals(v.function())
            && p.verb().id().equals(v.verb())
            && p.granted().label().equals(v.actual())) {
          flagged.add(v.ruleId());
        }
      }
      outcomes.add(new Outcome(p, flagged));
    }
    return new BaselineRun(b, outcomes, byPrincipal.getOrDefault("compliant", List.of()));
  }

  private static SnapshotPrincipal principal(
      String id, Baseline b, Map<Cell, Map<Verb, Level>> grants) {
    List<PermissionRow> rows = new ArrayList<>();
    grants.forEach(
        (cell, levels) ->
            rows.add(
                new PermissionRow(
                    cell.module(),
                    cell.function(),
                    label(levels.get(Verb.ADD)),
                    label(levels.get(Verb.EDIT)),
                    label(levels.get(Verb.DELETE)),
                    label(levels.get(Verb.INQUIRE)),
                    0)));
    String kind = b.platform() == Platform.AUTOTASK ? "resource" : "api-member";
    return new SnapshotPrincipal(
        id, "probe " + id, kind, "psa-policy probe", false, false, List.of(b.id()), rows, 0);
  }

  private static String label(Level l) {
    return l == null ? null : l.label();
  }
}
