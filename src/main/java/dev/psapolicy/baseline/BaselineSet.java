package dev.psapolicy.baseline;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The baselines of a run, by id; ids are unique. */
public final class BaselineSet {
  private final Map<String, Baseline> byId;

  private BaselineSet(Map<String, Baseline> byId) {
    this.byId = byId;
  }

  /** Builds a set; two baselines with one id are an input error naming the later file. */
  public static BaselineSet of(Collection<Baseline> baselines) throws InvalidInputException {
    Map<String, Baseline> map = new LinkedHashMap<>();
    List<InputProblem> problems = new ArrayList<>();
    for (Baseline b : baselines) {
      Baseline prev = map.putIfAbsent(b.id(), b);
      if (prev != null && !prev.file().equals(b.file())) {
        problems.add(
            InputProblem.at(
                b.file(), "baseline id '" + b.id() + "' is already defined by " + prev.file()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return new BaselineSet(map);
  }

  public Baseline get(String id) {
    return byId.get(id);
  }

  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  /** All baselines in load order. */
  public List<Baseline> all() {
    return List.copyOf(byId.values());
  }

  public java.util.Set<String> ids() {
    return byId.keySet();
  }
}
