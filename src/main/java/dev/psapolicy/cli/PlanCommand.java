package dev.psapolicy.cli;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.plan.Plan;
import dev.psapolicy.plan.PlanRenderer;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.Verdict;
import dev.psapolicy.run.DemoFetch;
import dev.psapolicy.run.Evaluation;
import dev.psapolicy.run.InputFiles;
import dev.psapolicy.run.OutputFiles;
import dev.psapolicy.run.Plans;
import dev.psapolicy.run.Policy;
import dev.psapolicy.run.PolicyRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy plan}: the remediation plan of what {@code check} finds, per role, with its
 * blast radius, the least-privilege role of each integration and the actions that clear the
 * findings.
 */
final class PlanCommand implements Command {
  @Override
  public String name() {
    return "plan";
  }

  @Override
  public String summary() {
    return "write a remediation plan: role changes with blast radius, least-privilege roles, actions";
  }

  @Override
  public Options options() {
    // the evaluation's options but the gate's threshold: a plan covers every open finding
    Options options = new Options();
    for (Option o : GateInputs.addOptions(GateInputs.evaluationOptions(), true).getOptions()) {
      if (!"fail-on".equals(o.getLongOpt())) {
        options.addOption(o);
      }
    }
    return options
        .addOption(
            Option.builder()
                .longOpt("format")
                .hasArg()
                .argName("NAME")
                .desc(
                    "format of the plan: "
                        + String.join(", ", PlanRenderer.names())
                        + " (default text); json is the plan file apply reads")
                .get())
        .addOption(
            Option.builder("o")
                .longOpt("output")
                .hasArg()
                .argName("FILE")
                .desc("write the plan to FILE instead of standard output")
                .get())
        .addOption(
            Option.builder()
                .longOpt("check")
                .desc("exit 1 when the plan is not empty (some action remains), for pipelines")
                .get());
  }

  @Override
  public void prepare(List<String> args) {
    GateInputs.warmUp(args);
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    if (!cmd.getArgList().isEmpty()) {
      throw new UsageException("unexpected argument '" + cmd.getArgList().get(0) + "'");
    }
    List<String> snapshotFiles = Inputs.values(cmd, "snapshot");
    boolean demo = cmd.hasOption("demo");
    if (snapshotFiles.isEmpty() && !demo) {
      throw new UsageException("give --snapshot FILE (repeatable) or --demo");
    }
    String format = cmd.getOptionValue("format", "text");
    PlanRenderer renderer = PlanRenderer.byName(format);
    if (renderer == null) {
      throw new UsageException(
          "unknown --format '"
              + format
              + "' (expected one of: "
              + String.join(", ", PlanRenderer.names())
              + ")");
    }
    String file = cmd.getOptionValue("output");
    if (file != null) {
      OutputFiles.checkWritable(ctx.path(file));
    }

    PolicyRequest request = GateInputs.request(cmd, ctx, true);
    Policy policy = Policy.load(request);
    List<Snapshot> snapshots = new ArrayList<>(InputFiles.snapshots(snapshotFiles, ctx.cwd()));
    if (demo) {
      snapshots.addAll(DemoFetch.fetch(ctx.clock()).snapshots());
    }
    Evaluation.Result result =
        Evaluation.run(
            GateInputs.evaluation(policy, request, snapshots, cmd.hasOption("allow-unknown"), ctx));
    GateInputs.warn(ctx, name(), result, policy);
    Report report = result.report();
    // fail closed as check does: a plan of incomplete facts would claim what it cannot know
    if (report.verdict().outcome() == Verdict.Outcome.INCOMPLETE) {
      for (String reason : report.run().incomplete()) {
        ctx.err().println("psa-policy plan: incomplete data: " + reason);
      }
      ctx.err().println("psa-policy plan: no plan written: the data is incomplete");
      return ExitCode.INCOMPLETE_DATA.code();
    }
    Plan plan = Plans.of(policy, snapshots, result, request.now());
    byte[] bytes = renderer.render(plan);
    if (file != null) {
      OutputFiles.write(ctx.path(file), bytes);
    } else {
      ctx.out().write(bytes);
      ctx.out().flush();
    }
    if (cmd.hasOption("check") && !plan.empty()) {
      ctx.err()
          .println(
              "psa-policy plan: the plan is not empty: "
                  + plan.actions().size()
                  + " action(s) remain");
      return ExitCode.VIOLATIONS.code();
    }
    return ExitCode.OK.code();
  }
}
