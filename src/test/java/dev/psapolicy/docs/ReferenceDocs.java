package dev.psapolicy.docs;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineRow;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.cli.Command;
import dev.psapolicy.cli.Main;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.render.RuleCatalog;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.vocabulary.Verb;
import dev.psapolicy.waiver.WaiverRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.cli.Option;

/**
 * The reference pages under docs/reference/ and the generated regions of hand-written pages, made
 * from the code: the commands' Commons CLI {@code Options}, {@link ExitCode}, the fact classes of
 * {@code dev.psapolicy.facts} (by reflection, with the descriptions their Javadoc gives), the
 * built-in rules' metadata and the built-in baselines. {@link ReferenceDocsTest} fails when a
 * committed page differs from what this makes, and rewrites them with {@code
 * -Dpsa.docs.write=true}.
 */
final class ReferenceDocs {
  private ReferenceDocs() {}

  /** How to regenerate, as every generated page and the test's failure say. */
  static final String REGENERATE = "mvn -B -q test -Dtest=ReferenceDocsTest -Dpsa.docs.write=true";

  static final Path REFERENCE = Path.of("docs/reference");

  private static final String NOTICE =
      "<!-- Generated from the code by src/test/java/dev/psapolicy/docs/ReferenceDocs.java; do not"
          + " edit by hand.\n     ReferenceDocsTest fails when this page is stale; regenerate with: "
          + REGENERATE
          + " -->\n";

  /** Every generated page by its path, in a stable order. */
  static Map<Path, String> pages() {
    Map<Path, String> out = new LinkedHashMap<>();
    out.put(REFERENCE.resolve("commands.md"), commands());
    out.put(REFERENCE.resolve("exit-codes.md"), exitCodes());
    out.put(REFERENCE.resolve("facts.md"), facts());
    out.put(REFERENCE.resolve("rules.md"), rules());
    out.put(REFERENCE.resolve("baselines.md"), baselines());
    return out;
  }

  /**
   * A generated region of a hand-written page: the text between {@code <!-- BEGIN generated: NAME
   * ... -->} and {@code <!-- END generated: NAME -->}.
   */
  record Region(Path file, String name, String content) {
    String begin() {
      return "<!-- BEGIN generated: "
          + name
          + " (ReferenceDocs; regenerate with "
          + REGENERATE
          + ") -->\n";
    }

    String end() {
      return "<!-- END generated: " + name + " -->";
    }
  }

  /** Every generated region of a hand-written page. */
  static List<Region> regions() {
    return List.of(new Region(Path.of("README.md"), "exit codes", exitCodeLine()));
  }

  // ---- commands ---------------------------------------------------------------------------------

  static String commands() {
    List<Command> commands = new Main().commands();
    StringBuilder sb = new StringBuilder(NOTICE);
    sb.append("\n# Command reference\n\n");
    sb.append(
        "Every command and every option, made from the Commons CLI `Options` each command builds"
            + " (what `psa-policy COMMAND --help` prints). `psa-policy` stands for"
            + " `java -jar target/psa-policy.jar` (or the container image). What the options are"
            + " for: [getting started](../getting-started.md), [the pipeline"
            + " gate](../pipeline-gate.md), [fetching](../fetching.md), [rule"
            + " authoring](../rule-authoring.md), [audit](../audit.md); what the exit codes mean:"
            + " [exit codes](exit-codes.md).\n\n");
    sb.append("| command | does |\n|---|---|\n");
    for (Command c : commands) {
      sb.append("| [`")
          .append(c.name())
          .append("`](#")
          .append(c.name())
          .append(") | ")
          .append(cell(c.summary()))
          .append(" |\n");
    }
    for (Command c : commands) {
      sb.append("\n## ").append(c.name()).append("\n\n");
      sb.append(sentence(c.summary())).append("\n\n");
      sb.append("```\npsa-policy ")
          .append(c.name())
          .append(' ')
          .append(c.usage())
          .append("\n```\n\n");
      sb.append("| option | argument | meaning |\n|---|---|---|\n");
      List<Option> options = new ArrayList<>(c.options().getOptions());
      options.sort(
          Comparator.comparing(
              (Option o) ->
                  (o.getLongOpt() == null ? o.getOpt() : o.getLongOpt()).toLowerCase(Locale.ROOT)));
      for (Option o : options) {
        List<String> names = new ArrayList<>();
        if (o.getOpt() != null && (o.getLongOpt() == null || !o.getOpt().equals(o.getLongOpt()))) {
          names.add("`-" + o.getOpt() + "`");
        }
        if (o.getLongOpt() != null) {
          names.add("`--" + o.getLongOpt() + "`");
        }
        sb.append("| ")
            .append(String.join(", ", names))
            .append(" | ")
            .append(
                o.hasArg() ? "`" + cell(o.getArgName() == null ? "ARG" : o.getArgName()) + "`" : "")
            .append(" | ")
            .append(cell(o.getDescription() == null ? "" : o.getDescription()))
            .append(" |\n");
      }
    }
    return sb.toString();
  }

  // ---- exit codes -------------------------------------------------------------------------------

  /** Every exit code by name on one line, for README; exit-codes.md has their meanings. */
  static String exitCodeLine() {
    StringBuilder sb = new StringBuilder();
    for (ExitCode e : ExitCode.values()) {
      sb.append(sb.isEmpty() ? "" : ", ").append('`').append(e.code()).append(' ').append(e.name());
      sb.append('`');
    }
    return sb.append(
            "; what each means, command by command:"
                + " [exit codes](docs/reference/exit-codes.md).\n")
        .toString();
  }

  /** The table of every exit code, for exit-codes.md. */
  static String exitCodeTable() {
    StringBuilder sb = new StringBuilder("| code | name | meaning |\n|---|---|---|\n");
    for (ExitCode e : ExitCode.values()) {
      if (e.meaning() == null || e.meaning().isBlank()) {
        throw new IllegalStateException("ExitCode." + e + " has no meaning()");
      }
      sb.append("| ")
          .append(e.code())
          .append(" | `")
          .append(e.name())
          .append("` | ")
          .append(e.meaning().replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.toString();
  }

  static String exitCodes() {
    return NOTICE
        + "\n# Exit codes\n\n"
        + "Every psa-policy command exits with one of these codes, the constants of"
        + " `dev.psapolicy.gate.ExitCode` (each with its `meaning()`). The container image exits"
        + " with the CLI's code.\n\n"
        + exitCodeTable()
        + "\nA user mistake (codes 2, 3) never prints a stack trace; `--debug` shows it. Which codes"
        + " each command can return: [getting started](../getting-started.md#commands-at-a-glance);"
        + " how `fetch` fails closed: [fetching](../fetching.md#fail-closed).\n";
  }

  // ---- facts ------------------------------------------------------------------------------------

  /** The fact classes, in the order a rule author meets them; every other type must be listed. */
  static final List<String> FACTS =
      List.of(
          "Principal",
          "Grant",
          "Assignment",
          "Recognition",
          "Claim",
          "Customize",
          "Verb",
          "Level",
          "Platform");

  /** Types of the facts package that are not inserted into a session, and why. */
  static final Map<String, String> NOT_FACTS =
      Map.of(
          "Snapshot",
          "the snapshot file model, see [the snapshot format](../getting-started.md#snapshots)");

  static final Path FACTS_SOURCE = Path.of("src/main/java/dev/psapolicy/facts");

  /** The vocabulary the facts use: its own package, imported into every user rule implicitly. */
  static final List<String> VOCABULARY = List.of("Verb", "Level", "Platform");

  static final Path VOCABULARY_SOURCE = Path.of("src/main/java/dev/psapolicy/vocabulary");

  static String facts() {
    try (Stream<Path> files = Files.list(FACTS_SOURCE)) {
      Set<String> found =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
              .map(n -> n.substring(0, n.length() - ".java".length()))
              .collect(Collectors.toSet());
      for (String n : found) {
        if (!FACTS.contains(n) && !NOT_FACTS.containsKey(n) || VOCABULARY.contains(n)) {
          throw new IllegalStateException(
              "dev.psapolicy.facts." + n + " is neither in ReferenceDocs.FACTS nor in NOT_FACTS");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder sb = new StringBuilder(NOTICE);
    sb.append("\n# Facts\n\n");
    sb.append(
        "The PSA-neutral types rules are written against, in `dev.psapolicy.facts` (the"
            + " vocabulary `Verb`, `Level`, `Platform` in `dev.psapolicy.vocabulary`, which every"
            + " user rule imports implicitly), made by"
            + " reflection over the classes with the descriptions of their Javadoc. Every run"
            + " inserts the `Principal`, `Assignment` and `Grant` facts into the session; what a"
            + " principal's baselines allow is carried by each judged `Grant` (`allowed`,"
            + " `listed`, `baselines`), the one model of it; a `Claim` is inserted by rules. `Verb`, `Level` and `Platform` are the vocabulary the facts use."
            + " How to write a rule with them: [rule authoring](../rule-authoring.md).\n\n");
    for (String n : FACTS) {
      sb.append("- [`").append(n).append("`](#").append(n.toLowerCase(Locale.ROOT)).append(")\n");
    }
    for (Map.Entry<String, String> e : NOT_FACTS.entrySet()) {
      sb.append("\nNot a fact: `")
          .append(e.getKey())
          .append("`, ")
          .append(e.getValue())
          .append(".\n");
    }
    for (String n : FACTS) {
      sb.append('\n').append(type(n));
    }
    return sb.toString();
  }

  private static String type(String simpleName) {
    Class<?> c;
    try {
      c =
          Class.forName(
              (VOCABULARY.contains(simpleName)
                      ? "dev.psapolicy.vocabulary."
                      : "dev.psapolicy.facts.")
                  + simpleName);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    String source =
        read(
            (VOCABULARY.contains(simpleName) ? VOCABULARY_SOURCE : FACTS_SOURCE)
                .resolve(simpleName + ".java"));
    Javadoc doc =
        Javadoc.before(source, "public (?:record|enum|final class|class) " + simpleName + "\\b");
    StringBuilder sb = new StringBuilder();
    sb.append("## ").append(simpleName).append("\n\n");
    sb.append(doc.text()).append("\n\n");
    Set<String> accessors = Set.of();
    if (c.isRecord()) {
      sb.append("| field | type | meaning |\n|---|---|---|\n");
      for (RecordComponent rc : c.getRecordComponents()) {
        String meaning = doc.params().get(rc.getName());
        if (meaning == null || meaning.isBlank()) {
          throw new IllegalStateException(
              simpleName + "." + rc.getName() + " has no @param in its Javadoc");
        }
        sb.append("| `")
            .append(rc.getName())
            .append("` | `")
            .append(typeName(rc.getGenericType()))
            .append("` | ")
            .append(cellMd(meaning))
            .append(" |\n");
      }
      accessors =
          Arrays.stream(c.getRecordComponents())
              .map(RecordComponent::getName)
              .collect(Collectors.toSet());
    } else if (c.isEnum()) {
      List<Method> props = new ArrayList<>();
      for (String p : List.of("id", "rank", "code", "label")) {
        try {
          Method m = c.getDeclaredMethod(p);
          if (Modifier.isPublic(m.getModifiers())) {
            props.add(m);
          }
        } catch (NoSuchMethodException e) {
          // not every enum has every property
        }
      }
      sb.append("| constant |");
      props.forEach(m -> sb.append(" `").append(m.getName()).append("()` |"));
      sb.append("\n|---|").append("---|".repeat(props.size())).append('\n');
      for (Object constant : c.getEnumConstants()) {
        sb.append("| `").append(((Enum<?>) constant).name()).append("` |");
        for (Method m : props) {
          try {
            sb.append(" `").append(m.invoke(constant)).append("` |");
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }
        sb.append('\n');
      }
      accessors = props.stream().map(Method::getName).collect(Collectors.toSet());
    }
    List<Method> methods = new ArrayList<>();
    for (Method m : c.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers())
          || m.isSynthetic()
          || accessors.contains(m.getName())
          || Set.of("equals", "hashCode", "toString", "values", "valueOf").contains(m.getName())) {
        continue;
      }
      methods.add(m);
    }
    // name, then arity, then parameter types: reflection's order of overloads is not stable
    methods.sort(
        Comparator.comparing(Method::getName)
            .thenComparingInt(Method::getParameterCount)
            .thenComparing(m -> Arrays.toString(m.getParameterTypes())));
    if (!methods.isEmpty()) {
      sb.append("\n| method | returns | meaning |\n|---|---|---|\n");
      for (Method m : methods) {
        String params =
            Arrays.stream(m.getGenericParameterTypes())
                .map(ReferenceDocs::typeName)
                .collect(Collectors.joining(", "));
        Javadoc md =
            Javadoc.before(
                source,
                "public (?:static )?[\\w<>\\[\\], ]+? " + Pattern.quote(m.getName()) + "\\(");
        if (md.text().isBlank()) {
          throw new IllegalStateException(
              simpleName + "." + m.getName() + "() is public but has no Javadoc");
        }
        sb.append("| `")
            .append(Modifier.isStatic(m.getModifiers()) ? simpleName + "." : "")
            .append(m.getName())
            .append('(')
            .append(params)
            .append(")` | `")
            .append(typeName(m.getGenericReturnType()))
            .append("` | ")
            .append(cellMd(md.text()))
            .append(" |\n");
      }
    }
    return sb.toString();
  }

  private static String typeName(Type t) {
    if (t instanceof Class<?> c) {
      return c.getSimpleName();
    }
    if (t instanceof ParameterizedType p) {
      return ((Class<?>) p.getRawType()).getSimpleName()
          + "<"
          + Arrays.stream(p.getActualTypeArguments())
              .map(ReferenceDocs::typeName)
              .collect(Collectors.joining(", "))
          + ">";
    }
    return t.getTypeName();
  }

  /** A Javadoc comment's description and its {@code @param} texts, as Markdown. */
  record Javadoc(String text, Map<String, String> params) {
    static Javadoc before(String source, String declaration) {
      Matcher m =
          Pattern.compile(
                  "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+\\s*)*" + declaration, Pattern.DOTALL)
              .matcher(source);
      if (!m.find()) {
        return new Javadoc("", Map.of());
      }
      String body =
          Arrays.stream(m.group(1).split("\n"))
              .map(l -> l.replaceFirst("^\\s*\\*\\s?", ""))
              .collect(Collectors.joining("\n"));
      int tags = body.indexOf("\n@");
      String description = tags < 0 ? body : body.substring(0, tags);
      Map<String, String> params = new LinkedHashMap<>();
      if (tags >= 0) {
        for (String tag : body.substring(tags + 1).split("\n(?=@)")) {
          Matcher p = Pattern.compile("@param\\s+(\\w+)\\s+(.*)", Pattern.DOTALL).matcher(tag);
          if (p.matches()) {
            params.put(p.group(1), markdown(p.group(2)));
          }
        }
      }
      return new Javadoc(markdown(description), params);
    }

    private static String markdown(String javadoc) {
      String s = javadoc.strip();
      s = s.replaceAll("\\{@code\\s+([^{}]*(?:\\{[^{}]*\\}[^{}]*)*)\\}", "`$1`");
      s = s.replaceAll("\\{@link #(\\w+)\\([^)]*\\)\\}", "`$1()`");
      s = s.replaceAll("\\{@link (?:[\\w.]+\\.)?(\\w+)#(\\w+)\\([^)]*\\)\\}", "`$1.$2()`");
      s = s.replaceAll("\\{@link (?:[\\w.]+\\.)?(\\w+)\\}", "`$1`");
      s = s.replaceAll("\\s*<p>\\s*", "\n\n");
      return Arrays.stream(s.split("\n\n"))
          .map(par -> par.replaceAll("\\s+", " ").strip())
          .collect(Collectors.joining("\n\n"));
    }
  }

  // ---- rules ------------------------------------------------------------------------------------

  static String rules() {
    List<RuleInfo> builtIn;
    try {
      builtIn = RuleSetLoader.builtIn().rules();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    StringBuilder sb = new StringBuilder(NOTICE).append('\n');
    sb.append(RuleCatalog.document(builtIn));
    sb.append("\n## Findings about waivers\n\n");
    sb.append(
        "Not DRL rules: psa-policy reports them about the waivers themselves, and only when a"
            + " waivers file is in use (see [waivers](../pipeline-gate.md#waivers-waiversyaml)). They"
            + " carry rule metadata like the rules above, can get another severity from the"
            + " config, and can be neither waived nor accepted; `PSA-WAIVER-INVALID` cannot be"
            + " disabled.\n\n");
    sb.append(RuleCatalog.table(WaiverRules.ALL));
    for (RuleInfo r : WaiverRules.ALL) {
      sb.append("\n### `").append(r.id()).append("`: ").append(r.title()).append("\n\n");
      sb.append("- severity: ").append(r.severity().id()).append('\n');
      sb.append("\n**Rationale.** ").append(r.rationale()).append('\n');
      sb.append("\n**Remediation.** ").append(r.remediation()).append('\n');
    }
    return sb.toString();
  }

  // ---- baselines --------------------------------------------------------------------------------

  static String baselines() {
    List<Baseline> all;
    try {
      all = new ArrayList<>(new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    all.sort(Comparator.comparing((Baseline b) -> b.platform()).thenComparing(Baseline::id));
    StringBuilder sb = new StringBuilder(NOTICE);
    sb.append("\n# Built-in baselines\n\n");
    sb.append(
        "One baseline per vendor guide, transcribed from the published table into"
            + " [`baselines/`](../../baselines/) with its source and the day it was retrieved."
            + " Anything a baseline does not list is allowed None. How to write one: [the"
            + " baseline format](../rule-authoring.md#baselines). `rows` counts the cells after"
            + " resolving them against the catalog: an Autotask category expands to the REST"
            + " entities it covers ([`autotask-entities.yaml`](../../baselines/catalog/autotask-entities.yaml)),"
            + " so the guide's own rows are given in brackets where they differ.\n\n");
    sb.append("| id | platform | vendor | guide | retrieved | rows |\n|---|---|---|---|---|---|\n");
    for (Baseline b : all) {
      sb.append("| [`")
          .append(b.id())
          .append("`](#")
          .append(b.id())
          .append(") | ")
          .append(b.platform().label())
          .append(" | ")
          .append(cell(b.product()))
          .append(" | [")
          .append(cell(b.title()))
          .append("](")
          .append(b.source())
          .append(") | ")
          .append(b.retrieved())
          .append(" | ")
          .append(rows(b))
          .append(" |\n");
    }
    for (Baseline b : all) {
      sb.append("\n## ").append(b.id()).append("\n\n");
      sb.append("- vendor: ").append(cell(b.product())).append('\n');
      sb.append("- guide: [").append(cell(b.title())).append("](").append(b.source()).append(")\n");
      sb.append("- retrieved: ").append(b.retrieved()).append('\n');
      sb.append("- recognised by: ")
          .append(
              b.recognise().isEmpty()
                  ? "nothing (assign it in the snapshot or the policy config)"
                  : String.join(
                      ", ",
                      b.recognise().patterns().stream()
                          .map(x -> x.key() + " `" + x.glob().text() + "`")
                          .toList()))
          .append('\n');
      sb.append("- file: [`baselines/")
          .append(b.id())
          .append(".yaml`](../../baselines/")
          .append(b.id())
          .append(".yaml)\n\n");
      boolean published = b.rows().stream().anyMatch(r -> r.published() != null);
      sb.append("| module / function | add | edit | delete | inquire |")
          .append(published ? " as published |" : "")
          .append("\n|---|---|---|---|---|")
          .append(published ? "---|" : "")
          .append('\n');
      for (BaselineRow r : b.rows()) {
        sb.append("| ").append(cell(r.cell().module() + " / " + r.cell().function())).append(" |");
        for (Verb v : Verb.values()) {
          sb.append(' ').append(r.level(v).label()).append(" |");
        }
        if (published) {
          sb.append(' ').append(r.published() == null ? "" : cell(r.published())).append(" |");
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * "20", or "36 (8 in the guide)" when the guide's rows expand to more cells (a cell two rows
   * cover shows both, joined by "; ").
   */
  private static String rows(Baseline b) {
    long published =
        b.rows().stream()
            .map(BaselineRow::published)
            .filter(p -> p != null)
            .flatMap(p -> Arrays.stream(p.split("; ")))
            .distinct()
            .count();
    return published == 0 || published == b.rows().size()
        ? String.valueOf(b.rows().size())
        : b.rows().size() + " (" + published + " in the guide)";
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "Evaluate API users' ..." from a summary that starts in lower case. */
  private static String sentence(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
  }

  /** Plain text in a table cell: Markdown punctuation escaped. */
  static String cell(String s) {
    return s.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('\n', ' ');
  }

  /** Markdown (from Javadoc) in a table cell: only what breaks a table escaped. */
  private static String cellMd(String s) {
    return s.replace("|", "\\|").replace("\n\n", "<br>").replace('\n', ' ');
  }
}
