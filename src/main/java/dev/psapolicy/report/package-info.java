/**
 * The result of a run as renderers, the gate and the evidence pack see it: run metadata,
 * principals, rules, violations in their one order, and the verdict decided once by the gate.
 */
package dev.psapolicy.report;
