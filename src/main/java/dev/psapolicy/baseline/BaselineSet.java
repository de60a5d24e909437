package dev.psapolicy.baseline;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Origin;
import dev.psapolicy.input.Suggest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The baselines of a run, by id; ids are unique. */
public final class BaselineSet {
  private final Map<String, Baseline> byId;

  private BaselineSet(Map<String, Baseline> byId) {
    this.byId = byId;
  }

  /**
   * The built-in baselines with the user's files over them: a file whose id is a built-in one
   * replaces it (the one place that decision is made); two files with one id are an input error.
   */
  public static BaselineSet withFiles(Collection<Baseline> builtIn, Collection<Baseline> files)
      throws InvalidInputException {
    List<Baseline> all = new ArrayList<>(builtIn);
    for (Baseline f : files) {
      all.removeIf(x -> x.id().equals(f.id()) && x.input().origin() == Origin.BUILT_IN);
      all.add(f);
    }
    return of(all);
  }

  /** Whether a baseline reference names a file (else it is a baseline id). */
  public static boolean namesFile(String ref) {
    return ref.endsWith(".yaml")
        || ref.endsWith(".yml")
        || ref.endsWith(".json")
        || ref.contains("/");
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

  public Set<String> ids() {
    return byId.keySet();
  }

  /**
   * The one wording of "this id names no baseline of the run", with the closest known id when one
   * is close, else the known ids (a few) or where to list them (the built-in library has dozens).
   */
  public String unknown(String id) {
    String hint = Suggest.closest(id, ids());
    if (hint != null) {
      return "unknown baseline '" + id + "' (did you mean '" + hint + "'?)";
    }
    return "unknown baseline '"
        + id
        + "'"
        + (ids().size() <= LISTED
            ? " (known: " + String.join(", ", ids()) + ")"
            : " (" + ids().size() + " are known: psa-policy rules list --baselines)");
  }

  /** Up to this many ids, a message about an unknown one lists them all. */
  private static final int LISTED = 8;
}
