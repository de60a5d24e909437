package dev.psapolicy.render;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One output format of one kind of result (a run's report, a drift, a rule-test report).
 *
 * @param <T> what it renders
 */
public interface Format<T> {
  /** The name users give with {@code --format}. */
  String name();

  /** Writes {@code subject} in this format. */
  void write(T subject, OutputStream out) throws IOException;

  /** A format from a name and a writing function. */
  static <T> Format<T> of(String name, Writer<T> writer) {
    return new Format<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void write(T subject, OutputStream out) throws IOException {
        writer.write(subject, out);
      }
    };
  }

  /** What writes a subject. */
  @FunctionalInterface
  interface Writer<T> {
    void write(T subject, OutputStream out) throws IOException;
  }
}
