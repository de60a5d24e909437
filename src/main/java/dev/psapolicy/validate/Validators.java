package dev.psapolicy.validate;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.StructuredFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds psa-policy files under the given paths, sorts them by kind and runs each kind's validator,
 * collecting every problem of every file.
 */
public final class Validators {
  private static final Set<String> EXTENSIONS = Set.of("drl", "yaml", "yml", "json");
  private static final Set<String> SKIPPED_FOLDERS = Set.of("target", "node_modules", "build");

  private Validators() {}

  /**
   * The validators of every file kind psa-policy reads, in the order they run (catalogs before the
   * baselines that name what they add, rules before the cases that name them, baselines before the
   * snapshots that name them). New file kinds (policy config, waivers) are added here.
   */
  public static List<FileValidator> standard(List<Baseline> builtInBaselines) {
    return standard(builtInBaselines, Path.of("").toAbsolutePath(), Clock.systemUTC());
  }

  /**
   * The validators of every file kind, with the working directory (config paths) and the clock
   * (waivers are judged on today's UTC date). Config goes before waivers and accepted findings,
   * whose top-level keys it may share.
   */
  public static List<FileValidator> standard(
      List<Baseline> builtInBaselines, Path cwd, Clock clock) {
    return List.of(
        new CatalogValidator(),
        new RulesValidator(),
        new BaselineValidator(),
        new SnapshotValidator(),
        new CaseValidator(builtInBaselines),
        new GateFileValidators.Config(cwd),
        new GateFileValidators.Waivers(clock),
        new GateFileValidators.Accepted());
  }

  /**
   * The outcome of a run.
   *
   * @param counts items validated per kind ("rule file", "rule", "baseline", ...)
   * @param skipped files found in folders that are of no known kind
   * @param problems every problem, in file order
   */
  public record Result(
      Map<String, Integer> counts, List<String> skipped, List<InputProblem> problems) {
    public Result {
      counts = Map.copyOf(counts);
      skipped = List.copyOf(skipped);
      problems = problems.stream().sorted(InputProblem.ORDER).toList();
    }
  }

  /**
   * Validates the files at {@code paths} (files, or folders searched recursively; hidden folders
   * and build output skipped).
   *
   * @param paths as the user gave them
   * @param base what relative paths resolve against
   * @param validators the validators, in run order
   * @param validation the run's shared state
   */
  public static Result run(
      List<String> paths, Path base, List<FileValidator> validators, Validation validation) {
    Map<FileValidator, List<FileValidator.Target>> byKind = new LinkedHashMap<>();
    validators.forEach(v -> byKind.put(v, new ArrayList<>()));
    List<String> skipped = new ArrayList<>();
    for (String given : paths) {
      Path p = base.resolve(given);
      if (!Files.exists(p)) {
        validation.add(InputProblem.at(given, "file or folder not found"));
        continue;
      }
      if (Files.isDirectory(p)) {
        List<Path> found;
        try (Stream<Path> s = Files.walk(p)) {
          found =
              s.filter(Files::isRegularFile)
                  .filter(f -> EXTENSIONS.contains(extension(f)))
                  .filter(f -> !skippedFolder(p, f))
                  .sorted()
                  .toList();
        } catch (IOException e) {
          validation.add(InputProblem.at(given, "cannot list folder"));
          continue;
        }
        for (Path f : found) {
          String display = display(given, p, f);
          classify(f, display, validators, byKind, validation, skipped, false);
        }
      } else {
        classify(p, given, validators, byKind, validation, skipped, true);
      }
    }
    for (Map.Entry<FileValidator, List<FileValidator.Target>> e : byKind.entrySet()) {
      if (!e.getValue().isEmpty()) {
        e.getKey().validate(e.getValue(), validation);
      }
    }
    return new Result(validation.counts(), skipped, validation.problems());
  }

  private static void classify(
      Path file,
      String display,
      List<FileValidator> validators,
      Map<FileValidator, List<FileValidator.Target>> byKind,
      Validation validation,
      List<String> skipped,
      boolean explicit) {
    Node root = null;
    String ext = extension(file);
    if (!"drl".equals(ext)) {
      try {
        root = StructuredFiles.read(file, display);
      } catch (InvalidInputException e) {
        validation.addAll(e.problems());
        return;
      }
    }
    for (FileValidator v : validators) {
      if (v.accepts(file, root)) {
        byKind.get(v).add(new FileValidator.Target(file, display, root));
        return;
      }
    }
    if (explicit) {
      validation.add(
          InputProblem.at(
              display,
              "cannot tell what kind of file this is (known: "
                  + String.join(", ", validators.stream().map(FileValidator::kind).toList())
                  + ")"));
    } else {
      skipped.add(display);
    }
  }

  /** The folder as given, then the path below it, with '/' separators. */
  static String display(String given, Path root, Path file) {
    StringBuilder sb = new StringBuilder();
    String g = given.replace('\\', '/');
    if (!g.equals(".") && !g.equals("./")) {
      sb.append(g.endsWith("/") ? g.substring(0, g.length() - 1) : g);
    }
    for (Path part : root.relativize(file)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }

  private static boolean skippedFolder(Path root, Path file) {
    Path rel = root.relativize(file);
    for (int i = 0; i < rel.getNameCount() - 1; i++) {
      String name = rel.getName(i).toString();
      if (name.startsWith(".") || SKIPPED_FOLDERS.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static String extension(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
