package dev.psapolicy.input;

import java.text.Normalizer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** "Did you mean" suggestions by edit distance. */
public final class Suggest {
  private Suggest() {}

  /** The closest candidate within a small edit distance, or null. */
  public static String closest(String word, Collection<String> candidates) {
    if (word == null) {
      return null;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = word.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    int limit = Math.max(2, word.length() / 3);
    return bestDistance <= limit ? best : null;
  }

  /**
   * Where a name differs from a known one only by look-alike or invisible characters (a Cyrillic
   * {@code е} for a Latin {@code e}, full-width letters, zero-width joiners, a no-break space): the
   * first such character with its code point and its column in the name (1-based), or null when the
   * name does not look like any candidate. Such a name is never a typo to be suggested away: it is
   * shown for what it is.
   *
   * @param word the name as typed
   * @param candidates the known names
   */
  public static LookAlike lookAlike(String word, Collection<String> candidates) {
    String skeleton = skeleton(word);
    for (String c : candidates) {
      if (!c.equalsIgnoreCase(word) && skeleton(c).equals(skeleton)) {
        int i = 0;
        while (i < word.length()) {
          int cp = word.codePointAt(i);
          if (cp > 0x7e || Character.isISOControl(cp)) {
            return new LookAlike(c, cp, word.codePointCount(0, i) + 1);
          }
          i += Character.charCount(cp);
        }
        return new LookAlike(c, word.codePointAt(0), 1);
      }
    }
    return null;
  }

  /**
   * A name that imitates a known one.
   *
   * @param known the known name it looks like
   * @param codePoint the first character that is not what it looks like
   * @param column its column in the name, 1-based
   */
  public record LookAlike(String known, int codePoint, int column) {
    /** "U+0435 CYRILLIC SMALL LETTER IE at column 2". */
    public String describe() {
      String name = Character.getName(codePoint);
      return String.format(Locale.ROOT, "U+%04X", codePoint)
          + (name == null ? "" : " " + name)
          + " at column "
          + column;
    }
  }

  /**
   * The hint for an unknown name: the look-alike it imitates with the offending code point, else
   * the closest candidate; empty when neither.
   */
  public static String hint(String word, Collection<String> candidates) {
    if (word == null) {
      return "";
    }
    LookAlike l = lookAlike(word, candidates);
    if (l != null) {
      return " (it looks like '"
          + l.known()
          + "' but has "
          + l.describe()
          + " of the name: a look-alike or invisible character)";
    }
    String s = closest(word, candidates);
    return s == null ? "" : " (did you mean '" + s + "'?)";
  }

  /** What a name looks like: compatibility forms folded, invisible characters dropped. */
  static String skeleton(String s) {
    String t = Normalizer.normalize(s, Normalizer.Form.NFKC);
    StringBuilder b = new StringBuilder();
    t.codePoints()
        .forEach(
            cp -> {
              if (cp == 0xa0 || cp == 0x202f || cp == 0x2007 || Character.isSpaceChar(cp)) {
                b.append(' ');
              } else if (Character.getType(cp) == Character.FORMAT || cp == 0x200b) {
                // zero-width joiners and spaces, word joiners, BOM, bidi marks: invisible
              } else {
                b.appendCodePoint(CONFUSABLES.getOrDefault(cp, cp));
              }
            });
    return b.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * Cyrillic and Greek letters that render like Latin ones (Unicode confusables, the common ones).
   */
  private static final Map<Integer, Integer> CONFUSABLES = confusables();

  private static Map<Integer, Integer> confusables() {
    String[] pairs = {
      "\u0430a", "\u0435e", "\u043eo", "\u0440p", "\u0441c", "\u0443y", "\u0445x", "\u0456i",
      "\u0458j", "\u0455s", "\u04bbh", "\u0501d", "\u051bq", "\u051dw", "\u0410A", "\u0412B",
      "\u0415E", "\u041aK", "\u041cM", "\u041dH", "\u041eO", "\u0420P", "\u0421C", "\u0422T",
      "\u0425X", "\u0406I", "\u0408J", "\u0405S", "\u03bfo", "\u03b1a", "\u03bdv", "\u03c1p",
      "\u0391A", "\u0392B", "\u0395E", "\u0396Z", "\u0397H", "\u0399I", "\u039aK", "\u039cM",
      "\u039dN", "\u039fO", "\u03a1P", "\u03a4T", "\u03a5Y", "\u03a7X"
    };
    Map<Integer, Integer> m = new HashMap<>();
    for (String p : pairs) {
      m.put((int) p.charAt(0), (int) p.charAt(1));
    }
    return Map.copyOf(m);
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
