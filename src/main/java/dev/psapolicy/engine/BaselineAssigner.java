package dev.psapolicy.engine;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.baseline.Recognise;
import dev.psapolicy.facts.Assignment;
import dev.psapolicy.facts.Recognition;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import java.util.ArrayList;
import java.util.List;

/**
 * Which baselines apply to an API user: the one function, in this order: the user's own {@code
 * integrations} in the snapshot; else the first matching rule (the policy config's {@code assign}
 * entries); else the one baseline of the user's platform whose {@code recognise:} patterns match
 * it; else the default baselines. Baselines of another platform than the user's are skipped, so one
 * entry may name a vendor's ConnectWise and Autotask baselines together, and only baselines of the
 * user's platform can recognise it. When two or more baselines recognise one user, none is chosen
 * by recognition (the choice is not guessed): the user gets the defaults and the choice carries the
 * matches, which the rule PSA-AMBIGUOUS-INTEGRATION reports.
 */
public final class BaselineAssigner {

  /** A rule that assigns baselines to the principals it matches. */
  public interface Rule {
    /** True when the rule applies to the principal of the snapshot. */
    boolean matches(Snapshot snapshot, SnapshotPrincipal principal);

    /** The baselines it assigns. */
    List<String> baselineIds();
  }

  /**
   * A decision.
   *
   * @param baselineIds ids chosen
   * @param origin where they came from
   * @param recognition what matched when the origin is {@code RECOGNISED}, else null
   * @param ambiguous the matches when two or more baselines recognised the user, else empty
   */
  public record Choice(
      List<String> baselineIds,
      Assignment.Origin origin,
      Recognition recognition,
      List<Recognition> ambiguous) {
    public Choice {
      baselineIds = List.copyOf(baselineIds);
      ambiguous = List.copyOf(ambiguous);
    }

    /** A choice that recognition played no part in. */
    public Choice(List<String> baselineIds, Assignment.Origin origin) {
      this(baselineIds, origin, null, List.of());
    }
  }

  private final BaselineSet baselines;
  private final List<Rule> rules;
  private final List<String> defaults;

  private BaselineAssigner(
      BaselineSet baselines, List<? extends Rule> rules, List<String> defaults) {
    this.baselines = baselines;
    this.rules = List.copyOf(rules);
    this.defaults = List.copyOf(defaults);
  }

  /** Declared integrations, else the first matching rule, else recognition, else the defaults. */
  public static BaselineAssigner of(
      BaselineSet baselines, List<? extends Rule> rules, List<String> defaults) {
    return new BaselineAssigner(baselines, rules, defaults);
  }

  /** Declared integrations, else recognition, else the defaults (no rules). */
  public static BaselineAssigner defaults(BaselineSet baselines, List<String> defaults) {
    return new BaselineAssigner(baselines, List.of(), defaults);
  }

  /** The baselines for one principal and where the decision came from. */
  public Choice assign(Snapshot snapshot, SnapshotPrincipal p) {
    if (!p.integrations().isEmpty()) {
      return new Choice(p.integrations(), Assignment.Origin.SNAPSHOT);
    }
    for (Rule r : rules) {
      if (r.matches(snapshot, p)) {
        return new Choice(ofPlatform(snapshot, r.baselineIds()), Assignment.Origin.CONFIG);
      }
    }
    List<Recognition> matches = recognitions(snapshot, p);
    if (matches.size() == 1) {
      Recognition only = matches.get(0);
      return new Choice(List.of(only.baselineId()), Assignment.Origin.RECOGNISED, only, List.of());
    }
    return new Choice(
        ofPlatform(snapshot, defaults),
        Assignment.Origin.DEFAULT,
        null,
        matches.size() > 1 ? matches : List.of());
  }

  /** Per baseline of the snapshot's platform, the first of its patterns that matches the user. */
  private List<Recognition> recognitions(Snapshot snapshot, SnapshotPrincipal p) {
    List<Recognition> out = new ArrayList<>();
    for (Baseline b : baselines.all()) {
      if (b.platform() != snapshot.platform()) {
        continue;
      }
      for (Recognise.Pattern pattern : b.recognise().patterns()) {
        if (pattern.glob().matches(value(p, pattern.field()))) {
          out.add(new Recognition(b.id(), pattern.key(), pattern.glob().text()));
          break;
        }
      }
    }
    return out;
  }

  private static String value(SnapshotPrincipal p, Recognise.Field field) {
    return switch (field) {
      case IDENTIFIER -> p.identifier();
      case NAME -> p.name();
      case EMAIL -> p.email();
      case NOTES -> p.notes();
    };
  }

  private List<String> ofPlatform(Snapshot snapshot, List<String> ids) {
    return ids.stream()
        .filter(
            id -> {
              Baseline b = baselines.get(id);
              return b == null || b.platform() == snapshot.platform();
            })
        .toList();
  }
}
