package dev.psapolicy.cli;

import dev.psapolicy.drift.Drift;
import dev.psapolicy.drift.DriftLoader;
import dev.psapolicy.drift.DriftRenderer;
import dev.psapolicy.drift.State;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.run.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy diff OLD NEW}: drift between two snapshots, results files or evidence packs.
 * Exit 1 when something widened, so a scheduled job can alert; evidence packs are verified first
 * (exit 6 when one is not intact or not signed by {@code --public-key}; exit 2 when no key pins
 * their signer and {@code --allow-unsigned} is not given).
 */
final class DiffCommand implements Command {
  @Override
  public String name() {
    return "diff";
  }

  @Override
  public String summary() {
    return "drift between two snapshots, results or evidence packs (exit 1 when widened)";
  }

  @Override
  public String usage() {
    return "OLD NEW [options]";
  }

  @Override
  public Options options() {
    Options o = new Options();
    PackTrust.addOptions(o, "an evidence pack given as OLD or NEW");
    return o.addOption(
            Option.builder()
                .longOpt("format")
                .hasArg()
                .argName("NAME")
                .desc(
                    "output format: "
                        + String.join(", ", DriftRenderer.FORMATS.names())
                        + " (default text)")
                .get())
        .addOption(
            Option.builder("o")
                .longOpt("output")
                .hasArg()
                .argName("FILE")
                .desc("write to FILE instead of standard output")
                .get())
        .addOption(Option.builder().longOpt("debug").desc("show stack traces").get());
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    List<String> args = cmd.getArgList();
    if (args.size() != 2) {
      throw new UsageException("give OLD and NEW (snapshots, results files or evidence packs)");
    }
    String format = cmd.getOptionValue("format", "text");
    if (DriftRenderer.FORMATS.byName(format) == null) {
      throw new UsageException(DriftRenderer.FORMATS.unknown(format));
    }
    String file = cmd.getOptionValue("output");
    if (file != null) {
      OutputFiles.checkWritable(ctx.path(file));
    }
    PackTrust trust =
        PackTrust.of(
            cmd.getOptionValue("public-key"), null, null, cmd.hasOption("allow-unsigned"), ctx);
    State[] sides = new State[2];
    for (int i = 0; i < 2; i++) {
      Path p = ctx.path(args.get(i));
      if (Files.isDirectory(p)) {
        // a pack is compared only once it verifies, signed by the pinned key (or --allow-unsigned)
        trust.verify(p, args.get(i), name(), ctx);
      }
      sides[i] = DriftLoader.load(p, args.get(i));
    }
    Drift drift = Drift.between(sides[0], sides[1]);
    byte[] out = DriftRenderer.FORMATS.render(format, drift);
    if (file == null) {
      ctx.out().write(out);
      ctx.out().flush();
    } else {
      OutputFiles.write(ctx.path(file), out);
    }
    return drift.widened() ? ExitCode.VIOLATIONS.code() : ExitCode.OK.code();
  }
}
