/**
 * The authoring kit for rule writers: rule cases (a snapshot and the expected violations), the case
 * runner on the one evaluation path, coverage, probes and mutation testing, and their reports.
 */
package dev.psapolicy.ruletest;
