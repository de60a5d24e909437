/**
 * Fetching from Autotask PSA REST v1.0: zone lookup, resources, security levels and
 * entityInformation user access, into a snapshot.
 */
package dev.psapolicy.source.autotask;
