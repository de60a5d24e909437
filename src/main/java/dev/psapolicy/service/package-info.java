/**
 * {@code psa-policy serve}'s use cases: the configured PSA instances, their schedule, one run of an
 * instance (fetch, check, evidence pack, exactly as the CLI makes them, through {@code run}), the
 * recording of runs in the history (kept in memory while the database is away), the decision behind
 * {@code POST /v1/check}, metrics, and the {@link dev.psapolicy.service.RunListener} hook alerts
 * subscribe to.
 */
package dev.psapolicy.service;
