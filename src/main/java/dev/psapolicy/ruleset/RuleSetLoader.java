package dev.psapolicy.ruleset;

import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Origin;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.ruleset.sandbox.DrlScreen;
import dev.psapolicy.ruleset.sandbox.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
    KieBase kieBase = KieBaseBuilder.createKieBaseFromModel(builtInModels());
    return describe(kieBase, builtInSources(), true, Map.of());
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
          byte[] bytes = Files.readAllBytes(f);
          out.add(
              new RuleSource(
                  InputFile.file(InputKind.RULES, display, bytes),
                  new String(bytes, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
          problems.add(InputProblem.at(display, "file not found"));
        } catch (IOException e) {
          problems.add(InputProblem.at(display, "cannot read file"));
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
    List<RuleSource> user = sources.stream().filter(s -> !s.builtIn()).toList();
    if (user.isEmpty()) {
      return builtIn();
    }
    // Before any parser: a nesting deep enough to overflow the parser's stack.
    List<InputProblem> screen = new ArrayList<>();
    for (RuleSource s : user) {
      DrlScreen.Problem p = DrlScreen.depth(s.drl());
      if (p != null) {
        screen.add(new InputProblem(s.file(), p.line(), p.column(), p.message()));
      }
    }
    if (!screen.isEmpty()) {
      throw new InvalidInputException(screen);
    }
    Map<RuleSource, Parsed> parsed = parse(sources, screen);
    List<InputProblem> metadataProblems = parsedMetadataProblems(sources, parsed);
    // Before any compiler: what the compilers would evaluate while building (annotations).
    for (RuleSource s : user) {
      Parsed parsedFile = parsed.get(s);
      if (parsedFile != null) {
        for (DrlScreen.Problem p : DrlScreen.declarations(parsedFile.descr())) {
          screen.add(new InputProblem(s.file(), p.line(), p.column(), p.message()));
        }
      }
    }
    if (!screen.isEmpty()) {
      throw new InvalidInputException(merge(screen, metadataProblems));
    }
    UserModule module = UserModule.compile(user);
    if (!module.problems().isEmpty()) {
      // The executable model's messages often lack a line; the classic compiler says where.
      List<InputProblem> classic = classicProblems(user);
      throw new InvalidInputException(
          merge(classic.isEmpty() ? module.problems() : classic, metadataProblems));
    }
    if (!metadataProblems.isEmpty()) {
      throw new InvalidInputException(metadataProblems);
    }
    Map<RuleSource, PackageDescr> descrs = new java.util.IdentityHashMap<>();
    parsed.forEach((src, p) -> descrs.put(src, p.descr()));
    Declarations declared = Declarations.of(user, descrs);
    Sandbox.Result checked = Sandbox.check(module.classes(), declared.forSandbox());
    Map<String, Location> where = locate(sources);
    // One line per rule (function, type): every refused use it makes.
    Map<Sandbox.Owner, List<String>> byOwner = new LinkedHashMap<>();
    for (Sandbox.Offence o : checked.offences()) {
      byOwner.computeIfAbsent(o.owner(), k -> new ArrayList<>()).add(o.what());
    }
    List<InputProblem> refused = new ArrayList<>();
    byOwner.forEach(
        (owner, whats) -> {
          Site site = site(owner, where, declared, user);
          refused.add(
              new InputProblem(
                  site.file(),
                  site.line(),
                  0,
                  site.what()
                      + " uses "
                      + String.join(", ", whats)
                      + ", which user rules may not use (see docs/security-model.md)"));
        });
    refused.sort(Comparator.comparing(InputProblem::file).thenComparingInt(InputProblem::line));
    if (!refused.isEmpty()) {
      throw new InvalidInputException(refused);
    }
    Map<String, String> owners = new HashMap<>();
    checked
        .owners()
        .forEach(
            (cls, os) ->
                owners.put(
                    cls,
                    String.join(
                        " or ",
                        os.stream()
                            .map(o -> site(o, where, declared, user))
                            .map(Site::display)
                            .toList())));
    KieBase kieBase;
    try {
      List<Model> models = builtInModels();
      models.addAll(module.models());
      kieBase = KieBaseBuilder.createKieBaseFromModel(models);
    } catch (RuntimeException | StackOverflowError e) {
      // Building the rules runs their constant expressions (already checked, but they may throw).
      RuleSource first = user.get(0);
      throw new InvalidInputException(
          List.of(
              new InputProblem(
                  first.file(),
                  0,
                  0,
                  "the rules cannot be built: "
                      + blame(e, owners)
                      + e.getClass().getSimpleName()
                      + (e.getMessage() == null ? "" : ": " + cleanMessage(e.getMessage())))));
    }
    return describe(kieBase, sources, false, owners);
  }

  /** "in rule "X" (file:line): " when a generated class of a user rule is on the stack. */
  static String blame(Throwable e, Map<String, String> owners) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (StackTraceElement f : t.getStackTrace()) {
        String owner = owners.get(f.getClassName() + "." + f.getMethodName());
        owner = owner == null ? owners.get(f.getClassName()) : owner;
        if (owner != null) {
          return "in " + owner + ": ";
        }
      }
    }
    return "";
  }

  private static List<InputProblem> merge(List<InputProblem> a, List<InputProblem> b) {
    List<InputProblem> out = new ArrayList<>(a);
    for (InputProblem p : b) {
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Where an owner of generated code stands in the DRL: a rule at its declaration, a function or
   * declared type at its own line, the rest of a package at its first user file.
   */
  private record Site(String what, String file, int line) {
    String display() {
      return what + " (" + file + ":" + line + ")";
    }
  }

  private static Site site(
      Sandbox.Owner o, Map<String, Location> where, Declarations declared, List<RuleSource> user) {
    switch (o.kind()) {
      case RULE -> {
        Location l = where.get(o.pkg() + "." + o.name());
        if (l != null) {
          return new Site("rule \"" + o.name() + "\"", l.file(), l.line());
        }
      }
      case FUNCTION -> {
        Declarations.At at = declared.functions().get(o.pkg() + "." + o.name());
        if (at != null) {
          return new Site("function " + o.name(), at.file(), at.line());
        }
      }
      case TYPE -> {
        Declarations.At at = declared.types().get(o.pkg() + "." + o.name());
        if (at != null) {
          return new Site("type " + o.name(), at.file(), at.line());
        }
      }
      default -> {}
    }
    Declarations.At at = declared.packages().get(o.pkg());
    if (at == null) {
      at = new Declarations.At(user.get(0).file(), 0);
    }
    return new Site("package " + o.pkg(), at.file(), at.line());
  }

  /** Fresh instances of the precompiled built-in rule model. */
  private static List<Model> builtInModels() {
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
    return models;
  }

  /**
   * The classic (non-executable-model) compiler's messages about user files: they carry the line of
   * the offending constraint, which the executable model's often do not. Only run on a file set
   * that failed to compile, so it costs nothing on the way to a valid rule set.
   */
  private static List<InputProblem> classicProblems(List<RuleSource> sources) {
    KieServices ks = KieServices.Factory.get();
    KieFileSystem kfs = ks.newKieFileSystem();
    ReleaseId releaseId =
        ks.newReleaseId(
            "dev.psapolicy.runtime", "classic", Integer.toHexString(sources.hashCode()));
    kfs.generateAndWritePomXML(releaseId);
    Map<String, RuleSource> byPath = new HashMap<>();
    int i = 0;
    for (RuleSource s : sources) {
      String name = "rules/r" + (i++) + ".drl";
      byPath.put(name, s);
      byPath.put("src/main/resources/" + name, s);
      kfs.write("src/main/resources/" + name, s.drl());
    }
    KieBuilder builder;
    try {
      builder = ks.newKieBuilder(kfs).buildAll(DrlProject.class);
    } catch (RuntimeException | StackOverflowError e) {
      return List.of();
    }
    return kieProblems(builder.getResults().getMessages(Message.Level.ERROR), byPath);
  }

  /** One problem per KIE message, placed in the user's file. */
  static List<InputProblem> kieProblems(List<Message> errors, Map<String, RuleSource> byPath) {
    List<InputProblem> problems = new ArrayList<>();
    Set<String> withErrors = new HashSet<>();
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
      InputProblem p =
          new InputProblem(
              file,
              Math.max(0, m.getLine()),
              Math.max(0, m.getColumn()),
              cleanMessage(m.getText()));
      if (!problems.contains(p)) {
        problems.add(p);
      }
    }
    return problems;
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
      return dev.psapolicy.input.Suggest.closest(member, names);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** Reads and validates the metadata of every rule of a KieBase. */
  static RuleSet describe(
      KieBase kieBase,
      List<RuleSource> sources,
      boolean precompiled,
      Map<String, String> codeOwners)
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
    return new RuleSet(kieBase, byName, rules, sources, precompiled, codeOwners);
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
  private static List<InputProblem> parsedMetadataProblems(
      List<RuleSource> sources, Map<RuleSource, Parsed> parsed) {
    Map<String, Location> where = locate(sources);
    List<Declared> declared = new ArrayList<>();
    for (RuleSource s : sources) {
      Parsed p = parsed.get(s);
      if (p == null || !p.clean()) {
        continue;
      }
      PackageDescr pkg = p.descr();
      String pkgName = Declarations.packageName(pkg);
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

  /**
   * A parsed file.
   *
   * @param descr what parsed
   * @param clean whether it parsed without syntax errors
   */
  private record Parsed(PackageDescr descr, boolean clean) {}

  /**
   * Parses every source (parsing runs nothing). A file with syntax errors keeps what parsed, for
   * the screen; its errors are the compiler's to report.
   */
  private static Map<RuleSource, Parsed> parse(
      List<RuleSource> sources, List<InputProblem> problems) {
    Map<RuleSource, Parsed> out = new java.util.IdentityHashMap<>();
    for (RuleSource s : sources) {
      DrlParser parser = new DrlParser();
      try {
        PackageDescr pkg = parser.parse(false, s.drl());
        if (pkg != null) {
          out.put(s, new Parsed(pkg, !parser.hasErrors()));
        }
      } catch (DroolsParserException | RuntimeException e) {
        // reported by the compiler
      } catch (StackOverflowError e) {
        problems.add(
            new InputProblem(
                s.file(),
                1,
                0,
                "the file is nested too deeply to parse (stack overflow); split long expressions"
                    + " into smaller constraints or functions"));
      }
    }
    return out;
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
