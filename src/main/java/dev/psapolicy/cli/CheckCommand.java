package dev.psapolicy.cli;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.Verdict;
import dev.psapolicy.run.DemoFetch;
import dev.psapolicy.run.Evaluation;
import dev.psapolicy.run.InputFiles;
import dev.psapolicy.run.Policy;
import dev.psapolicy.run.PolicyRequest;
import dev.psapolicy.run.RunInputs;
import dev.psapolicy.source.http.RecordedResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
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
    Options options = GateInputs.addOptions(GateInputs.evaluationOptions(), true);
    return EvidenceStep.addOptions(ReportOutputs.addOptions(options));
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
    ReportOutputs outputs = ReportOutputs.parse(cmd);
    // every place the run will write is checked before it runs: exit 2, not a report then exit 5
    outputs.checkWritable(ctx);
    EvidenceStep evidence = EvidenceStep.parse(cmd, ctx);

    PolicyRequest request = GateInputs.request(cmd, ctx, true);
    Policy policy = Policy.load(request);
    List<Snapshot> snapshots = new ArrayList<>(InputFiles.snapshots(snapshotFiles, ctx.cwd()));
    Map<String, List<RecordedResponse>> responses = Map.of();
    if (demo) {
      DemoFetch.Fetched fetched = DemoFetch.fetch(ctx.clock());
      snapshots.addAll(fetched.snapshots());
      responses = fetched.responses();
    }
    Evaluation.Result result =
        Evaluation.run(
            GateInputs.evaluation(policy, request, snapshots, cmd.hasOption("allow-unknown"), ctx));
    Report report = result.report();
    // the pack first: a run that loses the race for --evidence DIR prints no report it cannot back
    if (evidence != null) {
      evidence.write(report, RunInputs.of(snapshots, responses, policy), ctx);
    }
    outputs.write(report, ctx);
    GateInputs.warn(ctx, name(), result, policy);
    if (report.verdict().outcome() == Verdict.Outcome.INCOMPLETE) {
      for (String reason : report.run().incomplete()) {
        ctx.err().println("psa-policy check: incomplete data: " + reason);
      }
    }
    return report.verdict().exitCode();
  }
}
