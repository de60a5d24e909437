package dev.psapolicy.run;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.Origin;
import dev.psapolicy.source.snapshot.SnapshotWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which integrations (baseline ids) fetched principals serve. A PSA does not know this, so the user
 * says it: {@code --integration BASELINE=PRINCIPAL} for one principal, or {@code --integration
 * BASELINE} for every principal of the fetch (an Autotask fetch audits one).
 */
public final class Assignments {
  private Assignments() {}

  /** Parses {@code --integration} values into principal id → baseline ids (key "*" = all). */
  public static Map<String, List<String>> parse(List<String> values) throws RequestException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String v : values) {
      int eq = v.indexOf('=');
      String baseline = (eq < 0 ? v : v.substring(0, eq)).strip();
      String principal = eq < 0 ? "*" : v.substring(eq + 1).strip();
      if (baseline.isEmpty() || principal.isEmpty()) {
        throw new RequestException(
            "--integration '" + v + "' is not BASELINE or" + " BASELINE=PRINCIPAL_ID");
      }
      out.computeIfAbsent(principal, k -> new ArrayList<>()).add(baseline);
    }
    return out;
  }

  /** The snapshot with the integrations added to its principals. */
  public static Snapshot apply(Snapshot s, Map<String, List<String>> byPrincipal)
      throws RequestException {
    Set<String> ids = new LinkedHashSet<>();
    s.principals().forEach(p -> ids.add(p.id()));
    for (String id : byPrincipal.keySet()) {
      if (!id.equals("*") && !ids.contains(id)) {
        throw new RequestException(
            "--integration names principal '"
                + id
                + "', which the fetch did not find (found: "
                + (ids.isEmpty() ? "none" : String.join(", ", ids))
                + ")");
      }
    }
    List<SnapshotPrincipal> out = new ArrayList<>();
    for (SnapshotPrincipal p : s.principals()) {
      Set<String> integrations = new LinkedHashSet<>(p.integrations());
      integrations.addAll(byPrincipal.getOrDefault("*", List.of()));
      integrations.addAll(byPrincipal.getOrDefault(p.id(), List.of()));
      out.add(p.withIntegrations(List.copyOf(integrations)));
    }
    return s.withPrincipals(out);
  }

  /**
   * The fetched snapshot as an input of the run: the JSON it is written as (the bytes its hash and
   * an evidence pack hold), named by its origin and label.
   */
  public static Snapshot labelled(Snapshot s, Origin origin, String label) {
    return s.withInput(
        InputFile.of(InputKind.SNAPSHOT, origin, label, null, SnapshotWriter.toJson(s)));
  }
}
