package dev.psapolicy.ruletest;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.engine.BaselineAssigner;
import dev.psapolicy.engine.FactAssembler;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.Fields;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.input.Suggest;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.ruleset.RuleSet;
import dev.psapolicy.source.snapshot.SnapshotReader;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Verb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds and reads rule test cases. A case is a folder holding {@code expected.yaml}, one snapshot
 * ({@code snapshot.yaml}, {@code .yml} or {@code .json}) and optionally baseline files. Every
 * problem of every case is reported together, as {@code file:line:col: message}.
 */
public final class CaseLoader {
  /** The file that makes a folder a case. */
  public static final String EXPECTED = "expected.yaml";

  /** Snapshot file names tried when {@code expected.yaml} names none. */
  public static final List<String> SNAPSHOT_NAMES =
      List.of("snapshot.yaml", "snapshot.yml", "snapshot.json");

  private static final Set<String> TOP =
      Set.of(
          "description",
          "snapshot",
          "baselines",
          "allowUnknown",
          "compare",
          "positive",
          "negative",
          "violations");
  private static final Set<String> VIOLATION =
      Set.of(
          "rule",
          "principal",
          "module",
          "function",
          "verb",
          "severity",
          "actual",
          "allowed",
          "fix",
          "message");
  private static final List<String> SEVERITIES =
      Arrays.stream(Severity.values()).map(Severity::id).toList();
  private static final List<String> VERBS = Arrays.stream(Verb.values()).map(Verb::id).toList();
  private static final List<String> LEVELS = List.of("None", "My", "All");

  private final PermissionCatalog catalog;
  private final List<Baseline> builtInBaselines;
  private final Set<String> ruleIds;

  /**
   * @param catalog the permission catalog (names in expected.yaml are resolved against it)
   * @param builtInBaselines the baselines every case may name by id
   * @param rules the rules under test (rule ids in expected.yaml must exist)
   */
  public CaseLoader(PermissionCatalog catalog, List<Baseline> builtInBaselines, RuleSet rules) {
    this(catalog, builtInBaselines, rules.rules().stream().map(RuleInfo::id).toList());
  }

  /**
   * @param catalog the permission catalog
   * @param builtInBaselines the baselines every case may name by id
   * @param ruleIds the ids of the rules under test
   */
  public CaseLoader(
      PermissionCatalog catalog, List<Baseline> builtInBaselines, Collection<String> ruleIds) {
    this.catalog = catalog;
    this.builtInBaselines = List.copyOf(builtInBaselines);
    this.ruleIds = new TreeSet<>(ruleIds);
  }

  /** Case folders at or under {@code root} (folders holding expected.yaml), sorted. */
  public static List<Path> discover(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(
              p ->
                  Files.isRegularFile(p)
                      && p.getFileName() != null
                      && EXPECTED.equals(p.getFileName().toString()))
          .map(Path::getParent)
          .filter(p -> !hidden(root, p))
          .sorted((a, b) -> display(root, a, "").compareTo(display(root, b, "")))
          .toList();
    }
  }

  /**
   * Loads every case under a root folder; {@code rootDisplay} names the root in messages.
   *
   * @throws InvalidInputException with every problem of every case, or when the folder is missing
   *     or holds no case
   */
  public List<RuleCase> loadAll(Path root, String rootDisplay) throws InvalidInputException {
    if (!Files.isDirectory(root)) {
      throw new InvalidInputException(InputProblem.at(rootDisplay, "folder not found"));
    }
    List<Path> folders;
    try {
      folders = discover(root);
    } catch (IOException e) {
      throw new InvalidInputException(InputProblem.at(rootDisplay, "cannot list folder"));
    }
    if (folders.isEmpty()) {
      throw new InvalidInputException(
          InputProblem.at(
              rootDisplay, "no test cases (a case is a folder holding " + EXPECTED + ")"));
    }
    List<RuleCase> out = new ArrayList<>();
    Problems problems = new Problems();
    for (Path folder : folders) {
      try {
        out.add(load(folder, display(root, folder, rootDisplay)));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    problems.throwIfAny();
    return out;
  }

  /** How a case folder under a root is named: the root as given plus the relative path. */
  public static String display(Path root, Path folder, String rootDisplay) {
    StringBuilder sb = new StringBuilder(rootDisplay);
    for (Path part : root.relativize(folder)) {
      String name = part.toString();
      if (name.isEmpty()) {
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
        sb.append('/');
      }
      sb.append(name);
    }
    return sb.toString();
  }

  /** A file of a case folder as messages name it ("folder/name", or "name" for "."). */
  static String child(String folderDisplay, String name) {
    return folderDisplay.isEmpty() || ".".equals(folderDisplay) ? name : folderDisplay + "/" + name;
  }

  private static boolean hidden(Path root, Path folder) {
    for (Path part : root.relativize(folder)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Loads one case folder; {@code folderDisplay} names it in messages. */
  public RuleCase load(Path folder, String folderDisplay) throws InvalidInputException {
    String expectedFile = child(folderDisplay, EXPECTED);
    Node root = StructuredFiles.read(folder.resolve(EXPECTED), expectedFile);
    Problems problems = new Problems();
    Fields top = Fields.of(expectedFile, root, EXPECTED, TOP, problems);
    if (top == null) {
      problems.throwIfAny();
    }
    String description = top.optText("description");
    boolean allowUnknown = top.optBoolean("allowUnknown", false);
    String compare = top.optOneOf("compare", List.of("all", "named"));

    Snapshot snapshot = snapshot(folder, folderDisplay, top, problems);

    List<Baseline> files = new ArrayList<>();
    List<String> defaults = new ArrayList<>();
    List<Node> refNodes = top.optList("baselines");
    Map<String, Node> idNodes = new HashMap<>();
    for (Node ref : refNodes) {
      if (!ref.isScalar() || ref.text().isBlank()) {
        problems.add(
            expectedFile,
            ref,
            "items of 'baselines' must be a baseline id or a file"
                + " in the case folder, found "
                + ref.describe());
        continue;
      }
      String r = ref.text().strip();
      if (BaselineSet.namesFile(r)) {
        try {
          Baseline b = new BaselineLoader(catalog).load(folder.resolve(r), child(folderDisplay, r));
          files.add(b);
          defaults.add(b.id());
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
        }
      } else {
        defaults.add(r);
        idNodes.put(r, ref);
      }
    }
    BaselineSet set = null;
    try {
      set = BaselineSet.withFiles(builtInBaselines, files);
      for (String id : defaults) {
        if (!set.contains(id)) {
          problems.add(expectedFile, idNodes.get(id), set.unknown(id));
        }
      }
    } catch (InvalidInputException e) {
      problems.addAll(e.problems());
    }

    Set<String> positive = ruleList(expectedFile, top, "positive", problems);
    Set<String> negative = ruleList(expectedFile, top, "negative", problems);
    List<ExpectedViolation> expected = new ArrayList<>();
    Map<ExpectedViolation.Key, Integer> seen = new HashMap<>();
    if (!top.has("violations")) {
      problems.add(
          expectedFile,
          root,
          "missing required key 'violations' (write 'violations: []'"
              + " when the case expects none)");
    }
    for (Node n : top.optList("violations")) {
      ExpectedViolation e = violation(expectedFile, n, snapshot, problems);
      if (e == null) {
        continue;
      }
      Integer prev = seen.putIfAbsent(e.key(), e.line());
      if (prev != null) {
        problems.add(
            expectedFile,
            n,
            "duplicate expected violation (same rule, principal,"
                + " module, function and verb as line "
                + prev
                + ")");
        continue;
      }
      expected.add(e);
    }
    Set<String> expectedRules = new LinkedHashSet<>();
    expected.forEach(e -> expectedRules.add(e.rule()));
    for (Node n : top.optList("positive")) {
      if (n.isScalar()
          && ruleIds.contains(n.text().strip())
          && !expectedRules.contains(n.text().strip())) {
        problems.add(
            expectedFile,
            n,
            "rule '"
                + n.text().strip()
                + "' is listed as positive but"
                + " no expected violation names it");
      }
    }
    for (Node n : top.optList("negative")) {
      if (n.isScalar() && expectedRules.contains(n.text().strip())) {
        problems.add(
            expectedFile,
            n,
            "rule '"
                + n.text().strip()
                + "' is listed as negative but"
                + " has expected violations");
      }
    }

    if (problems.isEmpty() && snapshot != null && set != null) {
      try {
        new FactAssembler(catalog, set, BaselineAssigner.defaults(set, defaults))
            .assemble(List.of(snapshot));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    problems.throwIfAny();
    Set<String> pos = new LinkedHashSet<>(positive);
    pos.addAll(expectedRules);
    return new RuleCase(
        folderDisplay,
        description,
        snapshot,
        set,
        defaults,
        allowUnknown,
        !"named".equals(compare),
        pos,
        negative,
        expected);
  }

  private Snapshot snapshot(Path folder, String folderDisplay, Fields top, Problems problems) {
    String named = top.optText("snapshot");
    String name = named;
    if (name == null) {
      List<String> present =
          SNAPSHOT_NAMES.stream().filter(n -> Files.isRegularFile(folder.resolve(n))).toList();
      if (present.isEmpty()) {
        problems.add(
            top.file(),
            top.node(),
            "no snapshot: put snapshot.yaml (or snapshot.json)"
                + " in the case folder, or name the file with 'snapshot'");
        return null;
      }
      if (present.size() > 1) {
        problems.add(
            top.file(),
            top.node(),
            "several snapshots ("
                + String.join(", ", present)
                + "): keep one, or name the one to use with 'snapshot'");
        return null;
      }
      name = present.get(0);
    }
    try {
      return SnapshotReader.read(folder.resolve(name), child(folderDisplay, name));
    } catch (InvalidInputException e) {
      if (named != null && !Files.exists(folder.resolve(name))) {
        problems.add(
            top.file(),
            top.raw("snapshot"),
            "snapshot file '" + name + "' not found in the case folder");
      } else {
        problems.addAll(e.problems());
      }
      return null;
    }
  }

  private Set<String> ruleList(String file, Fields top, String key, Problems problems) {
    Set<String> out = new LinkedHashSet<>();
    for (Node n : top.optList(key)) {
      if (!n.isScalar() || n.text().isBlank()) {
        problems.add(file, n, "items of '" + key + "' must be rule ids, found " + n.describe());
        continue;
      }
      String id = n.text().strip();
      if (knownRule(file, n, id, problems)) {
        out.add(id);
      }
    }
    return out;
  }

  private boolean knownRule(String file, Node at, String id, Problems problems) {
    if (ruleIds.contains(id)) {
      return true;
    }
    String hint = Suggest.closest(id, ruleIds);
    problems.add(
        file,
        at,
        "unknown rule '"
            + id
            + "'"
            + (hint == null
                ? " (neither built-in nor in the rule files given)"
                : " (did you mean '" + hint + "'?)"));
    return false;
  }

  private ExpectedViolation violation(
      String file, Node node, Snapshot snapshot, Problems problems) {
    Fields f = Fields.of(file, node, "an expected violation", VIOLATION, problems);
    if (f == null) {
      return null;
    }
    int before = problems.list().size();
    String rule = f.requireText("rule");
    if (rule != null) {
      knownRule(file, f.raw("rule"), rule, problems);
    }
    String principal = f.requireText("principal");
    if (principal != null
        && snapshot != null
        && snapshot.principals().stream().noneMatch(p -> p.id().equals(principal))) {
      problems.add(
          file,
          f.raw("principal"),
          "principal '"
              + principal
              + "' is not in "
              + snapshot.file()
              + " (ids: "
              + String.join(
                  ", ", snapshot.principals().stream().map(Snapshot.SnapshotPrincipal::id).toList())
              + ")");
    }
    String module = f.optText("module");
    String function = f.optText("function");
    String verbText = f.optText("verb");
    String verb = null;
    if (module != null || function != null || verbText != null) {
      if (module == null || function == null || verbText == null) {
        problems.add(
            file,
            node,
            "give 'module', 'function' and 'verb' together, or none of"
                + " them for a finding about the API user as a whole");
      }
      if (verbText != null) {
        Verb v = Verb.parse(verbText);
        if (v == null) {
          String hint = Suggest.closest(verbText, VERBS);
          problems.add(
              file,
              f.raw("verb"),
              "'verb' has unknown value '"
                  + verbText
                  + "'"
                  + (hint == null
                      ? " (expected one of: " + String.join(", ", VERBS) + ")"
                      : " (did you mean '" + hint + "'?)"));
        } else {
          verb = v.id();
        }
      }
      if (module != null && function != null && snapshot != null) {
        Cell cell = catalog.resolve(snapshot.platform(), module, function).orElse(null);
        if (cell != null) {
          module = cell.module();
          function = cell.function();
        }
      }
    }
    String sev = f.requireOneOf("severity", SEVERITIES);
    String actual = f.optOneOf("actual", LEVELS);
    String allowed = f.optOneOf("allowed", LEVELS);
    String fix = f.optText("fix");
    String message = f.optText("message");
    if (problems.list().size() > before || rule == null || principal == null || sev == null) {
      return null;
    }
    return new ExpectedViolation(
        rule,
        principal,
        module,
        function,
        verb,
        Severity.parse(sev),
        actual,
        allowed,
        fix,
        message,
        node.line());
  }

  /** A baseline reference that names a file rather than an id (as {@code --baseline} does). */
}
