package dev.psapolicy.facts;

import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.Origin;
import dev.psapolicy.vocabulary.CustomizeList;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The permission facts of one PSA instance at one time, as read from a snapshot file or fetched
 * from the PSA (the input contract; JSON Schema in {@code schema/snapshot.schema.json}).
 *
 * @param formatVersion always 1
 * @param platform the PSA
 * @param instance the PSA instance
 * @param fetchedAt when the facts were read (null when unknown)
 * @param complete false when the fetch could not read everything (then check never passes)
 * @param incomplete why it is incomplete
 * @param provenance where the facts came from (null for hand-written snapshots)
 * @param principals the API users
 * @param roles the security roles (ConnectWise) or security levels (Autotask) of the instance with
 *     their settings, as far as the source read them (empty when it read none: hand-written or
 *     older snapshots); remediation plans look here for an existing role that already satisfies an
 *     integration's baselines
 * @param input the file it was read from, or the JSON it was fetched as, with its bytes (not
 *     serialised); null only while a fetched snapshot is being assembled
 */
public record Snapshot(
    int formatVersion,
    Platform platform,
    String instance,
    Instant fetchedAt,
    boolean complete,
    List<String> incomplete,
    Provenance provenance,
    List<SnapshotPrincipal> principals,
    List<SnapshotRole> roles,
    InputFile input) {

  /** The only snapshot format this version reads and writes. */
  public static final int FORMAT_VERSION = 1;

  public Snapshot {
    incomplete = List.copyOf(incomplete);
    principals = List.copyOf(principals);
    roles = List.copyOf(roles);
  }

  /** A snapshot that lists no roles of its own (hand-written, older). */
  public Snapshot(
      int formatVersion,
      Platform platform,
      String instance,
      Instant fetchedAt,
      boolean complete,
      List<String> incomplete,
      Provenance provenance,
      List<SnapshotPrincipal> principals,
      InputFile input) {
    this(
        formatVersion,
        platform,
        instance,
        fetchedAt,
        complete,
        incomplete,
        provenance,
        principals,
        List.of(),
        input);
  }

  /** The role with this id, or null. */
  public SnapshotRole role(String id) {
    for (SnapshotRole r : roles) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }

  /** Where it was read from, for messages ({@code acme.json}, {@code demo:acme-autotask.json}). */
  public String file() {
    return input == null ? null : input.location();
  }

  /**
   * Whether its names were read from the PSA itself (a fetch, live or from the demo's simulators,
   * saved or not): then every module/function in it is real by definition and is judged even when
   * the catalog does not know it. A hand-written snapshot has no provenance; its names are what a
   * person typed and are checked against the catalog.
   */
  public boolean fromSource() {
    return (provenance != null && provenance.requestCount() > 0)
        || (input != null && input.origin() == Origin.FETCH);
  }

  /** Hash of the bytes it was read from, or null while it is assembled. */
  public String sha256() {
    return input == null ? null : input.sha256();
  }

  /** The same facts read from another source. */
  public Snapshot withInput(InputFile newInput) {
    return new Snapshot(
        formatVersion,
        platform,
        instance,
        fetchedAt,
        complete,
        incomplete,
        provenance,
        principals,
        roles,
        newInput);
  }

  /** The same snapshot with other principals (same source). */
  public Snapshot withPrincipals(List<SnapshotPrincipal> newPrincipals) {
    return new Snapshot(
        formatVersion,
        platform,
        instance,
        fetchedAt,
        complete,
        incomplete,
        provenance,
        newPrincipals,
        roles,
        input);
  }

  /**
   * One API user with its permission rows.
   *
   * @param id PSA id
   * @param name display name
   * @param kind api-member, member or resource
   * @param role security role / level name
   * @param admin admin flag
   * @param inactive inactive flag
   * @param integrations baseline ids it serves
   * @param grants permission rows
   * @param line line in the snapshot file (0 when fetched)
   * @param identifier the ConnectWise member identifier or the Autotask resource userName, or null
   * @param email the e-mail address, or null
   * @param notes the ConnectWise API member's notes, or null
   * @param roleId the PSA's id of its security role / level, or null when the source did not say
   */
  public record SnapshotPrincipal(
      String id,
      String name,
      String kind,
      String role,
      boolean admin,
      boolean inactive,
      List<String> integrations,
      List<PermissionRow> grants,
      int line,
      String identifier,
      String email,
      String notes,
      String roleId) {
    public SnapshotPrincipal {
      integrations = List.copyOf(integrations);
      grants = List.copyOf(grants);
    }

    /** A principal without identifier, e-mail or notes (older snapshots, hand-written ones). */
    public SnapshotPrincipal(
        String id,
        String name,
        String kind,
        String role,
        boolean admin,
        boolean inactive,
        List<String> integrations,
        List<PermissionRow> grants,
        int line) {
      this(
          id,
          name,
          kind,
          role,
          admin,
          inactive,
          integrations,
          grants,
          line,
          null,
          null,
          null,
          null);
    }

    /** A principal whose role id the source did not say. */
    public SnapshotPrincipal(
        String id,
        String name,
        String kind,
        String role,
        boolean admin,
        boolean inactive,
        List<String> integrations,
        List<PermissionRow> grants,
        int line,
        String identifier,
        String email,
        String notes) {
      this(
          id,
          name,
          kind,
          role,
          admin,
          inactive,
          integrations,
          grants,
          line,
          identifier,
          email,
          notes,
          null);
    }

    /** The same principal with other integrations. */
    public SnapshotPrincipal withIntegrations(List<String> newIntegrations) {
      return new SnapshotPrincipal(
          id,
          name,
          kind,
          role,
          admin,
          inactive,
          newIntegrations,
          grants,
          line,
          identifier,
          email,
          notes,
          roleId);
    }
  }

  /**
   * A security role (ConnectWise) or security level (Autotask) of the instance, with its settings
   * in the same rows principals carry.
   *
   * @param id the PSA's id of the role / level
   * @param name its name
   * @param admin the role carries the admin flag
   * @param grants its permission rows
   * @param line line in the snapshot file (0 when fetched)
   */
  public record SnapshotRole(
      String id, String name, boolean admin, List<PermissionRow> grants, int line) {
    public SnapshotRole {
      grants = List.copyOf(grants);
    }
  }

  /**
   * One module/function row with the vendor's raw value per verb (null when the verb is absent).
   *
   * @param module module or Autotask section (may be null for Autotask)
   * @param function function or Autotask entity
   * @param add raw add / create value
   * @param edit raw edit / update value
   * @param delete raw delete value
   * @param inquire raw inquire / query value
   * @param line line in the snapshot file (0 when fetched)
   * @param customize the function's ConnectWise Customize list as granted, or null when it was not
   *     observed (a role's list is readable only for the calling member)
   */
  public record PermissionRow(
      String module,
      String function,
      String add,
      String edit,
      String delete,
      String inquire,
      int line,
      CustomizeList customize) {
    /** A row without an observed Customize list. */
    public PermissionRow(
        String module,
        String function,
        String add,
        String edit,
        String delete,
        String inquire,
        int line) {
      this(module, function, add, edit, delete, inquire, line, null);
    }

    /** The same row with its Customize list observed. */
    public PermissionRow withCustomize(CustomizeList list) {
      return new PermissionRow(module, function, add, edit, delete, inquire, line, list);
    }

    /** The raw value of one verb. */
    public String raw(Verb verb) {
      return switch (verb) {
        case ADD -> add;
        case EDIT -> edit;
        case DELETE -> delete;
        case INQUIRE -> inquire;
      };
    }
  }

  /**
   * Where fetched facts came from.
   *
   * @param baseUrl the API root used
   * @param apiVersion the API version spoken
   * @param requestCount number of HTTP requests made
   * @param accessMethod Autotask only: how the API user's access per entity was read (null for
   *     ConnectWise and for snapshots written before it was recorded)
   * @param responses every raw response with its hash
   */
  public record Provenance(
      String baseUrl,
      String apiVersion,
      int requestCount,
      AccessMethod accessMethod,
      List<ResponseRef> responses) {
    public Provenance {
      responses = List.copyOf(responses);
    }
  }

  /**
   * How an Autotask fetch read the calling API user's access per entity: the one {@code GET
   * /V1.0/EntityInformation} call for all entities, {@code GET /V1.0/{Entity}/entityInformation}
   * per entity, or the one call plus per-entity calls for the entities it left out.
   */
  public enum AccessMethod {
    /** Every entity came from the one {@code EntityInformation} call. */
    GLOBAL("global"),
    /** The one call, plus one call per entity it left out. */
    GLOBAL_AND_PER_ENTITY("global+per-entity"),
    /** One call per entity (the zone does not serve the one call: 404 or 405). */
    PER_ENTITY("per-entity");

    private final String external;

    AccessMethod(String external) {
      this.external = external;
    }

    /** The name written in snapshots. */
    public String external() {
      return external;
    }

    /** The method with this external name, or null. */
    public static AccessMethod parse(String external) {
      for (AccessMethod m : values()) {
        if (m.external.equals(external)) {
          return m;
        }
      }
      return null;
    }

    /** Every external name, in declaration order (for messages and schemas). */
    public static List<String> externals() {
      return Arrays.stream(values()).map(AccessMethod::external).toList();
    }
  }

  /**
   * One raw response.
   *
   * @param method HTTP method
   * @param path request path and query
   * @param status HTTP status
   * @param sha256 hash of the body bytes
   */
  public record ResponseRef(String method, String path, int status, String sha256) {}
}
