/**
 * Fetching from ConnectWise PSA REST 3.0: API members, security roles and role settings with
 * paging, into a snapshot.
 */
package dev.psapolicy.source.connectwise;
