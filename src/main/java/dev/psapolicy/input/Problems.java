package dev.psapolicy.input;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one or more files so that all of them are reported together. */
public final class Problems {
  private final List<InputProblem> list = new ArrayList<>();

  public void add(InputProblem problem) {
    list.add(problem);
  }

  public void add(String file, Node at, String message) {
    list.add(
        at == null
            ? InputProblem.at(file, message)
            : new InputProblem(file, at.line(), at.column(), message));
  }

  public void addAll(List<InputProblem> problems) {
    list.addAll(problems);
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public List<InputProblem> list() {
    return List.copyOf(list);
  }

  /** Throws when any problem was collected. */
  public void throwIfAny() throws InvalidInputException {
    if (!list.isEmpty()) {
      throw new InvalidInputException(list);
    }
  }
}
