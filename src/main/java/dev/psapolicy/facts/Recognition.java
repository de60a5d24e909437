package dev.psapolicy.facts;

/**
 * How a baseline recognised an API user that declares no integration: the baseline, the field of
 * the user that matched and the glob it matched (both as the baseline's {@code recognise:} wrote
 * them).
 *
 * @param baselineId the baseline whose {@code recognise:} matched
 * @param field the key, in the platform's words ({@code identifier}, {@code name}, {@code email},
 *     {@code notes}, {@code userName})
 * @param pattern the glob as written
 */
public record Recognition(String baselineId, String field, String pattern) {

  /** The words used in every output: {@code recognised by name 'Rewst*'}. */
  public String describe() {
    return "recognised by " + field + " '" + pattern + "'";
  }
}
