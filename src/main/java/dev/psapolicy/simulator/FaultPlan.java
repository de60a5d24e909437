package dev.psapolicy.simulator;

import java.util.ArrayList;
import java.util.List;

/** The faults a simulator injects, each used up after its count. Thread-safe. */
public final class FaultPlan {
  private final List<Fault> faults = new ArrayList<>();
  private final List<Integer> used = new ArrayList<>();

  /** A plan with no faults. */
  public static FaultPlan none() {
    return new FaultPlan();
  }

  /** A plan of the given faults, tried in order. */
  public static FaultPlan of(List<Fault> faults) {
    FaultPlan p = new FaultPlan();
    faults.forEach(p::add);
    return p;
  }

  /** Adds a fault (tried after the earlier ones). */
  public synchronized FaultPlan add(Fault f) {
    faults.add(f);
    used.add(0);
    return this;
  }

  /** Removes every fault. */
  public synchronized void clear() {
    faults.clear();
    used.clear();
  }

  /**
   * The first fault that applies to this path whatever the method, counted as used; null when none.
   */
  public Fault next(String pathAndQuery) {
    return next(null, pathAndQuery);
  }

  /**
   * The first fault that applies to the request (method null: any), counted as used; null when
   * none. A fault's count covers every matching request, the ones its {@code #AFTER} lets through
   * included.
   */
  public synchronized Fault next(String method, String pathAndQuery) {
    for (int i = 0; i < faults.size(); i++) {
      Fault f = faults.get(i);
      if (!f.matches(method, pathAndQuery)) {
        continue;
      }
      int seen = used.get(i);
      if (f.times() >= 0 && seen >= f.after() + f.times()) {
        continue;
      }
      used.set(i, seen + 1);
      if (seen < f.after()) {
        // let through, but keep looking: a later fault may still apply
        continue;
      }
      return f;
    }
    return null;
  }
}
