package dev.psapolicy.render;

/**
 * The one set of escapers every output uses: Markdown (reports, drift, rule and baseline tables),
 * HTML, CSV cells and terminal lines. Each also replaces control characters, so no input can forge
 * structure.
 */
public final class Escape {
  private Escape() {}

  /** Escapes text for a Markdown table cell or paragraph. */
  public static String markdown(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '!', '|', '~', '$' ->
            b.append('\\').append(c);
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '@' -> b.append("@\u200B");
        case '\n', '\r', '\t' -> b.append(' ');
        default -> b.append(c < 0x20 || c == 0x7f ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }

  /**
   * One terminal line: line breaks become spaces and other control characters (an escape sequence
   * in a PSA display name could rewrite the terminal) become U+FFFD.
   */
  public static String terminal(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              if (c == '\n' || c == '\r' || c == '\t') {
                b.append(' ');
              } else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                b.append('\uFFFD');
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  public static String html(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c < 0x20 && c != '\n' && c != '\t' || c == 0x7f ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }

  /** One cell: neutralised against formulas, then quoted when RFC 4180 needs it. */
  public static String csv(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    StringBuilder clean = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      clean.append(c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f ? '\uFFFD' : c);
    }
    String v = clean.toString();
    char first = v.charAt(0);
    if (first == '='
        || first == '+'
        || first == '-'
        || first == '@'
        || first == '\t'
        || first == '\r') {
      v = "'" + v;
    }
    boolean quote =
        v.indexOf(',') >= 0
            || v.indexOf('"') >= 0
            || v.indexOf('\n') >= 0
            || v.indexOf('\r') >= 0
            || v.startsWith(" ")
            || v.endsWith(" ");
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
