/**
 * Vendor least-privilege baselines: the YAML format (one file per vendor guide, with source and
 * date), its loader with file:line:col errors, the rows resolved against the catalog, and the set
 * of baselines a run uses (a file replacing a built-in one is decided here, in BaselineSet).
 */
package dev.psapolicy.baseline;
