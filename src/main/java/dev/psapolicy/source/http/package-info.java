/**
 * The HTTP layer every fetch shares: the one user of the JDK HTTP client, with retries, rate
 * limits, paging, redaction of credentials, recorded responses, and the Fetcher interface each
 * platform implements.
 */
package dev.psapolicy.source.http;
