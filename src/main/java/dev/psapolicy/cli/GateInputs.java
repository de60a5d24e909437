package dev.psapolicy.cli;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.engine.Engine;
import dev.psapolicy.engine.Evaluation;
import dev.psapolicy.engine.FactAssembler;
import dev.psapolicy.engine.RuleBudget;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InputRef;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Problems;
import dev.psapolicy.policy.PolicyAssigner;
import dev.psapolicy.policy.PolicyConfig;
import dev.psapolicy.policy.PolicyLoader;
import dev.psapolicy.policy.RuleSelection;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.ruleset.RuleSet;
import dev.psapolicy.waiver.AcceptedFindings;
import dev.psapolicy.waiver.Exemptions;
import dev.psapolicy.waiver.WaiverFile;
import dev.psapolicy.waiver.WaiverPolicy;
import dev.psapolicy.waiver.WaiverRules;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * What {@code check} and {@code accept} read besides snapshots: the policy config, baselines,
 * rules, waivers and accepted findings, with command-line flags over the config. The decisions live
 * in {@code policy} and {@code waiver}; this only wires them.
 */
final class GateInputs {
  private GateInputs() {}

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

  /**
   * Everything loaded.
   *
   * @param config the policy config (NONE when there is none)
   * @param now the run's instant (the clock is read once)
   * @param failOn gate threshold
   * @param baselines baselines in use
   * @param rules compiled rules
   * @param assembler snapshots to facts, with the config's assignments
   * @param engine rules with the config's severities and disabled rules
   * @param exemptions waivers and accepted findings
   * @param runId the run's id (from the context, so that tests fix it)
   */
  record Loaded(
      PolicyConfig config,
      Instant now,
      Severity failOn,
      Inputs.Baselines baselines,
      RuleSet rules,
      FactAssembler assembler,
      Engine engine,
      Exemptions exemptions,
      String runId) {

    /** The evaluation request for these inputs. */
    Evaluation.Request request(List<Snapshot> snapshots, boolean allowUnknown) {
      List<InputRef> other = config.file() == null ? List.of() : List.of(config.input().ref());
      return new Evaluation.Request(
          snapshots,
          assembler,
          engine,
          baselines.set().all(),
          allowUnknown,
          failOn,
          now,
          Version.get(),
          exemptions,
          other,
          runId);
    }
  }

  /** Loads the config, then the inputs it and the flags name; all problems of a step together. */
  static Loaded load(CommandLine cmd, Context ctx, boolean readAccepted)
      throws UsageException, InvalidInputException {
    if (cmd.hasOption("config") && cmd.hasOption("no-config")) {
      throw new UsageException("give --config FILE or --no-config, not both");
    }
    Severity cliFailOn =
        cmd.hasOption("fail-on")
            ? Inputs.severity("--fail-on", cmd.getOptionValue("fail-on"))
            : null;
    Instant now = ctx.clock().instant();
    PolicyConfig config = config(cmd, ctx);

    List<String> refs = new ArrayList<>(config.baselineFiles());
    List<String> cliBaselines = Inputs.values(cmd, "baseline");
    refs.addAll(cliBaselines);
    Inputs.Baselines baselines = Inputs.baselines(refs, ctx);
    List<String> cliDefaults =
        baselines.selected().subList(config.baselineFiles().size(), baselines.selected().size());

    List<String> ruleDirs = new ArrayList<>(config.ruleDirs());
    ruleDirs.addAll(Inputs.values(cmd, "rules"));
    RuleSet rules = Inputs.rules(ruleDirs, ctx);
    Problems reserved = new Problems();
    for (RuleInfo r : rules.rules()) {
      if (WaiverRules.isWaiverFinding(r.id())) {
        reserved.add(
            new InputProblem(
                r.file(),
                r.line(),
                0,
                "rule id '" + r.id() + "' is reserved for findings about waivers"));
      }
    }
    reserved.throwIfAny();
    RuleSelection selection = RuleSelection.resolve(config, rules.rules());
    PolicyAssigner assigner = PolicyAssigner.of(config, baselines.set(), cliDefaults);

    WaiverPolicy policy =
        new WaiverPolicy(
            config.ttlDays() == null ? WaiverPolicy.DEFAULT_TTL_DAYS : config.ttlDays(),
            config.warnDays() == null ? WaiverPolicy.DEFAULT_WARN_DAYS : config.warnDays(),
            config.strictWaivers() || cmd.hasOption("strict-waivers"));
    List<String> waiverFiles =
        cmd.hasOption("waivers") ? Inputs.values(cmd, "waivers") : config.waiverFiles();
    List<Map.Entry<Path, String>> files =
        waiverFiles.stream().map(f -> Map.entry(ctx.path(f), f)).toList();
    List<WaiverFile.Loaded> waivers =
        WaiverFile.read(files, rules.rules().stream().map(RuleInfo::id).toList());
    AcceptedFindings accepted = null;
    String acceptedFile =
        cmd.hasOption("accepted") ? cmd.getOptionValue("accepted") : config.accepted();
    if (readAccepted && acceptedFile != null) {
      accepted = AcceptedFindings.read(ctx.path(acceptedFile), acceptedFile);
    }
    Exemptions exemptions = new Exemptions(waivers, accepted, policy);
    if (policy.strict()) {
      List<InputProblem> invalid = exemptions.invalid(now);
      if (!invalid.isEmpty()) {
        throw new InvalidInputException(invalid);
      }
    }
    Severity failOn =
        cliFailOn != null ? cliFailOn : config.failOn() != null ? config.failOn() : Severity.HIGH;
    FactAssembler assembler =
        new FactAssembler(PermissionCatalog.builtIn(), baselines.set(), assigner);
    Engine engine =
        new Engine(rules, selection::severityOf, selection::enabled)
            .withBudget(budget(cmd, config));
    return new Loaded(
        config, now, failOn, baselines, rules, assembler, engine, exemptions, ctx.newRunId());
  }

  /** The rule budget: the flags over the config over the defaults. */
  private static RuleBudget budget(CommandLine cmd, PolicyConfig config) throws UsageException {
    Long max = whole(cmd, "max-firings", RuleBudget.MAX_FIRINGS_LIMIT);
    Long seconds = whole(cmd, "rule-timeout", 86_400);
    return RuleBudget.DEFAULT
        .withMaxFirings(max != null ? max : asLong(config.maxFirings()))
        .withSeconds(seconds != null ? seconds : asLong(config.ruleSeconds()));
  }

  private static Long asLong(Integer i) {
    return i == null ? null : i.longValue();
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

  private static PolicyConfig config(CommandLine cmd, Context ctx) throws InvalidInputException {
    if (cmd.hasOption("config")) {
      String given = cmd.getOptionValue("config");
      return PolicyLoader.load(ctx.path(given), given, ctx.cwd());
    }
    if (cmd.hasOption("no-config")) {
      return PolicyConfig.NONE;
    }
    Path found = PolicyLoader.find(ctx.cwd()).orElse(null);
    return found == null
        ? PolicyConfig.NONE
        : PolicyLoader.load(found, PolicyLoader.FILE_NAME, ctx.cwd());
  }

  /** Prints the warnings about waivers and accepted findings to standard error. */
  static void warn(Context ctx, String command, Evaluation.Result result, Loaded in) {
    for (String w : result.exemptions().warnings()) {
      ctx.err().println("psa-policy " + command + ": " + w);
    }
    if (!result.exemptions().lapsed().isEmpty()) {
      ctx.err()
          .println(
              "psa-policy "
                  + command
                  + ": note: psa-policy accept --update -o "
                  + in.exemptions().accepted().display()
                  + " removes lapsed entries");
    }
  }
}
