package dev.psapolicy.input;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

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

  private static final String[] NO_NAMES = {};
  private static final Node[] NO_NODES = {};
  private static final long[] NO_POSITIONS = {};

  // A map keeps its keys, values and key positions in three parallel arrays (in file order), a
  // list its items in {@code values}: a 1M-grant snapshot is some 2M small maps, and two
  // LinkedHashMaps plus a node per key each held three times the memory.
  private final Kind kind;
  private final int line;
  private final int column;
  private final String text;
  private final boolean quotedOrString;
  private final String[] names;
  private final Node[] values;
  private final long[] keyPositions;
  // key -> position in the arrays, only for maps above SMALL keys (a scan is faster below)
  private final Map<String, Integer> index;

  /** Maps up to this many keys are searched by a scan; larger ones through a hash index. */
  private static final int SMALL = 16;

  private Node(
      Kind kind,
      int line,
      int column,
      String text,
      boolean string,
      String[] names,
      Node[] values,
      long[] keyPositions,
      Map<String, Integer> index) {
    this.kind = kind;
    this.line = line;
    this.column = column;
    this.text = text;
    this.quotedOrString = string;
    this.names = names;
    this.values = values;
    this.keyPositions = keyPositions;
    this.index = index;
  }

  static Node scalar(int line, int column, String text, boolean string) {
    return new Node(
        Kind.SCALAR, line, column, text, string, NO_NAMES, NO_NODES, NO_POSITIONS, null);
  }

  static Node nullNode(int line, int column) {
    return new Node(Kind.NULL, line, column, null, false, NO_NAMES, NO_NODES, NO_POSITIONS, null);
  }

  static Node map(int line, int column, MapBuilder entries) {
    return new Node(
        Kind.MAP,
        line,
        column,
        null,
        false,
        Arrays.copyOf(entries.names, entries.size),
        Arrays.copyOf(entries.values, entries.size),
        Arrays.copyOf(entries.positions, entries.size),
        entries.index);
  }

  static Node list(int line, int column, List<Node> items) {
    return new Node(
        Kind.LIST,
        line,
        column,
        null,
        false,
        NO_NAMES,
        items.toArray(NO_NODES),
        NO_POSITIONS,
        null);
  }

  /**
   * Collects a map's entries in file order; a repeated key keeps its first place and takes the
   * later value and position (as a map's put would).
   */
  static final class MapBuilder {
    private String[] names = new String[8];
    private Node[] values = new Node[8];
    private long[] positions = new long[8];
    private int size;
    private Map<String, Integer> index;

    /** Whether the key was seen before in this map. */
    boolean contains(String name) {
      return find(names, size, index, name) >= 0;
    }

    void put(String name, int keyLine, int keyColumn, Node value) {
      long position = ((long) keyLine << 32) | (keyColumn & 0xffffffffL);
      int at = find(names, size, index, name);
      if (at >= 0) {
        values[at] = value;
        positions[at] = position;
        return;
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
        positions = Arrays.copyOf(positions, size * 2);
      }
      names[size] = name;
      values[size] = value;
      positions[size] = position;
      size++;
      if (index != null) {
        index.put(name, size - 1);
      } else if (size > SMALL) {
        index = index(names, size);
      }
    }
  }

  private static Map<String, Integer> index(String[] names, int size) {
    Map<String, Integer> index = new HashMap<>(size * 2);
    for (int i = 0; i < size; i++) {
      index.put(names[i], i);
    }
    return index;
  }

  /** Where {@code name} stands among the first {@code size} names, or -1. */
  private static int find(String[] names, int size, Map<String, Integer> index, String name) {
    if (index != null) {
      Integer at = index.get(name);
      return at == null ? -1 : at;
    }
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
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

  /** Map entries in file order, unmodifiable; empty for non-maps. */
  public Map<String, Node> fields() {
    return new Entries(this);
  }

  /** The node of a map key itself (for positions of unknown keys); null when there is none. */
  public Node keyNode(String key) {
    int at = find(names, names.length, index, key);
    if (at < 0) {
      return null;
    }
    long p = keyPositions[at];
    return scalar((int) (p >>> 32), (int) p, names[at], true);
  }

  public Node get(String key) {
    int at = find(names, names.length, index, key);
    return at < 0 ? null : values[at];
  }

  /** A list's items in file order, unmodifiable; empty for non-lists. */
  public List<Node> items() {
    return kind == Kind.LIST ? Collections.unmodifiableList(Arrays.asList(values)) : List.of();
  }

  /** A map's entries as a read-only {@link Map} view over its arrays. */
  private static final class Entries extends AbstractMap<String, Node> {
    private final Node map;

    Entries(Node map) {
      this.map = map;
    }

    @Override
    public Node get(Object key) {
      return key instanceof String k ? map.get(k) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String k && find(map.names, map.names.length, map.index, k) >= 0;
    }

    @Override
    public int size() {
      return map.names.length;
    }

    @Override
    public Set<Map.Entry<String, Node>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return map.names.length;
        }

        @Override
        public Iterator<Map.Entry<String, Node>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < map.names.length;
            }

            @Override
            public Map.Entry<String, Node> next() {
              if (next >= map.names.length) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new SimpleImmutableEntry<>(map.names[i], map.values[i]);
            }
          };
        }
      };
    }
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
