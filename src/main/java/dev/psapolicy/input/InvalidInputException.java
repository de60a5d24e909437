package dev.psapolicy.input;

import java.util.List;

/** Thrown when one or more user-supplied files are invalid; carries every problem found. */
public final class InvalidInputException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<InputProblem> problems;

  public InvalidInputException(List<InputProblem> problems) {
    super(problems.isEmpty() ? "invalid input" : problems.get(0).toString());
    this.problems = problems.stream().sorted(InputProblem.ORDER).toList();
  }

  public InvalidInputException(InputProblem problem) {
    this(List.of(problem));
  }

  public List<InputProblem> problems() {
    return problems;
  }
}
