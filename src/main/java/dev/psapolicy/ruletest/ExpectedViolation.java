package dev.psapolicy.ruletest;

import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import java.util.Objects;

/**
 * One violation a rule test case expects, as written in {@code expected.yaml}. Module, function and
 * verb are null for a finding about an API user as a whole. The optional fields are compared only
 * when the case gives them.
 *
 * @param rule rule id
 * @param principal the PSA id of the API user
 * @param module canonical module, or null
 * @param function canonical function, or null
 * @param verb add, edit, delete or inquire, or null
 * @param severity expected severity
 * @param actual expected granted level (None/My/All), or null when not compared
 * @param allowed expected allowed level, or null when not compared
 * @param fix expected fix text, or null when not compared
 * @param message expected message, or null when not compared
 * @param line line of the entry in expected.yaml
 */
public record ExpectedViolation(
    String rule,
    String principal,
    String module,
    String function,
    String verb,
    Severity severity,
    String actual,
    String allowed,
    String fix,
    String message,
    int line) {

  /** The identity a reported violation is matched on. */
  public String key() {
    return key(rule, principal, module, function, verb);
  }

  /** The identity of a reported violation, comparable with {@link #key()}. */
  public static String key(Violation v) {
    return key(v.ruleId(), v.principalId(), v.module(), v.function(), v.verb());
  }

  private static String key(
      String rule, String principal, String module, String function, String verb) {
    return String.join(
        "\u001f",
        rule,
        principal,
        Objects.toString(module, ""),
        Objects.toString(function, ""),
        Objects.toString(verb, ""));
  }
}
