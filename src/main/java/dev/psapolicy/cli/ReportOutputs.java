package dev.psapolicy.cli;

import dev.psapolicy.render.Renderer;
import dev.psapolicy.render.Renderers;
import dev.psapolicy.report.Report;
import dev.psapolicy.run.OutputFiles;
import dev.psapolicy.run.RequestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * Where a report goes: {@code --format NAME} for standard output (or {@code -o FILE}), plus any
 * number of {@code --output NAME=FILE} for more formats at once. A value of {@code --output} counts
 * as NAME=FILE only when NAME is a known format; otherwise it is the file of {@code --format}
 * (write {@code ./json=x} for a file really called {@code json=x}).
 */
final class ReportOutputs {
  /** One rendering: the format and its file (null for standard output). */
  record Target(Renderer renderer, String file) {}

  private final List<Target> targets;

  private ReportOutputs(List<Target> targets) {
    this.targets = List.copyOf(targets);
  }

  /** Adds {@code --format} and {@code -o/--output}. */
  static Options addOptions(Options options) {
    return options
        .addOption(
            Option.builder()
                .longOpt("format")
                .hasArg()
                .argName("NAME")
                .desc(
                    "format of standard output (or of -o FILE): "
                        + String.join(", ", Renderers.names())
                        + " (default text)")
                .get())
        .addOption(
            Option.builder("o")
                .longOpt("output")
                .hasArg()
                .argName("FILE|NAME=FILE")
                .desc(
                    "FILE: write the --format output to FILE instead of standard output;"
                        + " NAME=FILE: also write format NAME to FILE; repeatable")
                .get());
  }

  /** Parses the options; usage errors name the offending value. */
  static ReportOutputs parse(CommandLine cmd) throws UsageException {
    String format = cmd.getOptionValue("format", "text");
    Renderer main = renderer(format, "--format");
    String mainFile = null;
    List<Target> extra = new ArrayList<>();
    Set<String> files = new HashSet<>();
    for (String value : Inputs.values(cmd, "output")) {
      int eq = value.indexOf('=');
      String name = eq > 0 ? value.substring(0, eq) : null;
      if (name != null && Renderers.byName(name) != null) {
        String file = value.substring(eq + 1);
        if (file.isEmpty()) {
          throw new UsageException("--output " + value + " names no file");
        }
        if (!files.add(file)) {
          throw new UsageException("--output names " + file + " twice");
        }
        extra.add(new Target(Renderers.byName(name), file));
      } else {
        if (mainFile != null) {
          throw new UsageException(
              "-o FILE given twice ('"
                  + mainFile
                  + "' and '"
                  + value
                  + "'); for more formats use --output NAME=FILE with NAME one of "
                  + String.join(", ", Renderers.names()));
        }
        if (!files.add(value)) {
          throw new UsageException("--output names " + value + " twice");
        }
        mainFile = value;
      }
    }
    List<Target> all = new ArrayList<>();
    all.add(new Target(main, mainFile));
    all.addAll(extra);
    return new ReportOutputs(all);
  }

  private static Renderer renderer(String name, String option) throws UsageException {
    Renderer r = Renderers.byName(name);
    if (r == null) {
      throw new UsageException(Renderers.FORMATS.unknown(name));
    }
    return r;
  }

  /** Outputs to exactly these targets (tests give renderers of their own). */
  static ReportOutputs of(List<Target> targets) {
    return new ReportOutputs(targets);
  }

  /**
   * Checks before the evaluation that every file target could be written, so that a bad location is
   * a one-line usage error (exit 2) and costs no run.
   */
  void checkWritable(Context ctx) throws RequestException {
    for (Target t : targets) {
      if (t.file() != null) {
        OutputFiles.checkWritable(ctx.path(t.file()));
      }
    }
  }

  /**
   * Renders every target before putting any in place (a renderer that fails leaves every file as it
   * was): files are streamed to temporary files next to them, standard output to memory; then the
   * files are renamed into place, each atomically, and standard output is written last.
   */
  void write(Report report, Context ctx) throws IOException, RequestException {
    List<OutputFiles.Staged> staged = new ArrayList<>();
    List<byte[]> toStdout = new ArrayList<>();
    try {
      for (Target t : targets) {
        if (t.file() == null) {
          toStdout.add(render(t.renderer(), report));
        } else {
          staged.add(
              OutputFiles.stage(ctx.path(t.file()), out -> t.renderer().render(report, out)));
        }
      }
      for (OutputFiles.Staged s : staged) {
        s.publish();
      }
    } finally {
      staged.forEach(OutputFiles.Staged::close);
    }
    for (byte[] b : toStdout) {
      ctx.out().write(b);
      ctx.out().flush();
    }
  }

  static byte[] render(Renderer r, Report report) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    r.render(report, bytes);
    return bytes.toByteArray();
  }
}
