/**
 * Alerts of a finished run: what to tell people (a new violation at or above a threshold, a grant
 * widened, a run that failed closed, a waiver about to expire), each once per open finding through
 * an {@link dev.psapolicy.alert.AlertLedger}, delivered to webhooks (Microsoft Teams, Slack, signed
 * JSON) with retry and back-off, and the {@code alerts:} config section. Reads reports, drift
 * states and waivers; never a secret in a payload or a message.
 */
package dev.psapolicy.alert;
