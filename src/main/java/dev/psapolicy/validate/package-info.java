/**
 * `psa-policy validate`: checking snapshots, baselines, rules, waivers and configs without running
 * a gate.
 */
package dev.psapolicy.validate;
