package dev.psapolicy.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The JSON result document ({@code --format json}), field for field.
 *
 * @param formatVersion {@link JsonRenderer#FORMAT_VERSION}
 * @param run run metadata
 * @param summary counts and the gate decision
 * @param violations findings in the one order of every output
 * @param principals API users covered
 * @param rules rules evaluated
 * @param relaxedRules rules the policy config disabled or lowered; absent when it relaxed none
 */
public record JsonResult(
    int formatVersion,
    Run run,
    Summary summary,
    List<JsonViolation> violations,
    List<Principal> principals,
    List<Rule> rules,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RelaxedRule> relaxedRules) {

  /**
   * A rule the policy config relaxed.
   *
   * @param ruleId the rule
   * @param change {@code disabled} or {@code lowered}
   * @param declared the severity it declares
   * @param effective the severity the config gives it (null when disabled)
   * @param at the config entry that relaxes it, {@code file:line:column}
   */
  public record RelaxedRule(
      String ruleId, String change, String declared, String effective, String at) {}

  /** Run metadata. */
  public record Run(
      String runId,
      String startedAt,
      String toolVersion,
      List<Input> inputs,
      int principals,
      long grantsEvaluated,
      boolean complete,
      List<String> incomplete) {}

  /** A file read by the run. */
  public record Input(String kind, String name, String sha256) {}

  /** Counts per severity and the gate's decision. */
  public record Summary(
      int violations,
      Map<String, Integer> bySeverity,
      long open,
      long waived,
      long accepted,
      String failOn,
      long failing,
      int exitCode) {}

  /** One violation. */
  public record JsonViolation(
      String ruleId,
      String severity,
      String title,
      String message,
      String platform,
      String instance,
      String principal,
      String principalName,
      String role,
      String module,
      String function,
      String verb,
      String actual,
      String allowed,
      String raw,
      String baseline,
      String fix,
      int steps,
      String fingerprint,
      String status,
      String disposedBy,
      @JsonInclude(JsonInclude.Include.NON_NULL) String platformVerb,
      @JsonInclude(JsonInclude.Include.NON_NULL) String platformActual,
      @JsonInclude(JsonInclude.Include.NON_NULL) String platformAllowed) {}

  /** A principal covered. */
  public record Principal(
      String platform,
      String instance,
      String id,
      String name,
      String role,
      List<String> baselines,
      @JsonInclude(JsonInclude.Include.NON_NULL) AssignedBy assignedBy,
      int grants) {}

  /**
   * Where a principal's baselines came from.
   *
   * @param origin declared, config, recognised or default
   * @param field for recognised: the recognise: key that matched
   * @param pattern for recognised: the glob that matched
   * @param text the words the other outputs show
   */
  public record AssignedBy(
      String origin,
      @JsonInclude(JsonInclude.Include.NON_NULL) String field,
      @JsonInclude(JsonInclude.Include.NON_NULL) String pattern,
      String text) {}

  /** A rule evaluated. */
  public record Rule(
      String id,
      String severity,
      String severityOneStep,
      String title,
      String rationale,
      String remediation,
      String source,
      String origin) {}
}
