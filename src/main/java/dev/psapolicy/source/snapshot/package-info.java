/**
 * Snapshot files: the reader (JSON or YAML, with positions for errors) and the writer psa-policy
 * fetches into.
 */
package dev.psapolicy.source.snapshot;
