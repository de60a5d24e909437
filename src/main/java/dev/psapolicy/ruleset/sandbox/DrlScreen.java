package dev.psapolicy.ruleset.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;

/**
 * The checks a user DRL file must pass before Drools compiles it, because compiling is already too
 * late for them: the parser and code generator recurse once per nesting level (a deep enough
 * expression overflows the stack), and the compilers evaluate annotation values as MVEL while they
 * build the rule (so {@code @note(System.exit(0))} would run during the build).
 */
public final class DrlScreen {
  private DrlScreen() {}

  /** Deepest nesting of parentheses, brackets and braces a user DRL file may use. */
  public static final int MAX_NESTING = 100;

  /** Most operators one (sub-)expression may chain. */
  public static final int MAX_OPERATORS = 300;

  /**
   * A problem at a place in the file.
   *
   * @param line 1-based line
   * @param column 1-based column, or 0 when unknown
   * @param message what is wrong
   */
  public record Problem(int line, int column, String message) {}

  /**
   * Nesting and expression length, on the text (before anything parses it). Strings, character
   * literals and comments are skipped.
   */
  public static Problem depth(String drl) {
    List<int[]> levels = new ArrayList<>(); // per open level: operators so far
    levels.add(new int[] {0});
    int line = 1;
    int col = 0;
    int n = drl.length();
    for (int i = 0; i < n; i++) {
      char c = drl.charAt(i);
      col++;
      if (c == '\n') {
        line++;
        col = 0;
        continue;
      }
      if (c == '/' && i + 1 < n && drl.charAt(i + 1) == '/') {
        while (i + 1 < n && drl.charAt(i + 1) != '\n') {
          i++;
        }
        continue;
      }
      if (c == '/' && i + 1 < n && drl.charAt(i + 1) == '*') {
        i += 2;
        col += 2;
        while (i < n && !(drl.charAt(i) == '*' && i + 1 < n && drl.charAt(i + 1) == '/')) {
          if (drl.charAt(i) == '\n') {
            line++;
            col = 0;
          } else {
            col++;
          }
          i++;
        }
        i++;
        col++;
        continue;
      }
      if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && drl.charAt(j) != c && drl.charAt(j) != '\n') {
          j += drl.charAt(j) == '\\' ? 2 : 1;
        }
        col += j - i;
        i = j;
        continue;
      }
      switch (c) {
        case '(', '[', '{' -> {
          levels.add(new int[] {0});
          if (levels.size() - 1 > MAX_NESTING) {
            return new Problem(
                line,
                col,
                "expression nested more than "
                    + MAX_NESTING
                    + " levels deep; split it into smaller constraints or functions");
          }
        }
        case ')', ']', '}' -> {
          if (levels.size() > 1) {
            levels.remove(levels.size() - 1);
          }
        }
        case ',', ';' -> levels.get(levels.size() - 1)[0] = 0;
        case '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '=', '!', '?', ':' -> {
          // a two-character operator counts once
          if (i + 1 < n && "=&|<>".indexOf(drl.charAt(i + 1)) >= 0 && c != '?' && c != ':') {
            i++;
            col++;
          }
          if (++levels.get(levels.size() - 1)[0] > MAX_OPERATORS) {
            return new Problem(
                line,
                col,
                "expression chains more than "
                    + MAX_OPERATORS
                    + " operators; split it into smaller constraints or functions");
          }
        }
        default -> {}
      }
    }
    return null;
  }

  private static final Pattern LITERAL =
      Pattern.compile(
          "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|-?\\d+(?:\\.\\d+)?[lLdDfF]?"
              + "|true|false|[A-Za-z_][A-Za-z0-9_]*");

  /** Attributes that start timers (threads of the engine's scheduler) or run code by name. */
  private static final List<String> REFUSED_ATTRIBUTES = List.of("timer", "duration", "calendars");

  /** Package names a user file may not use: the built-in rules' and the platform's. */
  private static final List<String> RESERVED_PACKAGES =
      List.of("dev.psapolicy", "org.drools", "org.kie", "java", "javax", "jdk", "sun", "com.sun");

  /**
   * What the parsed file may not declare: annotation values other than literals (the compilers
   * evaluate them while building), timers, {@code import accumulate} (a class Drools instantiates)
   * and a reserved package.
   */
  public static List<Problem> declarations(PackageDescr pkg) {
    List<Problem> out = new ArrayList<>();
    String name = pkg.getName() == null ? "" : pkg.getName();
    for (String reserved : RESERVED_PACKAGES) {
      if (name.equals(reserved) || name.startsWith(reserved + ".")) {
        out.add(
            new Problem(
                Math.max(1, pkg.getLine()),
                0,
                "package '"
                    + name
                    + "' is reserved (built-in rules and the platform); use your own, e.g."
                    + " 'acme.rules'"));
        break;
      }
    }
    pkg.getAccumulateImports()
        .forEach(
            a ->
                out.add(
                    new Problem(
                        Math.max(1, a.getLine()),
                        0,
                        "'import accumulate' is not allowed in user rules; use the built-in"
                            + " accumulate functions")));
    for (AttributeDescr a : pkg.getAttributes()) {
      attribute(a, out);
    }
    for (RuleDescr r : pkg.getRules()) {
      String what = "rule \"" + r.getName() + "\"";
      annotations(r.getAnnotations(), what, r, out);
      r.getAttributes().values().forEach(a -> attribute(a, out));
    }
    for (TypeDeclarationDescr t : pkg.getTypeDeclarations()) {
      String what = "type " + t.getTypeName();
      annotations(t.getAnnotations(), what, t, out);
      for (TypeFieldDescr f : t.getFields().values()) {
        annotations(f.getAnnotations(), what + " field " + f.getFieldName(), f, out);
      }
    }
    return out;
  }

  private static void attribute(AttributeDescr a, List<Problem> out) {
    if (REFUSED_ATTRIBUTES.contains(a.getName())) {
      out.add(
          new Problem(
              Math.max(1, a.getLine()),
              0,
              "attribute '"
                  + a.getName()
                  + "' is not allowed in user rules (timers run outside the evaluation)"));
    }
  }

  private static void annotations(
      Collection<AnnotationDescr> annotations, String what, BaseDescr where, List<Problem> out) {
    for (AnnotationDescr a : annotations) {
      for (Map.Entry<String, Object> v : a.getValueMap().entrySet()) {
        String text = v.getValue() == null ? "" : v.getValue().toString().strip();
        if (!LITERAL.matcher(text).matches()) {
          int line = a.getLine() > 0 ? a.getLine() : where.getLine();
          out.add(
              new Problem(
                  Math.max(1, line),
                  0,
                  what
                      + ": the value of @"
                      + a.getName()
                      + " must be a literal (a string, number, true/false or a name), found "
                      + abbreviate(text)));
        }
      }
    }
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 60 ? one.substring(0, 57) + "..." : one;
  }
}
