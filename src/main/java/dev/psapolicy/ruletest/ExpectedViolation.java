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

  /**
   * The identity a reported violation is matched on: rule, principal and cell; a missing module,
   * function or verb is empty, so a principal-level finding matches whatever way it was written.
   *
   * @param rule rule id
   * @param principal the PSA id of the API user
   * @param module canonical module, or empty
   * @param function canonical function, or empty
   * @param verb verb id, or empty
   */
  public record Key(String rule, String principal, String module, String function, String verb) {
    public Key {
      module = Objects.toString(module, "");
      function = Objects.toString(function, "");
      verb = Objects.toString(verb, "");
    }
  }

  /** The identity a reported violation is matched on. */
  public Key key() {
    return new Key(rule, principal, module, function, verb);
  }

  /** The identity of a reported violation, comparable with {@link #key()}. */
  public static Key key(Violation v) {
    return new Key(v.ruleId(), v.principalId(), v.module(), v.function(), v.verb());
  }
}
