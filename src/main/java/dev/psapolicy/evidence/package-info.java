/**
 * Tamper-evident evidence packs: writing the inputs, results and report with a manifest of SHA-256
 * hashes, signing it with Ed25519, chaining packs, and verifying them.
 */
package dev.psapolicy.evidence;
