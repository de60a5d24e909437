package dev.psapolicy.waiver;

import dev.psapolicy.input.Fields;
import dev.psapolicy.input.Glob;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.input.Suggest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads waivers files. A file that cannot be read as a whole (syntax, unknown top-level key, no
 * {@code waivers} list) is invalid input. A single waiver that is malformed or incomplete is not:
 * it is kept with its {@link Waiver#defects}, waives nothing and is reported as a {@code
 * PSA-WAIVER-INVALID} finding (or stops the run under {@code --strict-waivers}).
 */
public final class WaiverFile {
  private static final Set<String> TOP = new LinkedHashSet<>(List.of("formatVersion", "waivers"));
  private static final Set<String> WAIVER =
      new LinkedHashSet<>(
          List.of("id", "rule", "scope", "reason", "approver", "ticket", "created", "expires"));
  private static final List<String> PLATFORMS = Scope.PLATFORMS;
  private static final List<String> VERBS = Scope.VERBS;

  /** Autotask's REST verbs, as they map onto the facts' verbs. */
  private static final Map<String, String> VERB_ALIASES =
      Map.of("create", "add", "update", "edit", "query", "inquire");

  private WaiverFile() {}

  /**
   * A waivers file read from disk.
   *
   * @param input the file, with its bytes
   * @param waivers its waivers, in file order
   */
  public record Loaded(InputFile input, List<Waiver> waivers) {
    public Loaded {
      waivers = List.copyOf(waivers);
    }

    /** The file as the user named it. */
    public String display() {
      return input.location();
    }
  }

  /**
   * Reads several waivers files; waiver ids must be unique across all of them (a later duplicate is
   * a defect of the later waiver).
   *
   * @param files path and display name of each file, in order
   * @param ruleIds the ids of every rule of the run (a waiver naming another id is defective)
   */
  public static List<Loaded> read(List<Map.Entry<Path, String>> files, Collection<String> ruleIds)
      throws InvalidInputException {
    Problems problems = new Problems();
    List<Loaded> out = new ArrayList<>();
    Map<String, Waiver> seen = new HashMap<>();
    for (Map.Entry<Path, String> f : files) {
      try {
        Loaded l = read(f.getKey(), f.getValue(), ruleIds);
        List<Waiver> checked = new ArrayList<>();
        for (Waiver w : l.waivers()) {
          Waiver first =
              w.id().startsWith("#") ? null : seen.putIfAbsent(w.id().toLowerCase(Locale.ROOT), w);
          checked.add(
              first == null
                  ? w
                  : withDefect(
                      w,
                      new InputProblem(
                          w.file(),
                          w.line(),
                          w.column(),
                          "waiver "
                              + w.id()
                              + ": duplicate id (first used at "
                              + first.where()
                              + ")")));
        }
        out.add(new Loaded(l.input(), checked));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    problems.throwIfAny();
    return out;
  }

  /** Reads one waivers file. */
  public static Loaded read(Path file, String display, Collection<String> ruleIds)
      throws InvalidInputException {
    return parse(
        InputFile.file(InputKind.WAIVERS, display, StructuredFiles.readBytes(file, display)),
        ruleIds);
  }

  /** Parses a waivers file (YAML or JSON). */
  public static Loaded parse(InputFile input, Collection<String> ruleIds)
      throws InvalidInputException {
    String display = input.location();
    String text = StructuredFiles.text(input);
    Node root = StructuredFiles.parse(text, display, text.stripLeading().startsWith("{"));
    Problems problems = new Problems();
    Fields top = Fields.of(display, root, "a waivers file", TOP, problems);
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
    if (top.raw("waivers") == null) {
      problems.add(display, root, "missing required key 'waivers' (a list; it may be empty)");
    }
    List<Node> items = top.optList("waivers");
    problems.throwIfAny();
    List<Waiver> waivers = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      waivers.add(waiver(display, items.get(i), i + 1, ruleIds));
    }
    return new Loaded(input, waivers);
  }

  private static Waiver waiver(String file, Node node, int position, Collection<String> ruleIds) {
    Problems p = new Problems();
    Fields f = Fields.of(file, node, "a waiver", WAIVER, p);
    if (f == null) {
      return new Waiver(
          "#" + position,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          file,
          node.line(),
          node.column(),
          node.line(),
          node.column(),
          prefixed(p, "#" + position));
    }
    String id = f.requireText("id");
    Glob rule = rule(f, ruleIds);
    Scope scope = scope(f);
    String reason = f.requireText("reason");
    String approver = f.requireText("approver");
    String ticket = f.requireText("ticket");
    LocalDate created = f.requireDate("created");
    LocalDate expires = f.requireDate("expires");
    Node at = f.raw("expires") == null ? node : f.raw("expires");
    String name = id == null ? "#" + position : id;
    return new Waiver(
        name,
        rule,
        scope,
        reason,
        approver,
        ticket,
        created,
        expires,
        file,
        node.line(),
        node.column(),
        at.line(),
        at.column(),
        prefixed(p, name));
  }

  private static Glob rule(Fields f, Collection<String> ruleIds) {
    String text = f.requireText("rule");
    if (text == null) {
      return null;
    }
    Node at = f.raw("rule");
    Glob g = Glob.parse(f.file(), at, text, f.problems());
    if (g == null) {
      return null;
    }
    List<String> waivable =
        ruleIds.stream().filter(r -> !WaiverRules.isWaiverFinding(r)).sorted().toList();
    if (g.isLiteral() && WaiverRules.isWaiverFinding(g.literal().toUpperCase(Locale.ROOT))) {
      f.problems()
          .add(
              f.file(),
              at,
              "rule '" + text + "' is a finding about waivers;" + " it cannot be waived");
      return null;
    }
    if (g.isLiteral() && waivable.stream().noneMatch(g::matches)) {
      String hint = Suggest.closest(text, waivable);
      f.problems()
          .add(
              f.file(),
              at,
              "unknown rule id '"
                  + text
                  + "'"
                  + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
      return null;
    }
    if (!g.isLiteral() && waivable.stream().noneMatch(g::matches)) {
      f.problems().add(f.file(), at, "rule '" + text + "' matches no rule");
      return null;
    }
    return g;
  }

  private static Scope scope(Fields f) {
    Node node = f.raw("scope");
    if (node == null || node.isNull()) {
      f.problems().add(f.file(), f.node(), "missing required key 'scope'");
      return null;
    }
    Problems before = f.problems();
    int errors = before.list().size();
    Fields s = Fields.of(f.file(), node, "'scope'", new LinkedHashSet<>(Scope.KEYS), before);
    if (s == null) {
      return null;
    }
    Glob platform = glob(s, "platform", PLATFORMS, Map.of());
    Glob instance = glob(s, "instance", null, Map.of());
    Glob principal = glob(s, "principal", null, Map.of());
    Glob module = glob(s, "module", null, Map.of());
    Glob function = glob(s, "function", null, Map.of());
    Glob verb = glob(s, "verb", VERBS, VERB_ALIASES);
    if (before.list().size() > errors) {
      return null;
    }
    Scope scope = new Scope(platform, instance, principal, module, function, verb);
    if (scope.isEmpty()) {
      f.problems()
          .add(
              f.file(),
              node,
              "'scope' names nothing; give at least one of "
                  + String.join(", ", Scope.KEYS)
                  + " (switch a rule off everywhere with 'disable' in"
                  + " psa-policy.yaml instead)");
      return null;
    }
    return scope;
  }

  /** A scope glob; a literal of a closed vocabulary (platform, verb) must be one of its words. */
  private static Glob glob(
      Fields s, String key, List<String> vocabulary, Map<String, String> aliases) {
    String text = s.optText(key);
    if (text == null) {
      return null;
    }
    Node at = s.raw(key);
    Glob g = Glob.parse(s.file(), at, text, s.problems());
    if (g == null || vocabulary == null) {
      return g;
    }
    if (g.isLiteral()) {
      String word = g.literal().toLowerCase(Locale.ROOT);
      if (aliases.containsKey(word)) {
        return Glob.parse(aliases.get(word));
      }
      if (!vocabulary.contains(word)) {
        String hint = Suggest.closest(word, vocabulary);
        s.problems()
            .add(
                s.file(),
                at,
                "'"
                    + key
                    + "' has unknown value '"
                    + text
                    + "'"
                    + (hint == null
                        ? " (expected one of: " + String.join(", ", vocabulary) + ")"
                        : " (did you mean '" + hint + "'?)"));
        return null;
      }
    } else if (vocabulary.stream().noneMatch(g::matches)) {
      s.problems()
          .add(
              s.file(),
              at,
              "'" + key + "' glob '" + text + "' matches none of " + String.join(", ", vocabulary));
      return null;
    }
    return g;
  }

  private static List<InputProblem> prefixed(Problems p, String id) {
    return p.list().stream()
        .map(
            x ->
                new InputProblem(
                    x.file(), x.line(), x.column(), "waiver " + id + ": " + x.message()))
        .toList();
  }

  private static Waiver withDefect(Waiver w, InputProblem defect) {
    List<InputProblem> d = new ArrayList<>(w.defects());
    d.add(defect);
    return new Waiver(
        w.id(),
        w.rule(),
        w.scope(),
        w.reason(),
        w.approver(),
        w.ticket(),
        w.created(),
        w.expires(),
        w.file(),
        w.line(),
        w.column(),
        w.expiresLine(),
        w.expiresColumn(),
        d);
  }
}
