package dev.psapolicy.run;

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
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.ruleset.RuleSet;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.source.snapshot.SnapshotReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reading the inputs a run names, every problem of a step reported together. */
public final class InputFiles {
  /** The demo snapshots bundled in the jar. */
  static final List<String> DEMO =
      List.of("dev/psapolicy/demo/acme-connectwise.json", "dev/psapolicy/demo/acme-autotask.json");

  private InputFiles() {}

  /**
   * The baselines of a run and the ids its references resolve to.
   *
   * @param set built-in baselines with the referenced files over them
   * @param selected the id each reference resolves to, in order
   */
  public record Baselines(BaselineSet set, List<String> selected) {}

  /**
   * The permission catalog of a run and the user's catalog files it was extended with.
   *
   * @param catalog the built-in catalog with every file merged over it, in order
   * @param files the user's catalog files with their bytes (empty: the built-in one alone)
   */
  public record Catalog(PermissionCatalog catalog, List<InputFile> files) {
    public Catalog {
      files = List.copyOf(files);
    }

    /** The built-in catalog alone. */
    public static Catalog builtIn() {
      return new Catalog(PermissionCatalog.builtIn(), List.of());
    }
  }

  /**
   * The built-in catalog extended by the user's catalog files ({@code --catalog}, the config's
   * {@code catalog}), in order; every problem of every file together.
   */
  public static Catalog catalog(List<String> files, Path cwd) throws InvalidInputException {
    PermissionCatalog catalog = PermissionCatalog.builtIn();
    List<InputFile> read = new ArrayList<>();
    Problems problems = new Problems();
    for (String f : files) {
      try {
        InputFile in =
            InputFile.file(InputKind.CATALOG, f, StructuredFiles.readBytes(cwd.resolve(f), f));
        catalog =
            catalog.extendedBy(
                StructuredFiles.parse(
                    StructuredFiles.text(in), f, f.toLowerCase(Locale.ROOT).endsWith(".json")),
                f);
        read.add(in);
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    problems.throwIfAny();
    return new Catalog(catalog, read);
  }

  /**
   * Built-in baselines plus the files among {@code refs} (references that name a file rather than a
   * baseline id), read against the built-in catalog.
   */
  public static Baselines baselines(List<String> refs, Path cwd) throws InvalidInputException {
    return baselines(refs, cwd, PermissionCatalog.builtIn());
  }

  /**
   * Built-in baselines plus the files among {@code refs}, their names resolved in {@code catalog}.
   */
  public static Baselines baselines(List<String> refs, Path cwd, PermissionCatalog catalog)
      throws InvalidInputException {
    BaselineLoader loader = new BaselineLoader(catalog);
    List<Baseline> files = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Problems problems = new Problems();
    for (String ref : refs) {
      if (BaselineSet.namesFile(ref)) {
        try {
          Baseline b = loader.load(cwd.resolve(ref), ref);
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

  /** Reads snapshot files, all problems together. */
  public static List<Snapshot> snapshots(List<String> files, Path cwd)
      throws InvalidInputException {
    List<Snapshot> out = new ArrayList<>();
    Problems problems = new Problems();
    for (String f : files) {
      try {
        out.add(SnapshotReader.read(cwd.resolve(f), f));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    problems.throwIfAny();
    return out;
  }

  /** The demo snapshots embedded in the jar (the seed of the demo's simulators). */
  public static List<Snapshot> demoSnapshots() throws InvalidInputException {
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
  public static RuleSet rules(List<String> dirs, Path cwd) throws InvalidInputException {
    return RuleSetLoader.withUserRules(dirs.stream().map(Path::of).toList(), cwd);
  }
}
