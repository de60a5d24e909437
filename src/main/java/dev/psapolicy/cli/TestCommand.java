package dev.psapolicy.cli;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Problems;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.ruleset.RuleSet;
import dev.psapolicy.ruletest.CaseLoader;
import dev.psapolicy.ruletest.CaseResult;
import dev.psapolicy.ruletest.CaseRunner;
import dev.psapolicy.ruletest.Coverage;
import dev.psapolicy.ruletest.Mutation;
import dev.psapolicy.ruletest.Probes;
import dev.psapolicy.ruletest.RuleCase;
import dev.psapolicy.ruletest.TestReport;
import dev.psapolicy.ruletest.TestReports;
import dev.psapolicy.run.InputFiles;
import dev.psapolicy.run.OutputFiles;
import dev.psapolicy.vocabulary.Platform;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy test}: runs rule test cases (the same runner the project's own build uses), and
 * optionally measures coverage and hunts for blind spots by mutation.
 */
final class TestCommand implements Command {
  /** Where the built-in cases are bundled in the jar. */
  static final String BUILT_IN_CASES = "dev/psapolicy/cases";

  @Override
  public String name() {
    return "test";
  }

  @Override
  public String summary() {
    return "run rule test cases; --coverage, --mutate find what the rules miss";
  }

  @Override
  public String usage() {
    return "[options] [CASES_DIR...]   (default: DIR/cases of each --rules DIR, or the built-in"
        + " cases)";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("rules")
                .hasArg()
                .argName("DIR")
                .desc("folder (or file) of extra DRL rules; repeatable")
                .get())
        .addOption(
            Option.builder()
                .longOpt("coverage")
                .desc(
                    "report the share of rules with a positive and a negative case and the share"
                        + " of permission cells the rules govern")
                .get())
        .addOption(
            Option.builder()
                .longOpt("min")
                .hasArg()
                .argName("PCT")
                .desc("with --coverage: exit 1 when either share is below PCT (0-100)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("mutate")
                .desc(
                    "widen every cell of each baseline by one lattice step; exit 1 when a widening"
                        + " is reported by no rule")
                .get())
        .addOption(
            Option.builder()
                .longOpt("baseline")
                .hasArg()
                .argName("ID|FILE")
                .desc(
                    "--coverage/--mutate: the baselines to widen (default: every built-in one);"
                        + " repeatable")
                .get())
        .addOption(
            Option.builder()
                .longOpt("catalog")
                .hasArg()
                .argName("FILE")
                .desc(
                    "permission catalog file merged over the built-in one, for cases and"
                        + " baselines that name what it adds; repeatable")
                .get())
        .addOption(
            Option.builder()
                .longOpt("format")
                .hasArg()
                .argName("NAME")
                .desc(
                    "output format: "
                        + String.join(", ", TestReports.FORMATS.names())
                        + " (default text)")
                .get())
        .addOption(
            Option.builder("o")
                .longOpt("output")
                .hasArg()
                .argName("FILE")
                .desc("write the output to FILE instead of standard output")
                .get())
        .addOption(Option.builder().longOpt("debug").desc("show stack traces").get());
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    String format = cmd.getOptionValue("format", "text");
    if (TestReports.FORMATS.byName(format) == null) {
      throw new UsageException(TestReports.FORMATS.unknown(format));
    }
    BigDecimal min = cmd.hasOption("min") ? percent(cmd.getOptionValue("min")) : null;
    boolean coverage = cmd.hasOption("coverage") || min != null;
    boolean mutate = cmd.hasOption("mutate");
    List<String> ruleDirs = Inputs.values(cmd, "rules");
    if (cmd.hasOption("baseline") && !coverage && !mutate) {
      throw new UsageException(
          "--baseline chooses the baselines --coverage and --mutate widen;"
              + " a case names its own baselines in expected.yaml");
    }

    if (cmd.hasOption("output")) {
      OutputFiles.checkWritable(ctx.path(cmd.getOptionValue("output")));
    }
    List<CaseRoot> roots = new ArrayList<>();
    for (String given : cmd.getArgList()) {
      roots.add(new CaseRoot(ctx.path(given), given));
    }
    if (roots.isEmpty()) {
      for (String dir : ruleDirs) {
        Path cases = ctx.path(dir).resolve("cases");
        if (Files.isDirectory(cases)) {
          roots.add(new CaseRoot(cases, dir.endsWith("/") ? dir + "cases" : dir + "/cases"));
        }
      }
      if (ruleDirs.isEmpty()) {
        roots.add(new CaseRoot(Bundled.path(BUILT_IN_CASES), "builtin:cases"));
      }
    }
    if (roots.isEmpty() && !coverage && !mutate) {
      throw new UsageException(
          "no test cases: give CASES_DIR (folders holding expected.yaml),"
              + " or put them in "
              + ruleDirs.get(0)
              + "/cases");
    }

    RuleSet rules = InputFiles.rules(ruleDirs, ctx.cwd());
    PermissionCatalog catalog =
        InputFiles.catalog(Inputs.values(cmd, "catalog"), ctx.cwd()).catalog();
    List<Baseline> builtInBaselines = new BaselineLoader(catalog).loadBuiltIn();
    CaseLoader loader = new CaseLoader(catalog, builtInBaselines, rules);
    List<RuleCase> cases = new ArrayList<>();
    Problems problems = new Problems();
    for (CaseRoot root : roots) {
      try {
        cases.addAll(loader.loadAll(root.path(), root.display()));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    problems.throwIfAny();

    CaseRunner runner = new CaseRunner(rules, catalog, ctx.clock());
    List<CaseResult> results = new ArrayList<>();
    for (RuleCase c : cases) {
      results.add(runner.run(c));
    }

    Coverage cov = null;
    Mutation mutation = null;
    if (coverage || mutate) {
      InputFiles.Baselines baselines =
          InputFiles.baselines(Inputs.values(cmd, "baseline"), ctx.cwd(), catalog);
      List<Baseline> widened =
          new ArrayList<>(
              baselines.selected().isEmpty()
                  ? baselines.set().all()
                  : baselines.selected().stream().distinct().map(baselines.set()::get).toList());
      List<Baseline> all = new ArrayList<>(baselines.set().all());
      if (coverage) {
        for (Platform p : Platform.values()) {
          widened.add(Probes.strict(p));
          all.add(Probes.strict(p));
        }
      }
      List<Probes.BaselineRun> runs =
          Probes.run(rules, catalog, BaselineSet.of(all), widened, !coverage, ctx.clock());
      if (coverage) {
        List<RuleInfo> scope =
            ruleDirs.isEmpty()
                ? rules.rules()
                : rules.rules().stream().filter(r -> !r.builtIn()).toList();
        String scopeName =
            ruleDirs.isEmpty() ? "built-in rules" : "rules from " + String.join(", ", ruleDirs);
        cov = Coverage.of(scopeName, scope, cases, catalog, runs, min);
      }
      if (mutate) {
        mutation = Mutation.of(runs);
      }
    }

    TestReport report = new TestReport(results, cov, mutation);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TestReports.FORMATS.byName(format).write(report, bytes);
    String output = cmd.getOptionValue("output");
    if (output == null) {
      ctx.out().write(bytes.toByteArray());
      ctx.out().flush();
    } else {
      OutputFiles.write(ctx.path(output), bytes.toByteArray());
    }
    return report.passed() ? ExitCode.OK.code() : ExitCode.VIOLATIONS.code();
  }

  private record CaseRoot(Path path, String display) {}

  static BigDecimal percent(String text) throws UsageException {
    String t = text.strip();
    if (t.endsWith("%")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    try {
      BigDecimal v = new BigDecimal(t);
      if (v.signum() < 0 || v.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new UsageException("--min must be a percentage from 0 to 100, found '" + text + "'");
    }
  }
}
