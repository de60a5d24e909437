package dev.psapolicy.input;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link Node} trees in a compact binary form, so that the data bundled in the jar (the catalog and
 * the built-in baselines) is parsed at build time, not on every run: decoding is a fraction of
 * parsing YAML, and a run that reads no user YAML never starts the YAML parser. The form records
 * the SHA-256 of the source bytes it was made from; {@link #decode} gives null for any other bytes,
 * so a stale or foreign file can only cost a parse, never change what is read.
 */
public final class NodeCodec {
  private static final String MAGIC = "psa-policy node tree 1";

  private NodeCodec() {}

  /** The tree in binary form, bound to the hash of the bytes it was parsed from. */
  public static byte[] encode(Node root, String sourceSha256) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(MAGIC);
      out.writeUTF(sourceSha256);
      write(out, root);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
    return bytes.toByteArray();
  }

  /** The tree, or null when {@code data} is not a tree made from bytes with this hash. */
  public static Node decode(byte[] data, String sourceSha256) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (!MAGIC.equals(in.readUTF()) || !sourceSha256.equals(in.readUTF())) {
        return null;
      }
      Node root = read(in);
      return in.read() == -1 ? root : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void write(DataOutputStream out, Node n) throws IOException {
    out.writeByte(n.kind().ordinal());
    out.writeInt(n.line());
    out.writeInt(n.column());
    switch (n.kind()) {
      case SCALAR -> {
        out.writeBoolean(n.isString());
        out.writeUTF(n.text());
      }
      case MAP -> {
        out.writeInt(n.fields().size());
        for (Map.Entry<String, Node> e : n.fields().entrySet()) {
          write(out, n.keyNode(e.getKey()));
          write(out, e.getValue());
        }
      }
      case LIST -> {
        out.writeInt(n.items().size());
        for (Node item : n.items()) {
          write(out, item);
        }
      }
      case NULL -> {}
    }
  }

  private static Node read(DataInputStream in) throws IOException {
    Node.Kind kind = Node.Kind.values()[in.readByte()];
    int line = in.readInt();
    int column = in.readInt();
    switch (kind) {
      case SCALAR -> {
        boolean string = in.readBoolean();
        return Node.scalar(line, column, in.readUTF(), string);
      }
      case MAP -> {
        int n = in.readInt();
        Node.MapBuilder fields = new Node.MapBuilder();
        for (int i = 0; i < n; i++) {
          Node key = read(in);
          fields.put(key.text(), key.line(), key.column(), read(in));
        }
        return Node.map(line, column, fields);
      }
      case LIST -> {
        int n = in.readInt();
        List<Node> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(read(in));
        }
        return Node.list(line, column, items);
      }
      default -> {
        return Node.nullNode(line, column);
      }
    }
  }
}
