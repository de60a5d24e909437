/**
 * The application layer: the use cases commands call. An immutable Policy loaded once from a plain
 * PolicyRequest, the one Evaluation from policy and snapshots to a report, the demo fetch, run
 * inputs for evidence, and atomic output writes.
 */
package dev.psapolicy.run;
