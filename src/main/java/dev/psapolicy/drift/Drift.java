package dev.psapolicy.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What changed between two states: principals added or removed, grants widened or narrowed (on the
 * lattice None &lt; My &lt; All), violations new, resolved or changed (severity or status).
 * Something {@link #widened()} when access or risk grew: a principal added, a grant widened, a new
 * violation, or a violation whose severity rose.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param oldLabel what the old side is
 * @param newLabel what the new side is
 * @param grantsCompared whether both sides had grants (snapshots or packs)
 * @param violationsCompared whether both sides had violations (results or packs)
 * @param principalsAdded principals only in the new side
 * @param principalsRemoved principals only in the old side
 * @param grantsWidened grants higher in the new side
 * @param grantsNarrowed grants lower in the new side
 * @param violationsNew violations only in the new side
 * @param violationsResolved violations only in the old side
 * @param violationsChanged violations in both with another severity or status
 * @param widened whether anything widened (the exit code is 1 then)
 */
public record Drift(
    int formatVersion,
    String oldLabel,
    String newLabel,
    boolean grantsCompared,
    boolean violationsCompared,
    List<State.Principal> principalsAdded,
    List<State.Principal> principalsRemoved,
    List<GrantChange> grantsWidened,
    List<GrantChange> grantsNarrowed,
    List<State.Finding> violationsNew,
    List<State.Finding> violationsResolved,
    List<FindingChange> violationsChanged,
    boolean widened) {

  /** Version of the JSON drift format. */
  public static final int FORMAT_VERSION = 1;

  /**
   * A grant whose level changed.
   *
   * @param principal principal key
   * @param principalName display name
   * @param module module
   * @param function function
   * @param verb verb
   * @param from old level (None when the old side did not list it)
   * @param to new level
   */
  public record GrantChange(
      String principal,
      String principalName,
      String module,
      String function,
      String verb,
      String from,
      String to) {}

  /**
   * A violation present in both sides with another severity or status.
   *
   * @param before the old
   * @param after the new
   * @param severityRose whether the severity is higher now
   */
  public record FindingChange(State.Finding before, State.Finding after, boolean severityRose) {}

  /** Compares two states. */
  public static Drift between(State old, State now) {
    List<State.Principal> added = new ArrayList<>();
    List<State.Principal> removed = new ArrayList<>();
    now.principals()
        .forEach(
            (k, p) -> {
              if (!old.principals().containsKey(k)) {
                added.add(p);
              }
            });
    old.principals()
        .forEach(
            (k, p) -> {
              if (!now.principals().containsKey(k)) {
                removed.add(p);
              }
            });

    boolean grantsCompared = old.grants() != null && now.grants() != null;
    List<GrantChange> widened = new ArrayList<>();
    List<GrantChange> narrowed = new ArrayList<>();
    if (grantsCompared) {
      for (Map.Entry<String, Map<String, State.GrantLevel>> e : now.grants().entrySet()) {
        Map<String, State.GrantLevel> before = old.grants().get(e.getKey());
        if (before == null) {
          continue; // an added principal: reported as such
        }
        String name = now.principals().get(e.getKey()).name();
        for (State.GrantLevel g : e.getValue().values()) {
          State.GrantLevel b = before.get(g.key());
          int from = b == null ? 0 : b.rank();
          if (g.rank() != from) {
            GrantChange c =
                new GrantChange(
                    e.getKey(),
                    name,
                    g.module(),
                    g.function(),
                    g.verb(),
                    b == null ? "None" : b.level(),
                    g.level());
            (g.rank() > from ? widened : narrowed).add(c);
          }
        }
        for (State.GrantLevel b : before.values()) {
          if (!e.getValue().containsKey(b.key()) && b.rank() > 0) {
            narrowed.add(
                new GrantChange(
                    e.getKey(), name, b.module(), b.function(), b.verb(), b.level(), "None"));
          }
        }
      }
    }

    boolean violationsCompared = old.violations() != null && now.violations() != null;
    List<State.Finding> fresh = new ArrayList<>();
    List<State.Finding> resolved = new ArrayList<>();
    List<FindingChange> changed = new ArrayList<>();
    if (violationsCompared) {
      now.violations()
          .forEach(
              (fp, v) -> {
                State.Finding b = old.violations().get(fp);
                if (b == null) {
                  fresh.add(v);
                } else if (!b.severity().equals(v.severity()) || !b.status().equals(v.status())) {
                  changed.add(new FindingChange(b, v, v.severityWeight() > b.severityWeight()));
                }
              });
      old.violations()
          .forEach(
              (fp, v) -> {
                if (!now.violations().containsKey(fp)) {
                  resolved.add(v);
                }
              });
    }
    boolean anyWider =
        !added.isEmpty()
            || !widened.isEmpty()
            || !fresh.isEmpty()
            || changed.stream().anyMatch(FindingChange::severityRose);
    return new Drift(
        FORMAT_VERSION,
        old.label(),
        now.label(),
        grantsCompared,
        violationsCompared,
        added,
        removed,
        widened,
        narrowed,
        fresh,
        resolved,
        changed,
        anyWider);
  }
}
