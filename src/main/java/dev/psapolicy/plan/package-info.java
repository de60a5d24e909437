/**
 * Remediation plans ({@code psa-policy plan}): the model of a plan (immutable records), the {@link
 * dev.psapolicy.plan.Planner} that makes one from an evaluation's judged grants and violations, its
 * text and Markdown renderers, and {@link dev.psapolicy.plan.PlanJson}, the one reader and writer
 * of plan files with the plan hash that {@code apply --approve} names.
 */
package dev.psapolicy.plan;
