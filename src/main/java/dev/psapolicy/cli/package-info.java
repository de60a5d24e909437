/**
 * The command line: one class per command that parses its options, builds a request for the run
 * layer, and prints. Main maps exceptions to the documented exit codes. Nothing outside this
 * package depends on it, and no command calls another.
 */
package dev.psapolicy.cli;
