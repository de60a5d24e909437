package dev.psapolicy.render;

import dev.psapolicy.report.Report;
import java.io.IOException;
import java.io.OutputStream;

/** Turns a report into bytes of one format. Pure: no clock, no network, no files. */
public interface Renderer extends Format<Report> {
  /** The format name used with --format. */
  @Override
  String name();

  /** Writes the report. */
  void render(Report report, OutputStream out) throws IOException;

  @Override
  default void write(Report report, OutputStream out) throws IOException {
    render(report, out);
  }
}
