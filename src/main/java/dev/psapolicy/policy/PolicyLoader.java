package dev.psapolicy.policy;

import dev.psapolicy.alert.AlertsConfig;
import dev.psapolicy.alert.AlertsConfigLoader;
import dev.psapolicy.input.Fields;
import dev.psapolicy.input.Glob;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.input.Suggest;
import dev.psapolicy.report.Severity;
import dev.psapolicy.waiver.WaiverPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds and reads {@code psa-policy.yaml}. Every problem of the file is reported at once with its
 * {@code file:line:col}; rule ids and baseline ids are checked once the run's rules and baselines
 * are loaded ({@link RuleSelection}, {@link PolicyAssigner}).
 */
public final class PolicyLoader {
  /** The name looked for in the working directory. */
  public static final String FILE_NAME = "psa-policy.yaml";

  private static final Set<String> TOP =
      new LinkedHashSet<>(
          List.of(
              "formatVersion",
              "failOn",
              "rules",
              "baselineFiles",
              "defaultBaselines",
              "assign",
              "severity",
              "disable",
              "waivers",
              "accepted",
              "ruleBudget",
              "acceptCritical",
              "catalog",
              "serve",
              AlertsConfigLoader.KEY));
  private static final Set<String> ASSIGN = new LinkedHashSet<>(List.of("match", "baselines"));
  private static final Set<String> MATCH =
      new LinkedHashSet<>(List.of("platform", "instance", "principal", "name", "role"));
  private static final Set<String> WAIVERS =
      new LinkedHashSet<>(List.of("files", "ttlDays", "warnDays", "strict"));
  private static final Set<String> RULE_BUDGET =
      new LinkedHashSet<>(List.of("maxFirings", "seconds"));

  /** Longest {@code ruleBudget.seconds}: a day. */
  static final int MAX_RULE_SECONDS = 86_400;

  /** Largest {@code ruleBudget.maxFirings} (Drools counts firings in an int). */
  static final int MAX_FIRINGS = Integer.MAX_VALUE - 1;

  private static final List<String> SEVERITIES =
      List.of("critical", "high", "medium", "low", "info");

  private PolicyLoader() {}

  /** {@code psa-policy.yaml} in the working directory, when there is one. */
  public static Optional<Path> find(Path cwd) {
    Path p = cwd.resolve(FILE_NAME);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /**
   * Reads a config.
   *
   * @param file the file
   * @param display the file as the user named it
   * @param cwd the working directory (paths in the config resolve against the config's folder and
   *     are shown relative to this)
   */
  public static PolicyConfig load(Path file, String display, Path cwd)
      throws InvalidInputException {
    return parse(
        InputFile.file(InputKind.CONFIG, display, StructuredFiles.readBytes(file, display)),
        file.toAbsolutePath().getParent(),
        cwd);
  }

  /**
   * Parses a config that was read.
   *
   * @param input the file, with its bytes
   * @param base the config's folder (its paths resolve against it)
   * @param cwd the working directory (paths are shown relative to it)
   */
  public static PolicyConfig parse(InputFile input, Path base, Path cwd)
      throws InvalidInputException {
    String display = input.location();
    String text = StructuredFiles.text(input);
    Node root = StructuredFiles.parse(text, display, text.stripLeading().startsWith("{"));
    Problems problems = new Problems();
    Fields top = Fields.of(display, root, "a policy config", TOP, problems);
    if (top == null) {
      problems.throwIfAny();
    }
    if (top.has("formatVersion") && top.optInt("formatVersion", 1) != 1) {
      problems.add(
          display,
          top.raw("formatVersion"),
          "unsupported formatVersion "
              + top.raw("formatVersion").text()
              + " (this psa-policy reads 1)");
    }
    String failOnText = top.optOneOf("failOn", SEVERITIES);
    Severity failOn = Severity.parse(failOnText);
    List<String> rules = paths(top.optTextList("rules"), base, cwd);
    List<String> baselineFiles = paths(top.optTextList("baselineFiles"), base, cwd);
    List<String> catalogFiles = paths(top.optTextList("catalog"), base, cwd);
    List<PolicyConfig.Ref> defaults = refs(top, "defaultBaselines");
    List<PolicyConfig.AssignRule> assign = new ArrayList<>();
    for (Node n : top.optList("assign")) {
      PolicyConfig.AssignRule r = assignRule(display, n, problems);
      if (r != null) {
        assign.add(r);
      }
    }
    List<PolicyConfig.SeverityOverride> severity =
        severities(display, top.raw("severity"), problems);
    List<PolicyConfig.Ref> disable = refs(top, "disable");
    for (PolicyConfig.Ref r : disable) {
      Glob.parse(display, r.at(), r.value(), problems);
    }
    List<String> waiverFiles = List.of();
    Integer ttl = null;
    Integer warn = null;
    boolean strict = false;
    if (top.has("waivers")) {
      Fields w = Fields.of(display, top.raw("waivers"), "'waivers'", WAIVERS, problems);
      if (w != null) {
        waiverFiles = paths(w.optTextList("files"), base, cwd);
        if (w.has("ttlDays")) {
          ttl = w.optInt("ttlDays", 0);
          if (ttl < 1) {
            problems.add(
                display,
                w.raw("ttlDays"),
                "'ttlDays' must be at least 1, found " + w.raw("ttlDays").text());
          } else if (ttl > WaiverPolicy.MAX_TTL_DAYS) {
            problems.add(
                display,
                w.raw("ttlDays"),
                "'ttlDays' must be at most "
                    + WaiverPolicy.MAX_TTL_DAYS
                    + ", found "
                    + w.raw("ttlDays").text()
                    + " (the ceiling of a waiver's lifetime; no config can lift it)");
          }
        }
        if (w.has("warnDays")) {
          warn = w.optInt("warnDays", 0);
          if (warn < 0) {
            problems.add(
                display,
                w.raw("warnDays"),
                "'warnDays' must be 0 or more, found " + w.raw("warnDays").text());
          }
        }
        strict = w.optBoolean("strict", false);
      }
    }
    String accepted = top.optText("accepted");
    Integer maxFirings = null;
    Integer ruleSeconds = null;
    if (top.has("ruleBudget")) {
      Fields b = Fields.of(display, top.raw("ruleBudget"), "'ruleBudget'", RULE_BUDGET, problems);
      if (b != null) {
        maxFirings = bounded(display, b, "maxFirings", MAX_FIRINGS, problems);
        ruleSeconds = bounded(display, b, "seconds", MAX_RULE_SECONDS, problems);
      }
    }
    boolean acceptCritical = top.optBoolean("acceptCritical", false);
    ServeConfig serve =
        top.has("serve")
            ? ServeConfig.parse(display, top.raw("serve"), problems, p -> path(p, base, cwd))
            : ServeConfig.NONE;
    AlertsConfig alerts =
        AlertsConfigLoader.section(display, top.raw(AlertsConfigLoader.KEY), base, problems);
    problems.throwIfAny();
    return new PolicyConfig(
        input,
        failOn,
        rules,
        baselineFiles,
        defaults,
        assign,
        severity,
        disable,
        waiverFiles,
        accepted == null ? null : path(accepted, base, cwd),
        ttl,
        warn,
        strict,
        maxFirings,
        ruleSeconds,
        acceptCritical,
        catalogFiles,
        serve,
        alerts);
  }

  /** An optional whole number from 1 to {@code max}, or null when absent. */
  private static Integer bounded(String file, Fields f, String key, int max, Problems problems) {
    if (!f.has(key)) {
      return null;
    }
    int before = problems.list().size();
    int v = f.optInt(key, 0);
    if (problems.list().size() > before) {
      return null;
    }
    if (v < 1 || v > max) {
      problems.add(
          file,
          f.raw(key),
          "'" + key + "' must be from 1 to " + max + ", found " + f.raw(key).text());
      return null;
    }
    return v;
  }

  private static PolicyConfig.AssignRule assignRule(String file, Node n, Problems problems) {
    int before = problems.list().size();
    Fields f = Fields.of(file, n, "an 'assign' entry", ASSIGN, problems);
    if (f == null) {
      return null;
    }
    Glob[] globs = new Glob[MATCH.size()];
    Node match = f.raw("match");
    if (match == null || match.isNull()) {
      problems.add(
          file, n, "missing required key 'match' (use 'match: {}' to match every" + " principal)");
    } else {
      Fields m = Fields.of(file, match, "'match'", MATCH, problems);
      if (m != null) {
        int i = 0;
        for (String key : MATCH) {
          String text = m.optText(key);
          globs[i++] = text == null ? null : Glob.parse(file, m.raw(key), text, problems);
        }
      }
    }
    if (f.raw("baselines") == null) {
      problems.add(file, n, "missing required key 'baselines'");
    }
    List<PolicyConfig.Ref> baselines = refs(f, "baselines");
    if (problems.list().size() > before) {
      return null;
    }
    return new PolicyConfig.AssignRule(
        globs[0], globs[1], globs[2], globs[3], globs[4], baselines, n);
  }

  private static List<PolicyConfig.SeverityOverride> severities(
      String file, Node node, Problems problems) {
    List<PolicyConfig.SeverityOverride> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isMap()) {
      problems.add(
          file,
          node,
          "'severity' must be a mapping of rule id or glob to severity,"
              + " found "
              + node.describe());
      return out;
    }
    for (Map.Entry<String, Node> e : node.fields().entrySet()) {
      Node key = node.keyNode(e.getKey());
      Glob rule = Glob.parse(file, key, e.getKey(), problems);
      Node v = e.getValue();
      Severity s = v.isScalar() ? Severity.parse(v.text()) : null;
      if (s == null) {
        String hint = v.isScalar() ? Suggest.closest(v.text(), SEVERITIES) : null;
        problems.add(
            file,
            v,
            "severity of '"
                + e.getKey()
                + "' must be one of "
                + Severity.names()
                + ", found "
                + v.describe()
                + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
      }
      if (rule != null && s != null) {
        out.add(new PolicyConfig.SeverityOverride(rule, s, key));
      }
    }
    return out;
  }

  private static List<PolicyConfig.Ref> refs(Fields f, String key) {
    Node list = f.raw(key);
    List<String> texts = f.optTextList(key);
    List<PolicyConfig.Ref> out = new ArrayList<>();
    if (list == null || !list.isList() || texts.size() != list.items().size()) {
      return out;
    }
    for (int i = 0; i < texts.size(); i++) {
      out.add(new PolicyConfig.Ref(texts.get(i), list.items().get(i)));
    }
    return out;
  }

  private static List<String> paths(List<String> given, Path base, Path cwd) {
    return given.stream().map(p -> path(p, base, cwd)).toList();
  }

  /** A config path as the user would name it from the working directory. */
  static String path(String given, Path base, Path cwd) {
    Path resolved = base.resolve(given).normalize();
    Path root = cwd.toAbsolutePath().normalize();
    if (resolved.startsWith(root)) {
      String rel = root.relativize(resolved).toString();
      return rel.isEmpty() ? "." : rel;
    }
    return resolved.toString();
  }
}
