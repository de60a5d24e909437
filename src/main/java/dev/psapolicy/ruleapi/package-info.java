/**
 * The rule-author API that DRL consequences call: findings (over-grant, under-grant, principal
 * findings, claims) and the fix texts; documented in docs/rule-authoring.md.
 */
package dev.psapolicy.ruleapi;
