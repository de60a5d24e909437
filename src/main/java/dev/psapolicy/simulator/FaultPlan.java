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

  /** The first fault that applies to the request, counted as used; null when none. */
  public synchronized Fault next(String pathAndQuery) {
    for (int i = 0; i < faults.size(); i++) {
      Fault f = faults.get(i);
      if (!f.matches(pathAndQuery)) {
        continue;
      }
      if (f.times() >= 0 && used.get(i) >= f.times()) {
        continue;
      }
      used.set(i, used.get(i) + 1);
      return f;
    }
    return null;
  }
}
