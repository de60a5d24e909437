package dev.psapolicy.cli;

import dev.psapolicy.baseline.BaselineListing;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.input.Suggest;
import dev.psapolicy.render.RuleCatalog;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.ruleset.RuleSet;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.ruleset.RuleSource;
import dev.psapolicy.ruletest.Scaffold;
import dev.psapolicy.run.InputFiles;
import dev.psapolicy.run.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy rules list|show|doc|new}: what rules there are (or, with {@code --baselines},
 * what built-in baselines), one rule in full, the catalogue in Markdown, and a new rule with its
 * test cases.
 */
final class RulesCommand implements Command {
  @Override
  public String name() {
    return "rules";
  }

  @Override
  public String summary() {
    return "list, show, document (Markdown) or scaffold rules";
  }

  @Override
  public String usage() {
    return "list [--baselines] | show ID | doc | new ID   [options]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("rules")
                .hasArg()
                .argName("DIR")
                .desc("folder (or file) of extra DRL rules; repeatable; 'new' writes into it")
                .get())
        .addOption(
            Option.builder("o")
                .longOpt("output")
                .hasArg()
                .argName("FILE")
                .desc("doc: write the catalogue to FILE instead of standard output")
                .get())
        .addOption(
            Option.builder()
                .longOpt("baselines")
                .desc(
                    "list: the built-in baselines (vendor, platform, source, retrieved, partial)"
                        + " instead of the rules; doc: the same as a Markdown table")
                .get())
        .addOption(
            Option.builder()
                .longOpt("table")
                .desc("doc: only the summary table (id, severity, title)")
                .get())
        .addOption(Option.builder().longOpt("debug").desc("show stack traces").get());
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    List<String> args = cmd.getArgList();
    if (args.isEmpty()) {
      throw new UsageException("give a sub-command: list, show ID, doc or new ID");
    }
    String sub = args.get(0);
    List<String> rest = args.subList(1, args.size());
    return switch (sub) {
      case "list" -> list(cmd, rest, ctx);
      case "show" -> show(cmd, rest, ctx);
      case "doc" -> doc(cmd, rest, ctx);
      case "new" -> scaffold(cmd, rest, ctx);
      default ->
          throw new UsageException(
              "unknown sub-command '" + sub + "' (sub-commands: list, show, doc, new)");
    };
  }

  private static void noMore(List<String> rest, int allowed) throws UsageException {
    if (rest.size() > allowed) {
      throw new UsageException("unexpected argument '" + rest.get(allowed) + "'");
    }
  }

  private int list(CommandLine cmd, List<String> rest, Context ctx) throws Exception {
    noMore(rest, 0);
    if (cmd.hasOption("baselines")) {
      ctx.out()
          .print(
              BaselineListing.text(new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn()));
      return ExitCode.OK.code();
    }
    RuleSet rules = InputFiles.rules(Inputs.values(cmd, "rules"), ctx.cwd());
    List<RuleInfo> sorted = new ArrayList<>(rules.rules());
    sorted.sort(RuleCatalog.ORDER);
    int idW = "ID".length();
    int sevW = "SEVERITY".length();
    int titleW = "TITLE".length();
    for (RuleInfo r : sorted) {
      idW = Math.max(idW, r.id().length());
      sevW = Math.max(sevW, RuleCatalog.severity(r).length());
      titleW = Math.max(titleW, r.title().length());
    }
    String fmt = "%-" + idW + "s  %-" + sevW + "s  %-" + titleW + "s  %s%n";
    ctx.out().printf(fmt, "ID", "SEVERITY", "TITLE", "DEFINED IN");
    for (RuleInfo r : sorted) {
      ctx.out().printf(fmt, r.id(), RuleCatalog.severity(r), r.title(), r.file() + ":" + r.line());
    }
    long builtIn = sorted.stream().filter(RuleInfo::builtIn).count();
    ctx.out()
        .println(
            sorted.size()
                + " rules: "
                + builtIn
                + " built-in, "
                + (sorted.size() - builtIn)
                + " from --rules");
    return ExitCode.OK.code();
  }

  private int show(CommandLine cmd, List<String> rest, Context ctx) throws Exception {
    if (rest.isEmpty()) {
      throw new UsageException("give the id of the rule to show");
    }
    noMore(rest, 1);
    String id = rest.get(0);
    RuleSet rules = InputFiles.rules(Inputs.values(cmd, "rules"), ctx.cwd());
    RuleInfo r = rules.rule(id);
    if (r == null) {
      String hint = Suggest.closest(id, rules.rules().stream().map(RuleInfo::id).toList());
      throw new UsageException(
          "unknown rule '"
              + id
              + "'"
              + (hint == null
                  ? " (see psa-policy rules list)"
                  : " (did you mean '" + hint + "'?)"));
    }
    field(ctx, "id", r.id());
    field(ctx, "severity", r.severity().id());
    if (r.oneStepSeverity() != null) {
      field(
          ctx,
          "one step",
          r.oneStepSeverity().id() + " (when the excess is a single lattice step)");
    }
    field(ctx, "title", r.title());
    field(ctx, "rationale", r.rationale());
    field(ctx, "remediation", r.remediation());
    field(ctx, "source", r.source());
    field(ctx, "defined in", r.file() + ":" + r.line() + (r.builtIn() ? " (built-in)" : ""));
    ctx.out().println();
    ctx.out().print(drl(rules, r));
    return ExitCode.OK.code();
  }

  private static void field(Context ctx, String name, String value) {
    if (value != null) {
      ctx.out().printf("%-12s %s%n", name + ":", value);
    }
  }

  private static final Pattern END = Pattern.compile("^\\s*end\\s*(//.*)?$");

  /** The rule's DRL: from its declaration line to its {@code end}. */
  static String drl(RuleSet rules, RuleInfo r) {
    for (RuleSource s : rules.sources()) {
      if (!s.file().equals(r.file())) {
        continue;
      }
      String[] lines = s.drl().split("\\R", -1);
      StringBuilder sb = new StringBuilder();
      for (int i = Math.max(0, r.line() - 1); i < lines.length; i++) {
        sb.append(lines[i]).append('\n');
        if (END.matcher(lines[i]).matches()) {
          break;
        }
      }
      return sb.toString();
    }
    return "";
  }

  private int doc(CommandLine cmd, List<String> rest, Context ctx) throws Exception {
    noMore(rest, 0);
    if (cmd.hasOption("output")) {
      OutputFiles.checkWritable(ctx.path(cmd.getOptionValue("output")));
    }
    if (cmd.hasOption("baselines")) {
      String table =
          BaselineListing.markdown(new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn());
      String output = cmd.getOptionValue("output");
      if (output == null) {
        ctx.out().print(table);
        ctx.out().flush();
      } else {
        OutputFiles.write(ctx.path(output), table.getBytes(StandardCharsets.UTF_8));
        ctx.out().println("wrote " + output);
      }
      return ExitCode.OK.code();
    }
    RuleSet rules = InputFiles.rules(Inputs.values(cmd, "rules"), ctx.cwd());
    String text =
        cmd.hasOption("table")
            ? RuleCatalog.table(rules.rules())
            : RuleCatalog.document(rules.rules());
    String output = cmd.getOptionValue("output");
    if (output == null) {
      ctx.out().print(text);
      ctx.out().flush();
    } else {
      OutputFiles.write(ctx.path(output), text.getBytes(StandardCharsets.UTF_8));
      ctx.out().println("wrote " + output + " (" + rules.rules().size() + " rules)");
    }
    return ExitCode.OK.code();
  }

  private int scaffold(CommandLine cmd, List<String> rest, Context ctx) throws Exception {
    if (rest.isEmpty()) {
      throw new UsageException("give the id of the new rule, e.g. ACME-NO-FINANCE-DELETE-ALL");
    }
    noMore(rest, 1);
    String id = rest.get(0);
    if (!Scaffold.ID.matcher(id).matches()) {
      throw new UsageException(
          "rule id '"
              + id
              + "' must be upper-case letters and digits"
              + " joined by dashes, e.g. ACME-NO-FINANCE-DELETE-ALL");
    }
    List<String> dirs = Inputs.values(cmd, "rules");
    if (dirs.size() != 1) {
      throw new UsageException("give the folder to write the rule into with one --rules DIR");
    }
    String dir = dirs.get(0);
    Path root = ctx.path(dir);
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new UsageException("--rules " + dir + " is a file; 'rules new' needs a folder");
    }
    RuleInfo builtIn = RuleSetLoader.builtIn().rule(id);
    if (builtIn != null) {
      throw new UsageException(
          "rule '" + id + "' already exists (" + builtIn.file() + ":" + builtIn.line() + ")");
    }
    String clash = declaredIn(root, dir, id);
    if (clash != null) {
      throw new UsageException("rule '" + id + "' already exists (" + clash + ")");
    }
    Map<String, String> files =
        Scaffold.files(id, dir, LocalDate.ofInstant(ctx.clock().instant(), ZoneOffset.UTC));
    for (String rel : files.keySet()) {
      if (Files.exists(root.resolve(rel))) {
        throw new UsageException(join(dir, rel) + " already exists");
      }
    }
    for (Map.Entry<String, String> f : files.entrySet()) {
      // create-new: a file that appeared since the check above is never overwritten
      if (!OutputFiles.createNew(
          root.resolve(f.getKey()), f.getValue().getBytes(StandardCharsets.UTF_8))) {
        throw new UsageException(join(dir, f.getKey()) + " already exists");
      }
      ctx.out().println("created " + join(dir, f.getKey()));
    }
    ctx.out().println();
    ctx.out()
        .println(
            "The rule and both cases pass as written. Next: edit the rule's condition"
                + " and metadata, adapt the cases, and run");
    ctx.out().println("  psa-policy test --rules " + dir + " " + join(dir, "cases"));
    ctx.out().println("  psa-policy check --rules " + dir + " --snapshot YOUR-SNAPSHOT.json");
    return ExitCode.OK.code();
  }

  private static String join(String dir, String rel) {
    return dir.endsWith("/") ? dir + rel : dir + "/" + rel;
  }

  /** Where a user rule folder already declares {@code @id("ID")}, or null. */
  private static String declaredIn(Path root, String dir, String id) throws IOException {
    if (!Files.isDirectory(root)) {
      return null;
    }
    Pattern decl = Pattern.compile("@id\\(\\s*\"" + Pattern.quote(id) + "\"\\s*\\)");
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
        if (decl.matcher(Files.readString(f, StandardCharsets.UTF_8)).find()) {
          return join(dir, root.relativize(f).toString().replace('\\', '/'));
        }
      }
    }
    return null;
  }
}
