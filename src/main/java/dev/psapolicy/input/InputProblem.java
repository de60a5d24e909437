package dev.psapolicy.input;

import java.util.Comparator;

/**
 * One problem in a user-supplied file, with the place it was found.
 *
 * <p>Rendered as {@code file:line:col: message} (or {@code file:line: message} when the column is
 * unknown, or {@code file: message} when no position is known), the form every editor and CI log
 * viewer turns into a link.
 *
 * @param file the file as the user named it
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param message what is wrong, one line
 */
public record InputProblem(String file, int line, int column, String message) {

  /** Orders problems by file, then position. */
  public static final Comparator<InputProblem> ORDER =
      Comparator.comparing(InputProblem::file)
          .thenComparingInt(InputProblem::line)
          .thenComparingInt(InputProblem::column)
          .thenComparing(InputProblem::message);

  public InputProblem {
    file = file == null ? "<input>" : file;
    message = message == null ? "invalid input" : message.replace('\n', ' ').strip();
  }

  /** A problem without a known position. */
  public static InputProblem at(String file, String message) {
    return new InputProblem(file, 0, 0, message);
  }

  @Override
  public String toString() {
    if (line <= 0) {
      return file + ": " + message;
    }
    if (column <= 0) {
      return file + ":" + line + ": " + message;
    }
    return file + ":" + line + ":" + column + ": " + message;
  }
}
