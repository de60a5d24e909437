package dev.psapolicy.cli;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.policy.PolicyLoader;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.run.InputFiles;
import dev.psapolicy.validate.Validation;
import dev.psapolicy.validate.Validators;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy validate [PATH...]}: checks every psa-policy file under the paths (rules,
 * baselines, snapshots, test cases) and reports every problem of every file at once.
 */
final class ValidateCommand implements Command {
  @Override
  public String name() {
    return "validate";
  }

  @Override
  public String summary() {
    return "check catalog, rule, baseline, snapshot and test case files; every problem at once";
  }

  @Override
  public String usage() {
    return "[PATH...]   (files or folders; default: the current folder)";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("catalog")
                .hasArg()
                .argName("FILE")
                .desc(
                    "permission catalog file merged over the built-in one before validating"
                        + " (catalog files among the paths, and the working directory's config's"
                        + " 'catalog', are merged too); repeatable")
                .get())
        .addOption(Option.builder().longOpt("debug").desc("show stack traces").get());
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    List<String> paths = cmd.getArgList().isEmpty() ? List.of(".") : cmd.getArgList();
    PermissionCatalog catalog = catalog(cmd, ctx);
    List<Baseline> builtIns = new BaselineLoader(catalog).loadBuiltIn();
    Validation validation =
        new Validation(
            catalog, RuleSetLoader.builtIn().rules().stream().map(RuleInfo::id).toList(), builtIns);
    Validators.Result result =
        Validators.run(
            paths, ctx.cwd(), Validators.standard(builtIns, ctx.cwd(), ctx.clock()), validation);
    for (String s : result.skipped()) {
      ctx.out()
          .println(
              "skipped "
                  + s
                  + " (not a catalog, rule, baseline, snapshot, test case, config, waivers or"
                  + " accepted-findings file)");
    }
    List<String> counts = new ArrayList<>();
    for (Map.Entry<String, Integer> e : validation.counts().entrySet()) {
      counts.add(e.getValue() + " " + e.getKey() + (e.getValue() == 1 ? "" : "s"));
    }
    String what = counts.isEmpty() ? "no psa-policy files" : String.join(", ", counts);
    if (result.problems().isEmpty()) {
      ctx.out().println("valid: " + what);
      return ExitCode.OK.code();
    }
    for (InputProblem p : result.problems()) {
      ctx.err().println(p);
    }
    long files = result.problems().stream().map(InputProblem::file).distinct().count();
    ctx.err()
        .println(
            "psa-policy validate: "
                + result.problems().size()
                + (result.problems().size() == 1 ? " problem" : " problems")
                + " in "
                + files
                + (files == 1 ? " file" : " files")
                + " (checked "
                + what
                + ")");
    return ExitCode.INVALID_INPUT.code();
  }

  /**
   * The built-in catalog with {@code --catalog} files and the catalog files the working directory's
   * config names merged over it. A broken config is left to its own validator (reported with every
   * other problem); a broken catalog file named here stops with its problems, as in a run.
   */
  private static PermissionCatalog catalog(CommandLine cmd, Context ctx)
      throws InvalidInputException {
    List<String> files = new ArrayList<>();
    Path config = PolicyLoader.find(ctx.cwd()).orElse(null);
    if (config != null) {
      try {
        files.addAll(PolicyLoader.load(config, PolicyLoader.FILE_NAME, ctx.cwd()).catalogFiles());
      } catch (InvalidInputException e) {
        // reported by the config's validator when the config is among the paths
      }
    }
    files.addAll(Inputs.values(cmd, "catalog"));
    return InputFiles.catalog(files, ctx.cwd()).catalog();
  }
}
