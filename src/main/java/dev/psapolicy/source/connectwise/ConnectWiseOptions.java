package dev.psapolicy.source.connectwise;

import dev.psapolicy.vocabulary.Cell;
import java.net.URI;
import java.util.Map;

/**
 * How to fetch from one ConnectWise PSA.
 *
 * @param apiRoot the REST root the spec's paths are appended to, e.g. {@code
 *     https://na.myconnectwise.net/v4_6_release/apis/3.0}; null to discover it from {@code site}
 * @param site the site to discover the codebase from ({@code https://na.myconnectwise.net}); used
 *     only when {@code apiRoot} is null
 * @param apiVersion the version of the {@code Accept} media type, e.g. {@code 2025.8}
 * @param pageSize items per page (1 to 1000)
 * @param forwardOnly page with {@code pagination-type: forward-only} instead of page numbers
 * @param instance the snapshot's instance name
 * @param customizeIds the REST API's identifier of each function's "Customize" list (from the
 *     catalog); empty: the lists are not read
 * @param allRoles read the settings of every security role of the instance (what a plan needs to
 *     find an existing role that already satisfies an integration); false: only of the roles API
 *     members hold ({@code --roles held}, one request per unheld role fewer)
 */
public record ConnectWiseOptions(
    URI apiRoot,
    URI site,
    String apiVersion,
    int pageSize,
    boolean forwardOnly,
    String instance,
    Map<Cell, String> customizeIds,
    boolean allRoles) {
  /** The media type every ConnectWise 3.0 response is served as. */
  public static final String MEDIA_TYPE = "application/vnd.connectwise.com+json";

  /** The API version of the spec psa-policy is written against. */
  public static final String DEFAULT_VERSION = "2025.8";

  /** ConnectWise's hard page-size limit. */
  public static final int MAX_PAGE_SIZE = 1000;

  /** Options that read every role's settings. */
  public ConnectWiseOptions(
      URI apiRoot,
      URI site,
      String apiVersion,
      int pageSize,
      boolean forwardOnly,
      String instance,
      Map<Cell, String> customizeIds) {
    this(apiRoot, site, apiVersion, pageSize, forwardOnly, instance, customizeIds, true);
  }

  /** Options that read no Customize lists. */
  public ConnectWiseOptions(
      URI apiRoot,
      URI site,
      String apiVersion,
      int pageSize,
      boolean forwardOnly,
      String instance) {
    this(apiRoot, site, apiVersion, pageSize, forwardOnly, instance, Map.of());
  }

  public ConnectWiseOptions {
    customizeIds = Map.copyOf(customizeIds);
    if ((apiRoot == null) == (site == null)) {
      throw new IllegalArgumentException("give either an API root or a site");
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("page size must be 1 to " + MAX_PAGE_SIZE);
    }
  }

  /** The {@code Accept} header value. */
  public String accept() {
    return MEDIA_TYPE + "; version=" + apiVersion;
  }
}
