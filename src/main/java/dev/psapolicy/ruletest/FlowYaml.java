package dev.psapolicy.ruletest;

import dev.psapolicy.report.Violation;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One-line YAML flow mappings, the form of {@code expected.yaml} entries, so that a reported
 * violation printed by {@code test} can be pasted into a case as it is.
 */
final class FlowYaml {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9 ._/()-]*");
  private static final Set<String> KEYWORDS =
      Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

  private FlowYaml() {}

  /** "{ rule: X, principal: "187", module: ..., function: ..., verb: edit, severity: high }". */
  static String of(Violation v) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("rule", v.ruleId());
    m.put("principal", v.principalId());
    if (v.module() != null) {
      m.put("module", v.module());
      m.put("function", v.function());
      m.put("verb", v.verb());
    }
    m.put("severity", v.severity().id());
    return of(m);
  }

  /** The expected entry in the same form. */
  static String of(ExpectedViolation e) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("rule", e.rule());
    m.put("principal", e.principal());
    if (e.module() != null) {
      m.put("module", e.module());
      m.put("function", e.function());
      m.put("verb", e.verb());
    }
    m.put("severity", e.severity().id());
    return of(m);
  }

  static String of(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder("{ ");
    boolean first = true;
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(e.getKey()).append(": ").append(scalar(e.getValue()));
    }
    return sb.append(" }").toString();
  }

  /** A scalar, double-quoted unless it reads back as the same plain string. */
  static String scalar(String s) {
    if (s == null) {
      return "null";
    }
    if (PLAIN.matcher(s).matches()
        && !s.endsWith(" ")
        && !KEYWORDS.contains(s.toLowerCase(Locale.ROOT))) {
      return s;
    }
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
