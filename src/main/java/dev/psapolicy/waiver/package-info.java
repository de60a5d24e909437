/**
 * Waivers and accepted findings: their files, the one function that decides a waiver's validity
 * (used by the gate, the reports and the evidence alike), and how they turn violations into waived
 * or accepted ones.
 */
package dev.psapolicy.waiver;
