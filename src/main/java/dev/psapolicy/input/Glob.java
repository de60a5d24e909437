package dev.psapolicy.input;

import java.util.regex.Pattern;

/**
 * A glob over ids and names, as written in the policy config and in waivers. {@code *} matches any
 * run of characters (also none), {@code ?} one character, {@code [abc]}, {@code [a-z]} and {@code
 * [!a]} one character of a class, and {@code \} makes the next character literal. Matching is
 * case-insensitive (PSA names drift in case between screens, guides and API) and covers the whole
 * text. A text without {@code * ? [} is a literal and matches itself only.
 */
public final class Glob {
  private final String text;
  private final Pattern pattern;
  private final String literal;

  private Glob(String text, Pattern pattern, String literal) {
    this.text = text;
    this.pattern = pattern;
    this.literal = literal;
  }

  /**
   * Parses a glob.
   *
   * @throws IllegalArgumentException with a one-line reason when the glob is malformed
   */
  public static Glob parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "bad glob '" + (text == null ? "" : text) + "': it is empty");
    }
    StringBuilder re = new StringBuilder();
    StringBuilder plain = new StringBuilder();
    boolean literal = true;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      switch (c) {
        case '*' -> {
          literal = false;
          re.append(".*");
          while (i + 1 < text.length() && text.charAt(i + 1) == '*') {
            i++;
          }
        }
        case '?' -> {
          literal = false;
          re.append('.');
        }
        case '\\' -> {
          if (i + 1 >= text.length()) {
            throw new IllegalArgumentException(
                "bad glob '" + text + "': it ends with an escaping '\\'");
          }
          i++;
          plain.append(text.charAt(i));
          re.append(Pattern.quote(String.valueOf(text.charAt(i))));
        }
        case '[' -> {
          literal = false;
          int end = text.indexOf(']', i + 1);
          if (end == i + 1 || (end == i + 2 && text.charAt(i + 1) == '!')) {
            throw new IllegalArgumentException(
                "bad glob '" + text + "': the class at position " + (i + 1) + " is empty");
          }
          if (end < 0) {
            throw new IllegalArgumentException(
                "bad glob '" + text + "': the '[' at position " + (i + 1) + " is never closed");
          }
          re.append(characterClass(text, text.substring(i + 1, end), i + 1));
          i = end;
        }
        default -> {
          plain.append(c);
          re.append(Pattern.quote(String.valueOf(c)));
        }
      }
      i++;
    }
    return new Glob(
        text,
        Pattern.compile(
            re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL),
        literal ? plain.toString() : null);
  }

  private static String characterClass(String glob, String body, int position) {
    StringBuilder out = new StringBuilder("[");
    int start = 0;
    if (body.startsWith("!")) {
      out.append('^');
      start = 1;
    }
    for (int j = start; j < body.length(); j++) {
      char c = body.charAt(j);
      if (c == '-' && j > start && j + 1 < body.length()) {
        char from = body.charAt(j - 1);
        char to = body.charAt(j + 1);
        if (from > to) {
          throw new IllegalArgumentException(
              "bad glob '"
                  + glob
                  + "': the range "
                  + from
                  + "-"
                  + to
                  + " in the class at position "
                  + position
                  + " runs backwards");
        }
        out.append('-');
      } else {
        out.append(
            c == '\\' || c == '^' || c == '[' || c == ']' || c == '&' || c == '-'
                ? "\\" + c
                : String.valueOf(c));
      }
    }
    return out.append(']').toString();
  }

  /**
   * Parses the glob of a file field; records a problem at the field and returns null when it is
   * malformed.
   */
  public static Glob parse(String file, Node at, String text, Problems problems) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(file, at, e.getMessage());
      return null;
    }
  }

  /** Whether the whole value matches (case-insensitively); null never matches. */
  public boolean matches(String value) {
    return value != null && pattern.matcher(value).matches();
  }

  /** True when the glob has no wildcard: it names exactly one value. */
  public boolean isLiteral() {
    return literal != null;
  }

  /** The one value a literal glob names (escapes removed); null for a pattern. */
  public String literal() {
    return literal;
  }

  /** The glob as written. */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Glob g && g.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
