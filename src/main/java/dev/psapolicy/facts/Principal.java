package dev.psapolicy.facts;

import java.util.List;

/**
 * An API user of a PSA: a ConnectWise API member (or member of license class API) or an Autotask
 * API-only resource. Inserted into the rule session as a fact.
 *
 * @param key unique key {@code platform:instance:id}; grants and assignments refer to it
 * @param platform {@code connectwise} or {@code autotask}
 * @param instance the PSA instance (company id or site, Autotask database/zone name)
 * @param id the PSA's id of the member or resource
 * @param name display name
 * @param kind {@code api-member}, {@code member} or {@code resource}
 * @param role the ConnectWise security role name or the Autotask security level name
 * @param admin the role or member carries the admin flag
 * @param inactive the member or resource is inactive
 * @param integrations baseline ids the user is declared to serve (may be empty)
 */
public record Principal(
    String key,
    String platform,
    String instance,
    String id,
    String name,
    String kind,
    String role,
    boolean admin,
    boolean inactive,
    List<String> integrations) {

  public Principal {
    integrations = List.copyOf(integrations);
  }

  /** Builds the key used by every fact that refers to a principal. */
  public static String keyOf(String platform, String instance, String id) {
    return platform + ":" + instance + ":" + id;
  }

  /** Display form used in messages: name (id). */
  public String display() {
    return name == null || name.isBlank() ? id : name + " (" + id + ")";
  }
}
