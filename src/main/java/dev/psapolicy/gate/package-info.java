/**
 * The pipeline gate: the one function that decides PASS, FAIL or INCOMPLETE and its exit code
 * (Gate.decide), and the documented exit codes (ExitCode).
 */
package dev.psapolicy.gate;
