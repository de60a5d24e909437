package dev.psapolicy.ruleset;

import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Origin;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.input.Suggest;
import dev.psapolicy.input.Utf8;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.compiler.kie.builder.impl.DrlProject;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * Loads rule packs. The built-in rules come from the executable model compiled at build time (no
 * DRL compilation at run time); when user rule folders are given, the built-in DRL and the user DRL
 * are compiled together at run time into one KieBase so that they share one session.
 */
public final class RuleSetLoader {
  /** Folder of the built-in DRL inside the jar. */
  public static final String BUNDLED_DIR = "dev/psapolicy/rules";

  private static final String MODEL_INDEX = "META-INF/kie/dev.psapolicy/psa-policy/drools-model";
  private static final Pattern RULE_DECL =
      Pattern.compile("^[ \\t]*rule[ \\t]+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))", Pattern.MULTILINE);
  private static final Pattern PACKAGE_DECL =
      Pattern.compile("^[ \\t]*package[ \\t]+([\\w.]+)\\s*;?", Pattern.MULTILINE);

  private static final String NULL_PACKAGE = "Parser returned a null Package";
  private static volatile RuleSet builtIn;
  private static final int CACHE_SIZE = 8;
  private static final Map<List<String>, RuleSet> COMPILED =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, RuleSet> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  private RuleSetLoader() {}

  /** The built-in rules from the precompiled executable model (loaded once per process). */
  public static RuleSet builtIn() throws InvalidInputException {
    RuleSet r = builtIn;
    if (r == null) {
      synchronized (RuleSetLoader.class) {
        r = builtIn;
        if (r == null) {
          r = loadPrecompiled();
          builtIn = r;
        }
      }
    }
    return r;
  }

  /**
   * Starts loading the built-in rules on a background thread, so that the KieBase is built while
   * the caller parses its inputs (a cold start has two cores and two independent jobs). A later
   * {@link #builtIn()} waits for it; a failure there is reported by that call.
   */
  public static void warmUpInBackground() {
    if (builtIn != null) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                builtIn();
              } catch (InvalidInputException | RuntimeException e) {
                // builtIn() is called again on the main thread and reports the failure there.
              }
            },
            "psa-policy-rules-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /** The DRL sources of the built-in rules, as bundled in the jar. */
  public static List<RuleSource> builtInSources() {
    List<RuleSource> out = new ArrayList<>();
    for (String name : Bundled.list(BUNDLED_DIR, ".drl")) {
      byte[] bytes = Bundled.read(BUNDLED_DIR + "/" + name);
      out.add(
          new RuleSource(
              InputFile.of(InputKind.RULES, Origin.BUILT_IN, "rules/" + name, null, bytes),
              new String(bytes, StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static RuleSet loadPrecompiled() throws InvalidInputException {
    byte[] index = Bundled.read(MODEL_INDEX);
    if (index == null) {
      throw new IllegalStateException(
          "the jar carries no precompiled rule model ("
              + MODEL_INDEX
              + "); rebuild with mvn package");
    }
    List<Model> models = new ArrayList<>();
    for (String line : new String(index, StandardCharsets.UTF_8).split("\\R")) {
      String cls = line.strip();
      if (cls.isEmpty() || cls.startsWith("Drools-Model-Version")) {
        continue;
      }
      try {
        models.add((Model) Class.forName(cls).getDeclaredConstructor().newInstance());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot load precompiled rule model " + cls, e);
      }
    }
    KieBase kieBase = KieBaseBuilder.createKieBaseFromModel(models);
    return describe(kieBase, builtInSources(), true);
  }

  /**
   * Compiles the built-in rules together with every {@code .drl} file of the given folders (or
   * files). Every compile error and metadata problem of every file is reported at once.
   */
  public static RuleSet withUserRules(List<Path> paths, Path base) throws InvalidInputException {
    if (paths.isEmpty()) {
      return builtIn();
    }
    List<RuleSource> sources = new ArrayList<>(builtInSources());
    sources.addAll(readUserSources(paths, base));
    return compile(sources);
  }

  /**
   * Reads user DRL files from folders (recursively, sorted) or single files. Relative paths resolve
   * against {@code base} and are shown as given.
   */
  public static List<RuleSource> readUserSources(List<Path> paths, Path base)
      throws InvalidInputException {
    List<RuleSource> out = new ArrayList<>();
    List<InputProblem> problems = new ArrayList<>();
    for (Path given : paths) {
      Path p = base.resolve(given);
      if (!Files.exists(p)) {
        problems.add(InputProblem.at(given.toString(), "rules folder or file not found"));
        continue;
      }
      List<Path> files;
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          files =
              s.filter(f -> f.toString().endsWith(".drl") && Files.isRegularFile(f))
                  .sorted()
                  .toList();
        } catch (IOException e) {
          problems.add(InputProblem.at(given.toString(), "cannot list folder"));
          continue;
        }
        if (files.isEmpty()) {
          problems.add(InputProblem.at(given.toString(), "no .drl files in rules folder"));
        }
      } else {
        files = List.of(p);
      }
      for (Path f : files) {
        String display =
            given.isAbsolute()
                ? f.toString()
                : given.resolve(p.relativize(f)).normalize().toString();
        if (display.isEmpty()) {
          display = given.toString();
        }
        try {
          byte[] bytes = StructuredFiles.readBytes(f, display);
          out.add(
              RuleSource.ofUserFile(
                  InputFile.file(InputKind.RULES, display, bytes), Utf8.decode(bytes, display)));
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return out;
  }

  /**
   * Compiles DRL sources at run time (classic DRL compiler). Compile errors and metadata problems
   * (missing {@code @id}, unknown severity, reused id) of every file are reported together. The
   * last few compiled packs are kept, keyed by the files' names and hashes, so that repeated
   * commands in one process (tests, {@code test} after {@code validate}) compile once.
   */
  public static RuleSet compile(List<RuleSource> sources) throws InvalidInputException {
    List<String> key = new ArrayList<>();
    for (RuleSource s : sources) {
      key.add(s.file() + "\u001f" + s.sha256() + "\u001f" + s.builtIn());
    }
    synchronized (COMPILED) {
      RuleSet cached = COMPILED.get(key);
      if (cached != null) {
        return cached;
      }
    }
    RuleSet compiled = compileFresh(sources);
    synchronized (COMPILED) {
      COMPILED.put(key, compiled);
    }
    return compiled;
  }

  private static RuleSet compileFresh(List<RuleSource> sources) throws InvalidInputException {
    List<InputProblem> metadataProblems = parsedMetadataProblems(sources);
    KieServices ks = KieServices.Factory.get();
    KieFileSystem kfs = ks.newKieFileSystem();
    ReleaseId releaseId =
        ks.newReleaseId("dev.psapolicy.runtime", "rules", Integer.toHexString(sources.hashCode()));
    kfs.generateAndWritePomXML(releaseId);
    Map<String, RuleSource> byPath = new HashMap<>();
    int i = 0;
    for (RuleSource s : sources) {
      String name = "rules/r" + (i++) + ".drl";
      // KIE names a file by its path below src/main/resources in its messages.
      byPath.put(name, s);
      byPath.put("src/main/resources/" + name, s);
      kfs.write("src/main/resources/" + name, s.drl());
    }
    KieBuilder builder = ks.newKieBuilder(kfs).buildAll(DrlProject.class);
    List<InputProblem> problems = new ArrayList<>();
    Set<String> withErrors = new HashSet<>();
    List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
    for (Message m : errors) {
      if (!NULL_PACKAGE.equals(m.getText())) {
        withErrors.add(String.valueOf(m.getPath()));
      }
    }
    for (Message m : errors) {
      if (NULL_PACKAGE.equals(m.getText()) && withErrors.contains(String.valueOf(m.getPath()))) {
        continue; // the parser's echo of a syntax error reported on its own line
      }
      RuleSource s = m.getPath() == null ? null : byPath.get(m.getPath());
      String file = s == null ? "<rules>" : s.file();
      problems.add(
          new InputProblem(
              file,
              Math.max(0, m.getLine()),
              Math.max(0, m.getColumn()),
              cleanMessage(m.getText())));
    }
    for (InputProblem p : metadataProblems) {
      if (!problems.contains(p)) {
        problems.add(p);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    KieBase kieBase = ks.newKieContainer(releaseId).getKieBase();
    return describe(kieBase, sources, false);
  }

  private static final Pattern UNRESOLVED =
      Pattern.compile("unable to resolve method using strict-mode: ([\\w.$]+)\\.(\\w+)\\(\\)");

  /**
   * One line per compiler message, without MVEL's excerpt and caret (the position is already in
   * file:line), and with a "did you mean" when a constraint names a field a fact does not have.
   */
  static String cleanMessage(String text) {
    String t = text == null ? "compile error" : text.replace('\n', ' ').replaceAll("\\s+", " ");
    t =
        t.replaceAll("^\\[ERR \\d+\\] Line \\d+:\\d+ ", "")
            .replaceAll("\\s*\\[Near : \\{.*?\\}\\]\\s*\\^?", "")
            .replaceAll("\\s*\\[Line: \\d+, Column: \\d+\\]", "")
            .replaceAll("\\[Error: (.*?)\\]", "$1")
            .strip();
    if (t.contains("illegal function name or use of reserved word")
        && t.matches("(?s).*\\bfunction\\s*(==|!=|in\\b|matches\\b).*")) {
      t = t + " (the fact field is 'functionName': 'function' is reserved in MVEL)";
    }
    Matcher m = UNRESOLVED.matcher(t);
    if (m.find()) {
      String hint = fieldHint(m.group(1), m.group(2));
      if (hint != null) {
        t = t + " (did you mean '" + hint + "'?)";
      }
    }
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }

  private static String fieldHint(String className, String member) {
    try {
      Class<?> c = Class.forName(className, false, RuleSetLoader.class.getClassLoader());
      List<String> names = new ArrayList<>();
      if (c.isRecord()) {
        for (var rc : c.getRecordComponents()) {
          names.add(rc.getName());
        }
      }
      for (var method : c.getMethods()) {
        if (method.getParameterCount() == 0 && method.getDeclaringClass() == c) {
          names.add(method.getName());
        }
      }
      return Suggest.closest(member, names);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** Reads and validates the metadata of every rule of a KieBase. */
  static RuleSet describe(KieBase kieBase, List<RuleSource> sources, boolean precompiled)
      throws InvalidInputException {
    Map<String, Location> where = locate(sources);
    List<Declared> declared = new ArrayList<>();
    for (KiePackage pkg : kieBase.getKiePackages()) {
      for (Rule rule : pkg.getRules()) {
        String key = pkg.getName() + "." + rule.getName();
        declared.add(
            new Declared(
                key,
                rule.getName(),
                rule.getMetaData(),
                where.getOrDefault(key, new Location("<rules>", 0, false))));
      }
    }
    // Source order (built-in first), then line: a reused id is blamed on the later declaration.
    Map<String, Integer> order = new HashMap<>();
    for (RuleSource s : sources) {
      order.putIfAbsent(s.file(), order.size());
    }
    declared.sort(
        Comparator.comparingInt(
                (Declared d) -> order.getOrDefault(d.loc().file(), Integer.MAX_VALUE))
            .thenComparingInt(d -> d.loc().line()));
    List<InputProblem> problems = new ArrayList<>();
    Map<String, RuleInfo> byName = checkMetadata(declared, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    List<RuleInfo> rules = new ArrayList<>(byName.values());
    rules.sort(Comparator.comparing(RuleInfo::id));
    return new RuleSet(kieBase, byName, rules, sources, precompiled);
  }

  /** A rule as declared, before its metadata is checked. */
  private record Declared(String key, String name, Map<String, Object> meta, Location loc) {}

  /**
   * The one metadata check of every rule, whether it comes from a compiled KieBase or from the
   * parsed DRL: returns the valid rules by "package.name" and adds a problem per invalid one.
   */
  private static Map<String, RuleInfo> checkMetadata(
      List<Declared> declared, List<InputProblem> problems) {
    Map<String, RuleInfo> byName = new LinkedHashMap<>();
    Map<String, RuleInfo> byId = new HashMap<>();
    for (Declared d : declared) {
      Location loc = d.loc();
      Map<String, Object> meta = d.meta();
      String id = text(meta.get("id"));
      String prefix = "rule \"" + d.name() + "\"";
      if (id == null) {
        problems.add(new InputProblem(loc.file, loc.line, 0, prefix + " has no @id"));
        continue;
      }
      String sevText = text(meta.get("severity"));
      Severity severity = Severity.parse(sevText);
      if (severity == null) {
        problems.add(
            new InputProblem(
                loc.file,
                loc.line,
                0,
                prefix
                    + (sevText == null
                        ? " has no @severity"
                        : " has unknown @severity '" + sevText + "'")
                    + " (expected one of "
                    + Severity.names()
                    + ")"));
        continue;
      }
      String oneStepText = text(meta.get("severityOneStep"));
      Severity oneStep = Severity.parse(oneStepText);
      if (oneStepText != null && oneStep == null) {
        problems.add(
            new InputProblem(
                loc.file,
                loc.line,
                0,
                prefix
                    + " has unknown @severityOneStep '"
                    + oneStepText
                    + "' (expected one of "
                    + Severity.names()
                    + ")"));
        continue;
      }
      String title = text(meta.get("title"));
      if (title == null) {
        problems.add(new InputProblem(loc.file, loc.line, 0, prefix + " has no @title"));
        continue;
      }
      RuleInfo info =
          new RuleInfo(
              id,
              severity,
              oneStep,
              title,
              text(meta.get("rationale")),
              text(meta.get("remediation")),
              text(meta.get("source")),
              loc.file,
              loc.line,
              loc.builtIn);
      RuleInfo clash = byId.putIfAbsent(id, info);
      if (clash != null) {
        problems.add(
            new InputProblem(
                loc.file,
                loc.line,
                0,
                prefix
                    + " reuses @id '"
                    + id
                    + "' of the rule at "
                    + clash.file()
                    + ":"
                    + clash.line()));
        continue;
      }
      byName.put(d.key(), info);
    }
    return byName;
  }

  /**
   * Metadata problems found by parsing (not compiling) every source, so that a file with a compile
   * error does not hide a missing {@code @id} in another. Sources that do not parse are skipped
   * here: the compiler reports them.
   */
  private static List<InputProblem> parsedMetadataProblems(List<RuleSource> sources) {
    Map<String, Location> where = locate(sources);
    List<Declared> declared = new ArrayList<>();
    for (RuleSource s : sources) {
      PackageDescr pkg;
      DrlParser parser = new DrlParser();
      try {
        pkg = parser.parse(false, s.drl());
      } catch (DroolsParserException | RuntimeException e) {
        continue;
      }
      if (pkg == null || parser.hasErrors()) {
        continue;
      }
      String pkgName =
          pkg.getName() == null || pkg.getName().isEmpty() ? "defaultpkg" : pkg.getName();
      for (RuleDescr r : pkg.getRules()) {
        Map<String, Object> meta = new HashMap<>();
        for (AnnotationDescr a : r.getAnnotations()) {
          meta.put(a.getName(), a.getSingleValue());
        }
        String key = pkgName + "." + r.getName();
        declared.add(
            new Declared(
                key,
                r.getName(),
                meta,
                where.getOrDefault(key, new Location(s.file(), r.getLine(), s.builtIn()))));
      }
    }
    List<InputProblem> problems = new ArrayList<>();
    checkMetadata(declared, problems);
    return problems;
  }

  private record Location(String file, int line, boolean builtIn) {}

  private static Map<String, Location> locate(List<RuleSource> sources) {
    Map<String, Location> map = new HashMap<>();
    for (RuleSource s : sources) {
      Matcher pm = PACKAGE_DECL.matcher(s.drl());
      String pkg = pm.find() ? pm.group(1) : "defaultpkg";
      Matcher m = RULE_DECL.matcher(s.drl());
      while (m.find()) {
        String name =
            m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        int line = 1 + (int) s.drl().substring(0, m.start()).chars().filter(c -> c == '\n').count();
        map.putIfAbsent(pkg + "." + name, new Location(s.file(), line, s.builtIn()));
      }
    }
    return map;
  }

  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    String s = value.toString().strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1);
    }
    return s.isBlank() ? null : s;
  }
}
