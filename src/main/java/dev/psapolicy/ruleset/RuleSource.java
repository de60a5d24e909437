package dev.psapolicy.ruleset;

/**
 * The text of one DRL file.
 *
 * @param file display name (a path, or {@code builtin:rules/x.drl})
 * @param drl the DRL text
 * @param sha256 hash of the bytes
 * @param builtIn whether it ships with psa-policy
 */
public record RuleSource(String file, String drl, String sha256, boolean builtIn) {}
