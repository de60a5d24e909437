package dev.psapolicy.waiver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.psapolicy.input.Fields;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An accepted-findings file: the violations a team has decided to live with for now, by
 * fingerprint. {@code check --accepted} does not fail on them but still shows them; an entry lapses
 * by itself when its violation disappears or changes (a different level is a different
 * fingerprint). Written by {@code psa-policy accept}; a hand edit that breaks an entry's
 * fingerprint is invalid input.
 *
 * @param input the file, with its bytes
 * @param entries the entries, in file order
 */
public record AcceptedFindings(InputFile input, List<AcceptedEntry> entries) {
  /** Version of the file format. */
  public static final int FORMAT_VERSION = 1;

  /** The file as the user named it. */
  public String display() {
    return input.location();
  }

  private static final Set<String> TOP = new LinkedHashSet<>(List.of("formatVersion", "accepted"));
  private static final Set<String> ENTRY =
      new LinkedHashSet<>(
          List.of(
              "fingerprint",
              "rule",
              "platform",
              "instance",
              "principal",
              "module",
              "function",
              "verb",
              "actual",
              "acceptedOn",
              "acceptedBy",
              "note",
              "context"));
  private static final Set<String> CONTEXT =
      new LinkedHashSet<>(List.of("principalName", "severity", "message"));
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());
  private static final String HEADER =
      """
      # Accepted findings for `psa-policy check --accepted` (written by `psa-policy accept`).
      # An entry is matched by its fingerprint: platform, instance, principal, module, function,
      # verb, rule and the granted level. It lapses by itself when that violation disappears or
      # its level changes. `psa-policy accept --update` removes lapsed entries; only
      # `--update --add-new` adds new ones. The context fields are for reviewers and never matched.
      """;

  public AcceptedFindings {
    entries = List.copyOf(entries);
  }

  /** True when an entry has this fingerprint. */
  public boolean contains(String fingerprint) {
    return entry(fingerprint) != null;
  }

  /** The entry with this fingerprint, or null. */
  public AcceptedEntry entry(String fingerprint) {
    return entries.stream()
        .filter(e -> e.fingerprint().equals(fingerprint))
        .findFirst()
        .orElse(null);
  }

  /** Reads a file; every problem of every entry is reported together. */
  public static AcceptedFindings read(Path file, String display) throws InvalidInputException {
    return parse(
        InputFile.file(InputKind.ACCEPTED, display, StructuredFiles.readBytes(file, display)));
  }

  /** Parses a file that was read; every problem of every entry is reported together. */
  public static AcceptedFindings parse(InputFile input) throws InvalidInputException {
    String display = input.location();
    String text = StructuredFiles.text(input);
    Node root = StructuredFiles.parse(text, display, text.stripLeading().startsWith("{"));
    Problems problems = new Problems();
    Fields top = Fields.of(display, root, "an accepted-findings file", TOP, problems);
    if (top == null) {
      problems.throwIfAny();
    }
    if (top.has("formatVersion") && top.optInt("formatVersion", FORMAT_VERSION) != FORMAT_VERSION) {
      problems.add(
          display,
          top.raw("formatVersion"),
          "unsupported formatVersion "
              + top.raw("formatVersion").text()
              + " (this psa-policy reads "
              + FORMAT_VERSION
              + ")");
    }
    if (top.raw("accepted") == null) {
      problems.add(display, root, "missing required key 'accepted' (a list; it may be empty)");
    }
    List<AcceptedEntry> entries = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Node n : top.optList("accepted")) {
      AcceptedEntry e = entry(display, n, problems);
      if (e == null) {
        continue;
      }
      Integer first = seen.putIfAbsent(e.fingerprint(), n.line());
      if (first != null) {
        problems.add(
            display,
            n,
            "duplicate fingerprint " + e.fingerprint() + " (first at line " + first + ")");
      } else {
        entries.add(e);
      }
    }
    problems.throwIfAny();
    return new AcceptedFindings(input, entries);
  }

  private static AcceptedEntry entry(String file, Node n, Problems problems) {
    int before = problems.list().size();
    Fields f = Fields.of(file, n, "an accepted finding", ENTRY, problems);
    if (f == null) {
      return null;
    }
    String fingerprint = f.requireText("fingerprint");
    String rule = f.requireText("rule");
    String platform = f.requireText("platform");
    String instance = f.requireText("instance");
    String principal = f.requireText("principal");
    String module = f.optText("module");
    String function = f.optText("function");
    String verb = f.optText("verb");
    String actual = f.optText("actual");
    // who and when are part of the record an auditor reads: an entry without them is not one
    LocalDate acceptedOn = f.requireDate("acceptedOn");
    String acceptedBy = f.optText("acceptedBy");
    if (acceptedBy == null || acceptedBy.isBlank()) {
      problems.add(
          file,
          n,
          "missing required key 'acceptedBy' (who accepted the finding;"
              + " psa-policy accept --by NAME records it)");
    }
    String note = f.optText("note");
    String name = null;
    String severity = null;
    String message = null;
    if (f.has("context")) {
      Fields c = Fields.of(file, f.raw("context"), "'context'", CONTEXT, problems);
      if (c != null) {
        name = c.optText("principalName");
        severity = c.optText("severity");
        message = c.optText("message");
      }
    }
    if (problems.list().size() > before) {
      return null;
    }
    AcceptedEntry e =
        new AcceptedEntry(
            fingerprint,
            rule,
            platform,
            instance,
            principal,
            module,
            function,
            verb,
            actual,
            acceptedOn,
            acceptedBy,
            note,
            name,
            severity,
            message,
            n.line());
    if (!e.computedFingerprint().equals(fingerprint)) {
      // never say which value would match: that would teach a forger the fingerprint
      problems.add(
          file,
          f.raw("fingerprint"),
          "fingerprint "
              + fingerprint
              + " does not match"
              + " the entry's rule, platform, instance, principal, module, function, verb and actual;"
              + " re-run psa-policy accept instead of editing entries by hand");
      return null;
    }
    return e;
  }

  /** The file's bytes: a comment header, then the entries in {@link AcceptedEntry#ORDER}. */
  public static byte[] toYaml(List<AcceptedEntry> entries) {
    List<AcceptedEntry> sorted = new ArrayList<>(entries);
    sorted.sort(AcceptedEntry.ORDER);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("formatVersion", FORMAT_VERSION);
    List<Object> list = new ArrayList<>();
    for (AcceptedEntry e : sorted) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("fingerprint", e.fingerprint());
      m.put("rule", e.rule());
      m.put("platform", e.platform());
      m.put("instance", e.instance());
      m.put("principal", e.principal());
      putIf(m, "module", e.module());
      putIf(m, "function", e.function());
      putIf(m, "verb", e.verb());
      putIf(m, "actual", e.actual());
      putIf(m, "acceptedOn", e.acceptedOn() == null ? null : e.acceptedOn().toString());
      putIf(m, "acceptedBy", e.acceptedBy());
      putIf(m, "note", e.note());
      Map<String, Object> c = new LinkedHashMap<>();
      putIf(c, "principalName", e.principalName());
      putIf(c, "severity", e.severity());
      putIf(c, "message", e.message());
      if (!c.isEmpty()) {
        m.put("context", c);
      }
      list.add(m);
    }
    doc.put("accepted", list);
    try {
      return (HEADER + YAML.writeValueAsString(doc)).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise accepted findings", e);
    }
  }

  private static void putIf(Map<String, Object> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
