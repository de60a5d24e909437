/**
 * The run history of {@code psa-policy serve}: runs and their violations in a JDBC database (H2 by
 * default, PostgreSQL for teams), one schema migrated by Flyway, and the queries the API and the
 * dashboard read.
 */
package dev.psapolicy.service.history;
