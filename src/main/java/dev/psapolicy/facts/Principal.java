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
 * @param integrations baseline ids assigned to the user (may be empty)
 * @param ambiguous when two or more baselines of its platform recognised the user (and so none was
 *     assigned by recognition): what each matched; empty otherwise
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
    List<String> integrations,
    List<Recognition> ambiguous) {

  public Principal {
    integrations = List.copyOf(integrations);
    ambiguous = List.copyOf(ambiguous);
  }

  /** A principal no baselines recognised ambiguously. */
  public Principal(
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
    this(key, platform, instance, id, name, kind, role, admin, inactive, integrations, List.of());
  }

  /**
   * The baselines that recognised it ambiguously, for messages: {@code rewst-connectwise
   * (recognised by name 'Rewst*'), hatz-ai-connectwise (recognised by identifier 'hatz*')}.
   */
  public String ambiguity() {
    return String.join(
        ", ", ambiguous.stream().map(r -> r.baselineId() + " (" + r.describe() + ")").toList());
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
