/**
 * The policy config (psa-policy.yaml): its loader, which rules are disabled or get another severity
 * (RuleSelection), and which baselines its assign entries give to which principals
 * (PolicyAssigner).
 */
package dev.psapolicy.policy;
