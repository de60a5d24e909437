package dev.psapolicy.input;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON value that remembers where it stood in its file, so that every validation
 * message can name {@code file:line:col}. Jackson's tree model forgets positions; this keeps them.
 */
public final class Node {
  /** The shape of a node. */
  public enum Kind {
    MAP,
    LIST,
    SCALAR,
    NULL
  }

  private final Kind kind;
  private final int line;
  private final int column;
  private final String text;
  private final boolean quotedOrString;
  private final Map<String, Node> fields;
  private final Map<String, Node> keys;
  private final List<Node> items;

  private Node(
      Kind kind,
      int line,
      int column,
      String text,
      boolean string,
      Map<String, Node> fields,
      Map<String, Node> keys,
      List<Node> items) {
    this.kind = kind;
    this.line = line;
    this.column = column;
    this.text = text;
    this.quotedOrString = string;
    this.fields = fields;
    this.keys = keys;
    this.items = items;
  }

  static Node scalar(int line, int column, String text, boolean string) {
    return new Node(Kind.SCALAR, line, column, text, string, Map.of(), Map.of(), List.of());
  }

  static Node nullNode(int line, int column) {
    return new Node(Kind.NULL, line, column, null, false, Map.of(), Map.of(), List.of());
  }

  static Node map(
      int line, int column, LinkedHashMap<String, Node> fields, LinkedHashMap<String, Node> keys) {
    return new Node(
        Kind.MAP,
        line,
        column,
        null,
        false,
        Collections.unmodifiableMap(fields),
        Collections.unmodifiableMap(keys),
        List.of());
  }

  static Node list(int line, int column, List<Node> items) {
    return new Node(Kind.LIST, line, column, null, false, Map.of(), Map.of(), List.copyOf(items));
  }

  public Kind kind() {
    return kind;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public boolean isMap() {
    return kind == Kind.MAP;
  }

  public boolean isList() {
    return kind == Kind.LIST;
  }

  public boolean isScalar() {
    return kind == Kind.SCALAR;
  }

  public boolean isNull() {
    return kind == Kind.NULL;
  }

  /** True when the scalar was a JSON/YAML string rather than a number or boolean. */
  public boolean isString() {
    return kind == Kind.SCALAR && quotedOrString;
  }

  /** The scalar's text (numbers and booleans as written); null for non-scalars. */
  public String text() {
    return text;
  }

  /** Map entries in file order; empty for non-maps. */
  public Map<String, Node> fields() {
    return fields;
  }

  /** The node of a map key itself (for positions of unknown keys). */
  public Node keyNode(String key) {
    return keys.get(key);
  }

  public Node get(String key) {
    return fields.get(key);
  }

  public List<Node> items() {
    return items;
  }

  /** A short name of the kind, for messages. */
  public String describe() {
    return switch (kind) {
      case MAP -> "a mapping";
      case LIST -> "a list";
      case NULL -> "null";
      case SCALAR -> quotedOrString ? "the string '" + text + "'" : "'" + text + "'";
    };
  }
}
