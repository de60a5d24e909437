package dev.psapolicy.source.autotask;

import java.net.URI;
import java.util.List;

/**
 * How to fetch from one Autotask PSA.
 *
 * @param apiRoot the REST root the spec's paths ({@code /V1.0/...}) are appended to, e.g. {@code
 *     https://webservices5.autotask.net/ATServicesRest}; null to discover the zone
 * @param zoneLookup the root of the zone lookup ({@code ZoneInformation}); used only when {@code
 *     apiRoot} is null
 * @param instance the snapshot's instance name (null: the API host)
 * @param maxThresholdShare the share (0..1] of the database's hourly request limit this fetch may
 *     take the database up to; above it the fetch refuses to start
 * @param concurrency concurrent requests (1 to 3: Autotask's thread limit per endpoint)
 * @param entities the entities whose access to read (from the one EntityInformation call, or probed
 *     one by one when it leaves them out), with their security-level section
 */
public record AutotaskOptions(
    URI apiRoot,
    URI zoneLookup,
    String instance,
    double maxThresholdShare,
    int concurrency,
    List<Entity> entities) {
  /** Autotask's default zone-lookup root. */
  public static final String ZONE_LOOKUP = "https://webservices.autotask.net/ATServicesRest";

  /** Autotask's limit of concurrent requests per endpoint and integration. */
  public static final int MAX_CONCURRENCY = 3;

  /**
   * One entity to probe.
   *
   * @param section the security-level section that governs it (the grant's module)
   * @param name the REST entity (the grant's function)
   */
  public record Entity(String section, String name) {}

  public AutotaskOptions {
    entities = List.copyOf(entities);
    if ((apiRoot == null) == (zoneLookup == null)) {
      throw new IllegalArgumentException("give either an API root or a zone lookup root");
    }
    if (!(maxThresholdShare > 0 && maxThresholdShare <= 1)) {
      throw new IllegalArgumentException("the threshold share must be above 0 and at most 1");
    }
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException("concurrency must be 1 to " + MAX_CONCURRENCY);
    }
  }
}
