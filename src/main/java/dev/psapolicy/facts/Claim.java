package dev.psapolicy.facts;

/**
 * Marks a grant as already reported by a more specific rule. Rules that report a grant under a
 * named requirement insert a claim logically ({@code insertLogical}); the generic over-grant rules
 * skip claimed grants, so one excess is reported once, under its most specific rule.
 *
 * @param grant the grant reported
 * @param ruleId the rule that reported it
 */
public record Claim(Grant grant, String ruleId) {}
