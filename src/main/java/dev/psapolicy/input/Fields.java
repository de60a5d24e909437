package dev.psapolicy.input;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Typed, position-aware access to the fields of one mapping. Every problem goes to a shared {@link
 * Problems} so that a file's errors are reported together; getters return {@code null} (or a
 * default) after recording a problem instead of throwing.
 */
public final class Fields {
  private final String file;
  private final Node map;
  private final Problems problems;

  private Fields(String file, Node map, Problems problems) {
    this.file = file;
    this.map = map;
    this.problems = problems;
  }

  /**
   * Wraps a mapping and reports its unknown keys (with a "did you mean" hint); null when the node
   * is not a mapping (a problem is recorded).
   */
  public static Fields of(
      String file, Node node, String what, Set<String> allowed, Problems problems) {
    if (node == null || !node.isMap()) {
      problems.add(
          file,
          node,
          what + " must be a mapping, found " + (node == null ? "nothing" : node.describe()));
      return null;
    }
    for (String key : node.fields().keySet()) {
      if (!allowed.contains(key)) {
        String hint = Suggest.closest(key, allowed);
        problems.add(
            file,
            node.keyNode(key),
            "unknown key '"
                + key
                + "'"
                + (hint == null
                    ? " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")"
                    : " (did you mean '" + hint + "'?)"));
      }
    }
    return new Fields(file, node, problems);
  }

  public Node node() {
    return map;
  }

  public String file() {
    return file;
  }

  public Problems problems() {
    return problems;
  }

  public boolean has(String key) {
    Node n = map.get(key);
    return n != null && !n.isNull();
  }

  public Node raw(String key) {
    return map.get(key);
  }

  /** A required non-blank scalar. */
  public String requireText(String key) {
    Node n = map.get(key);
    if (n == null || n.isNull()) {
      problems.add(file, map, "missing required key '" + key + "'");
      return null;
    }
    return text(key, n);
  }

  /** An optional scalar; null when absent. */
  public String optText(String key) {
    Node n = map.get(key);
    return n == null || n.isNull() ? null : text(key, n);
  }

  private String text(String key, Node n) {
    if (!n.isScalar() || n.text().isBlank()) {
      problems.add(file, n, "'" + key + "' must be a non-empty text value, found " + n.describe());
      return null;
    }
    return n.text().strip();
  }

  /** An optional boolean with a default. */
  public boolean optBoolean(String key, boolean dflt) {
    Node n = map.get(key);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (n.isScalar() && !n.isString() && ("true".equals(n.text()) || "false".equals(n.text()))) {
      return Boolean.parseBoolean(n.text());
    }
    problems.add(file, n, "'" + key + "' must be true or false, found " + n.describe());
    return dflt;
  }

  /** An optional integer with a default. */
  public int optInt(String key, int dflt) {
    Node n = map.get(key);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (n.isScalar() && !n.isString()) {
      try {
        return Integer.parseInt(n.text());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    problems.add(file, n, "'" + key + "' must be a whole number, found " + n.describe());
    return dflt;
  }

  /** A required ISO date (yyyy-mm-dd). */
  public LocalDate requireDate(String key) {
    String s = requireText(key);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      problems.add(
          file, map.get(key), "'" + key + "' must be a date like 2026-11-26, found '" + s + "'");
      return null;
    }
  }

  /** An optional list of scalars; empty when absent. */
  public List<String> optTextList(String key) {
    Node n = map.get(key);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isList()) {
      problems.add(file, n, "'" + key + "' must be a list, found " + n.describe());
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Node item : n.items()) {
      if (!item.isScalar() || item.text().isBlank()) {
        problems.add(file, item, "items of '" + key + "' must be text, found " + item.describe());
      } else {
        out.add(item.text().strip());
      }
    }
    return out;
  }

  /** An optional list of nodes; empty when absent. */
  public List<Node> optList(String key) {
    Node n = map.get(key);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isList()) {
      problems.add(file, n, "'" + key + "' must be a list, found " + n.describe());
      return List.of();
    }
    return n.items();
  }

  /** A value that must be one of a fixed set (case-insensitive); returns the canonical spelling. */
  public String requireOneOf(String key, Collection<String> values) {
    String s = requireText(key);
    return s == null ? null : oneOf(key, s, values);
  }

  /** An optional value that must be one of a fixed set; null when absent. */
  public String optOneOf(String key, Collection<String> values) {
    String s = optText(key);
    return s == null ? null : oneOf(key, s, values);
  }

  private String oneOf(String key, String s, Collection<String> values) {
    for (String v : values) {
      if (v.equalsIgnoreCase(s)) {
        return v;
      }
    }
    String hint = Suggest.closest(s.toLowerCase(Locale.ROOT), values);
    problems.add(
        file,
        map.get(key),
        "'"
            + key
            + "' has unknown value '"
            + s
            + "'"
            + (hint == null
                ? " (expected one of: " + String.join(", ", values) + ")"
                : " (did you mean '" + hint + "'?)"));
    return null;
  }
}
