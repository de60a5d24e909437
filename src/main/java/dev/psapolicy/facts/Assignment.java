package dev.psapolicy.facts;

/**
 * A baseline that applies to a principal.
 *
 * @param principalKey {@link Principal#key()}
 * @param baselineId the baseline's id
 * @param origin where the assignment came from: {@code snapshot} (the principal's integrations),
 *     {@code cli} (--baseline) or {@code config}
 */
public record Assignment(String principalKey, String baselineId, String origin) {}
