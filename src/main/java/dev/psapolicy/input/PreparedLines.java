package dev.psapolicy.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The layout of the data the build prepares for runs (the bundled catalog's maps, the bundled
 * baselines' headers): UTF-8 text, one string or count per line, opened by a line naming the layout
 * and closed by {@code end}. A cold run splits it with {@code indexOf}, far faster than the
 * interpreter decodes a binary layout field by field, and a preparation cut short, lengthened or of
 * another layout is refused rather than read as less data.
 */
public final class PreparedLines {
  private static final String END = "end";

  private PreparedLines() {}

  /** Lines being written. */
  public static final class Writer {
    private final StringBuilder text = new StringBuilder();

    /** A preparation of the named layout. */
    public Writer(String format) {
      add(format);
    }

    /** One string; a line break in it is a build error. */
    public Writer add(String s) {
      if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("a prepared field with a line break: " + s);
      }
      text.append(s).append('\n');
      return this;
    }

    /** A count. */
    public Writer add(int n) {
      text.append(n).append('\n');
      return this;
    }

    /** A string that may be absent: "=" and the string, or "-". */
    public Writer addNullable(String s) {
      return s == null ? add("-") : add("=" + s);
    }

    /** The preparation, closed. */
    public byte[] bytes() {
      add(END);
      return text.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Lines being read. */
  public static final class Reader {
    private final String format;
    private final String text;
    private int at;

    /**
     * @throws IOException when the bytes are not of the named layout
     */
    public Reader(byte[] prepared, String format) throws IOException {
      this.format = format;
      this.text = new String(prepared, StandardCharsets.UTF_8);
      if (!format.equals(next())) {
        throw new IOException("not a " + format);
      }
    }

    /** The next string. */
    public String next() throws IOException {
      int end = text.indexOf('\n', at);
      if (end < 0) {
        throw new IOException("a " + format + " cut short");
      }
      String line = text.substring(at, end);
      at = end + 1;
      return line;
    }

    /** The next count. */
    public int count() throws IOException {
      String line = next();
      try {
        int n = Integer.parseInt(line);
        if (n >= 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
      throw new IOException("a " + format + " with '" + line + "' where a count belongs");
    }

    /** The next string that may be absent ({@link Writer#addNullable}). */
    public String nextNullable() throws IOException {
      String line = next();
      if (line.equals("-")) {
        return null;
      }
      if (!line.startsWith("=")) {
        throw new IOException("a " + format + " with '" + line + "' where a field belongs");
      }
      return line.substring(1);
    }

    /** A problem with what was read, named by the layout. */
    public IOException problem(String what) {
      return new IOException("a " + format + " " + what);
    }

    /**
     * @throws IOException unless the preparation ends here
     */
    public void end() throws IOException {
      if (!END.equals(next()) || at != text.length()) {
        throw problem("that does not end where its layout does");
      }
    }
  }
}
