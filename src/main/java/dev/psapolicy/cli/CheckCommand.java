package dev.psapolicy.cli;

import dev.psapolicy.engine.Evaluation;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.Verdict;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.source.http.RecordedResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code psa-policy check}: evaluate snapshots against baselines and rules, gate on severity. */
final class CheckCommand implements Command {
  @Override
  public String name() {
    return "check";
  }

  @Override
  public String summary() {
    return "evaluate API users' permissions against baselines and rules; exit code gates";
  }

  @Override
  public Options options() {
    Options options =
        GateInputs.addOptions(
            new Options()
                .addOption(
                    Option.builder()
                        .longOpt("snapshot")
                        .hasArg()
                        .argName("FILE")
                        .desc("snapshot file (JSON or YAML); repeatable")
                        .get())
                .addOption(
                    Option.builder()
                        .longOpt("demo")
                        .desc(
                            "start the built-in PSA simulators, fetch the sample MSP from them over HTTP,"
                                + " and evaluate it")
                        .get())
                .addOption(
                    Option.builder()
                        .longOpt("baseline")
                        .hasArg()
                        .argName("ID|FILE")
                        .desc("baseline for principals that declare no integrations; repeatable")
                        .get())
                .addOption(
                    Option.builder()
                        .longOpt("rules")
                        .hasArg()
                        .argName("DIR")
                        .desc("folder (or file) of extra DRL rules; repeatable")
                        .get())
                .addOption(
                    Option.builder()
                        .longOpt("fail-on")
                        .hasArg()
                        .argName("SEVERITY")
                        .desc(
                            "exit 1 when an open violation is at or above SEVERITY (default high, or"
                                + " failOn in the config)")
                        .get())
                .addOption(
                    Option.builder()
                        .longOpt("allow-unknown")
                        .desc("report grants on unknown permissions as findings instead of exit 4")
                        .get())
                .addOption(Option.builder().longOpt("debug").desc("show stack traces").get()),
            true);
    return EvidenceStep.addOptions(ReportOutputs.addOptions(options));
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    if (!cmd.getArgList().isEmpty()) {
      throw new UsageException("unexpected argument '" + cmd.getArgList().get(0) + "'");
    }
    if (Inputs.values(cmd, "rules").isEmpty()) {
      RuleSetLoader.warmUpInBackground();
    }
    List<String> snapshotFiles = Inputs.values(cmd, "snapshot");
    boolean demo = cmd.hasOption("demo");
    if (snapshotFiles.isEmpty() && !demo) {
      throw new UsageException("give --snapshot FILE (repeatable) or --demo");
    }
    ReportOutputs outputs = ReportOutputs.parse(cmd);
    EvidenceStep evidence = EvidenceStep.parse(cmd, ctx);

    GateInputs.Loaded in = GateInputs.load(cmd, ctx, true);
    List<Snapshot> snapshots = new ArrayList<>(Inputs.snapshots(snapshotFiles, ctx));
    Map<String, List<RecordedResponse>> responses = Map.of();
    if (demo) {
      DemoFetch.Fetched fetched = DemoFetch.fetch(ctx);
      snapshots.addAll(fetched.snapshots());
      responses = fetched.responses();
    }
    Evaluation.Result result =
        Evaluation.run(in.request(snapshots, cmd.hasOption("allow-unknown")));
    Report report = result.report();
    outputs.write(report, ctx);
    if (evidence != null) {
      evidence.write(report, EvidenceStep.inputs(snapshots, responses, in), ctx);
    }
    GateInputs.warn(ctx, name(), result, in);
    if (report.verdict().outcome() == Verdict.Outcome.INCOMPLETE) {
      for (String reason : report.run().incomplete()) {
        ctx.err().println("psa-policy check: incomplete data: " + reason);
      }
    }
    return report.verdict().exitCode();
  }

  /** Why a file could not be written, in words ("Read-only file system", "permission denied"). */
  static String why(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file of that name is in the way";
    }
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getClass().getSimpleName();
  }

  static void write(Path file, byte[] bytes) throws UsageException {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UsageException("cannot write " + file + ": " + why(e));
    }
  }
}
