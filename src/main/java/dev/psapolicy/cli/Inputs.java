package dev.psapolicy.cli;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Origin;
import dev.psapolicy.input.Problems;
import dev.psapolicy.report.Severity;
import dev.psapolicy.ruleset.RuleSet;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.source.snapshot.SnapshotReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loading of the inputs shared by commands, with every problem reported together. */
final class Inputs {
  /** The demo snapshots bundled in the jar. */
  static final List<String> DEMO =
      List.of("dev/psapolicy/demo/acme-connectwise.json", "dev/psapolicy/demo/acme-autotask.json");

  private Inputs() {}

  /**
   * Built-in baselines plus the files among {@code refs} (arguments that name an existing file
   * rather than a baseline id). Returns the set and the ids the refs resolve to.
   */
  static Baselines baselines(List<String> refs, Context ctx) throws InvalidInputException {
    BaselineLoader loader = new BaselineLoader(PermissionCatalog.builtIn());
    List<Baseline> files = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Problems problems = new Problems();
    for (String ref : refs) {
      if (BaselineSet.namesFile(ref)) {
        try {
          Baseline b = loader.load(ctx.path(ref), ref);
          files.add(b);
          ids.add(b.id());
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
        }
      } else {
        ids.add(ref);
      }
    }
    problems.throwIfAny();
    BaselineSet set = BaselineSet.withFiles(loader.loadBuiltIn(), files);
    for (String id : ids) {
      if (!set.contains(id)) {
        problems.add(InputProblem.at("--baseline", set.unknown(id)));
      }
    }
    problems.throwIfAny();
    return new Baselines(set, List.copyOf(ids));
  }

  record Baselines(BaselineSet set, List<String> selected) {}

  /** Reads snapshot files, all problems together. */
  static List<Snapshot> snapshots(List<String> files, Context ctx) throws InvalidInputException {
    List<Snapshot> out = new ArrayList<>();
    Problems problems = new Problems();
    for (String f : files) {
      try {
        out.add(SnapshotReader.read(ctx.path(f), f));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    problems.throwIfAny();
    return out;
  }

  /** The demo snapshots embedded in the jar. */
  static List<Snapshot> demoSnapshots() throws InvalidInputException {
    List<Snapshot> out = new ArrayList<>();
    for (String r : DEMO) {
      out.add(
          SnapshotReader.parse(
              InputFile.of(
                  InputKind.SNAPSHOT,
                  Origin.DEMO,
                  r.substring(r.lastIndexOf('/') + 1),
                  null,
                  Bundled.read(r))));
    }
    return out;
  }

  /** The built-in rules, plus user folders compiled at run time. */
  static RuleSet rules(List<String> dirs, Context ctx) throws InvalidInputException {
    return RuleSetLoader.withUserRules(dirs.stream().map(Path::of).toList(), ctx.cwd());
  }

  static Severity severity(String option, String value) throws UsageException {
    Severity s = Severity.parse(value);
    if (s == null) {
      throw new UsageException(
          option
              + " has unknown severity '"
              + value
              + "' (expected one of "
              + Severity.names()
              + ")");
    }
    return s;
  }

  static List<String> values(org.apache.commons.cli.CommandLine cmd, String opt) {
    String[] v = cmd.getOptionValues(opt);
    return v == null ? List.of() : List.of(v);
  }

  /** The one argument naming the PSA of {@code fetch} and {@code simulate}. */
  static dev.psapolicy.facts.Platform platformArgument(
      org.apache.commons.cli.CommandLine cmd, String command) throws UsageException {
    List<String> args = cmd.getArgList();
    if (args.isEmpty()) {
      throw new UsageException("give the PSA: " + command + " connectwise|autotask");
    }
    if (args.size() > 1) {
      throw new UsageException("unexpected argument '" + args.get(1) + "'");
    }
    dev.psapolicy.facts.Platform platform = dev.psapolicy.facts.Platform.parse(args.get(0));
    if (platform == null) {
      throw new UsageException("unknown PSA '" + args.get(0) + "' (connectwise, autotask)");
    }
    return platform;
  }
}
