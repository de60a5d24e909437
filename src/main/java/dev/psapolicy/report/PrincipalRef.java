package dev.psapolicy.report;

/**
 * Which API user a finding or a report row is about: the key that joins a violation to its
 * principal. Never a display form; outputs show names, not this.
 *
 * @param platform connectwise or autotask
 * @param instance PSA instance
 * @param id PSA id of the API user
 */
public record PrincipalRef(String platform, String instance, String id) {}
