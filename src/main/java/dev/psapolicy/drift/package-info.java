/**
 * Drift between two runs: reading a previous evidence pack or results file, pairing findings by
 * fingerprint, and rendering what widened, narrowed, appeared or was resolved.
 */
package dev.psapolicy.drift;
