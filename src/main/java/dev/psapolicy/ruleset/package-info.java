/**
 * Loading and compiling DRL rules: the built-in executable model precompiled at build time, user
 * rule folders compiled at run time, rule metadata (@id, @severity, @scope, ...) read once into
 * RuleInfo.
 */
package dev.psapolicy.ruleset;
