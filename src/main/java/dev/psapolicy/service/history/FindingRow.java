package dev.psapolicy.service.history;

import dev.psapolicy.report.Severity;

/**
 * One violation of one run as the history keeps it.
 *
 * @param fingerprint the finding's stable identity ({@code Violation.fingerprint()}, as reports and
 *     SARIF carry it)
 * @param ruleId the rule
 * @param severity its severity
 * @param platform connectwise or autotask
 * @param principalId the API user's PSA id, or null
 * @param principalName the API user's display name, or null
 * @param cell the module and function, or null for a principal-level finding
 * @param verb the verb, or null
 * @param disposition open, waived or accepted
 * @param dispositionRef the waiver id or accepted-findings file, or null
 */
public record FindingRow(
    String fingerprint,
    String ruleId,
    Severity severity,
    String platform,
    String principalId,
    String principalName,
    String cell,
    String verb,
    String disposition,
    String dispositionRef) {}
