package dev.psapolicy.cli;

import dev.psapolicy.engine.RuleBudget;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.policy.PolicyLoader;
import dev.psapolicy.report.Severity;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.run.Evaluation;
import dev.psapolicy.run.Policy;
import dev.psapolicy.run.PolicyRequest;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The policy options of {@code check} and {@code accept} (config, waivers, accepted findings) and
 * the {@link PolicyRequest} they make; loading and deciding live in {@code run}.
 */
final class GateInputs {
  private GateInputs() {}

  /** The options that say what is evaluated: snapshots or the demo, baselines, rules. */
  static Options evaluationOptions() {
    return new Options()
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
                .longOpt("catalog")
                .hasArg()
                .argName("FILE")
                .desc(
                    "permission catalog file merged over the built-in one (adds names, never"
                        + " moves them); repeatable, after the config's 'catalog'")
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
        .addOption(Option.builder().longOpt("debug").desc("show stack traces").get());
  }

  /** Adds the policy options; {@code --accepted} only where it is read (check). */
  static Options addOptions(Options o, boolean acceptedOption) {
    o.addOption(
        Option.builder()
            .longOpt("config")
            .hasArg()
            .argName("FILE")
            .desc(
                "policy config (default: "
                    + PolicyLoader.FILE_NAME
                    + " in the working directory, when present)")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("no-config")
            .desc("ignore " + PolicyLoader.FILE_NAME + " in the working directory")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("waivers")
            .hasArg()
            .argName("FILE")
            .desc("waivers file; repeatable (replaces the config's waiver files)")
            .get());
    if (acceptedOption) {
      o.addOption(
          Option.builder()
              .longOpt("accepted")
              .hasArg()
              .argName("FILE")
              .desc(
                  "accepted-findings file: its violations do not fail the gate (replaces the"
                      + " config's)")
              .get());
    }
    o.addOption(
        Option.builder()
            .longOpt("max-firings")
            .hasArg()
            .argName("N")
            .desc(
                "most rule firings per session (default "
                    + RuleBudget.DEFAULT_MAX_FIRINGS
                    + "; config ruleBudget.maxFirings)")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("rule-timeout")
            .hasArg()
            .argName("SECONDS")
            .desc(
                "longest one evaluation of the rules may run (default "
                    + RuleBudget.DEFAULT_TIMEOUT.toSeconds()
                    + "; config ruleBudget.seconds)")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("strict-waivers")
            .desc("any invalid waiver is an input error (exit 3) instead of a finding")
            .get());
    return o;
  }

  /** The policy request the flags make; the config is read by {@link Policy#load}. */
  static PolicyRequest request(CommandLine cmd, Context ctx, boolean readAccepted)
      throws UsageException {
    if (cmd.hasOption("config") && cmd.hasOption("no-config")) {
      throw new UsageException("give --config FILE or --no-config, not both");
    }
    Severity failOn =
        cmd.hasOption("fail-on")
            ? Inputs.severity("--fail-on", cmd.getOptionValue("fail-on"))
            : null;
    return new PolicyRequest(
        ctx.cwd(),
        ctx.clock().instant(),
        cmd.getOptionValue("config"),
        cmd.hasOption("no-config"),
        Inputs.values(cmd, "baseline"),
        Inputs.values(cmd, "rules"),
        cmd.hasOption("waivers") ? Inputs.values(cmd, "waivers") : null,
        cmd.hasOption("accepted") ? cmd.getOptionValue("accepted") : null,
        readAccepted,
        failOn,
        cmd.hasOption("strict-waivers"),
        whole(cmd, "max-firings", RuleBudget.MAX_FIRINGS_LIMIT),
        whole(cmd, "rule-timeout", 86_400),
        Inputs.values(cmd, "catalog"));
  }

  /**
   * Starts building the built-in rule base on another core while the main thread parses arguments,
   * reads snapshots and loads baselines, unless the arguments name rule folders ({@code --rules},
   * whose KieBase is built with them). Wasted work at worst (a config that names rule folders),
   * never a different result: {@link RuleSetLoader} builds what the run asks for. (Loading the
   * baselines on a third thread too was measured slower on two cores.)
   */
  static void warmUp(List<String> args) {
    boolean userRules = false;
    for (String a : args) {
      userRules |= a.equals("--rules") || a.startsWith("--rules=");
    }
    if (!userRules) {
      RuleSetLoader.warmUpInBackground();
    }
  }

  /** The evaluation of {@code snapshots} under {@code policy}, as of the request's instant. */
  static Evaluation.Request evaluation(
      Policy policy,
      PolicyRequest req,
      List<Snapshot> snapshots,
      boolean allowUnknown,
      Context ctx) {
    return new Evaluation.Request(
        policy, snapshots, allowUnknown, req.now(), Version.get(), ctx.newRunId());
  }

  private static Long whole(CommandLine cmd, String option, long max) throws UsageException {
    String v = cmd.getOptionValue(option);
    if (v == null) {
      return null;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new UsageException(
        "--" + option + " must be a whole number from 1 to " + max + ", found '" + v + "'");
  }

  /** Prints the warnings about waivers and accepted findings to standard error. */
  static void warn(Context ctx, String command, Evaluation.Result result, Policy policy) {
    for (String w : result.exemptions().warnings()) {
      ctx.err().println("psa-policy " + command + ": " + w);
    }
    if (!result.exemptions().lapsed().isEmpty()) {
      ctx.err()
          .println(
              "psa-policy "
                  + command
                  + ": note: psa-policy accept --update -o "
                  + policy.exemptions().accepted().display()
                  + " removes lapsed entries");
    }
  }
}
