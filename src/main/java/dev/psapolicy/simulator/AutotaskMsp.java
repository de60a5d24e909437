package dev.psapolicy.simulator;

import static dev.psapolicy.vocabulary.Level.parseAutotask;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data an Autotask simulator serves: security levels (as the effective access per entity that
 * entityInformation reports), resources with their API credentials, and the request threshold of
 * the database.
 *
 * @param integrationCodes the accepted ApiIntegrationCode values
 * @param entities the entities served, with their section (the catalog's Autotask cells)
 * @param levels the security levels
 * @param resources the resources (API users carry a user name and secret)
 * @param threshold the database's hourly request limit
 * @param usedAtStart requests already used in the current window when the simulator starts
 */
public record AutotaskMsp(
    List<String> integrationCodes,
    List<Cell> entities,
    List<Level> levels,
    List<Resource> resources,
    int threshold,
    int usedAtStart) {
  /** The demo integration code (a simulator value, not a real one). */
  public static final String DEMO_INTEGRATION_CODE = "SIMINTEGRATIONCODE0001";

  /** The built-in API-only level, equal to Full Access. */
  public static final String API_USER_SYSTEM = "API User (system)";

  public AutotaskMsp {
    integrationCodes = List.copyOf(integrationCodes);
    entities = List.copyOf(entities);
    levels = List.copyOf(levels);
    resources = List.copyOf(resources);
  }

  /**
   * A security level as the API can observe it.
   *
   * @param id the userType picklist value
   * @param name its label
   * @param system a built-in level
   * @param access entity (lower case) → access; entities not listed have None
   */
  public record Level(long id, String name, boolean system, Map<String, Access> access) {
    public Level {
      access = Map.copyOf(access);
    }

    /** The access to an entity (None everywhere when not listed). */
    public Access on(String entity) {
      return access.getOrDefault(entity.toLowerCase(Locale.ROOT), Access.NONE);
    }
  }

  /**
   * userAccessForCreate/Update/Delete/Query as the strings None, All, Restricted.
   *
   * @param create create
   * @param update update
   * @param delete delete
   * @param query query
   */
  public record Access(String create, String update, String delete, String query) {
    /** No access. */
    public static final Access NONE = new Access("None", "None", "None", "None");
  }

  /**
   * A resource.
   *
   * @param id resource id
   * @param userName login user name
   * @param secret API secret (null for users that are not API users)
   * @param firstName first name
   * @param lastName last name
   * @param levelId its security level (userType)
   * @param licenseType 7 for API users, 3 for professionals, ...
   * @param active isActive
   */
  public record Resource(
      long id,
      String userName,
      String secret,
      String firstName,
      String lastName,
      long levelId,
      int licenseType,
      boolean active) {}

  /** The resource with this user name (case-insensitive), or null. */
  public Resource resource(String userName) {
    if (userName == null) {
      return null;
    }
    for (Resource r : resources) {
      if (r.userName().equalsIgnoreCase(userName)) {
        return r;
      }
    }
    return null;
  }

  /** The level with this id, or null. */
  public Level level(long id) {
    for (Level l : levels) {
      if (l.id() == id) {
        return l;
      }
    }
    return null;
  }

  /** The section of a served entity, or null when the simulator does not serve it. */
  public Cell entity(String name) {
    for (Cell c : entities) {
      if (c.function().equalsIgnoreCase(name)) {
        return c;
      }
    }
    return null;
  }

  /** A copy with another threshold state. */
  public AutotaskMsp withThreshold(int limit, int used) {
    return new AutotaskMsp(integrationCodes, entities, levels, resources, limit, used);
  }

  /** The demo user name of a principal id: what {@link #fromSnapshot} gives it. */
  public static String demoUserName(String principalId) {
    return "api" + principalId + "@ACME.EXAMPLE";
  }

  /** The demo secret of a principal id (a simulator value, not a real one). */
  public static String demoSecret(String principalId) {
    return "SimSecret" + principalId;
  }

  /**
   * The MSP an Autotask snapshot describes: one API-only resource per principal (same id and name;
   * user name {@link #demoUserName}, secret {@link #demoSecret}), one level per distinct role name
   * with the principal's rows as its effective access (the built-in {@value #API_USER_SYSTEM} is
   * level 24), plus a few staff resources on staff levels.
   *
   * @param seed the snapshot
   * @param entities the entities to serve (the catalog's Autotask cells)
   * @param staff how many staff resources to add
   */
  public static AutotaskMsp fromSnapshot(Snapshot seed, List<Cell> entities, int staff) {
    if (seed.platform() != Platform.AUTOTASK) {
      throw new IllegalArgumentException("not an Autotask snapshot");
    }
    Map<String, Level> levels = new LinkedHashMap<>();
    levels.put(
        "Administrator",
        new Level(
            1,
            "System Administrator (system)",
            true,
            allOf(entities, new Access("All", "All", "All", "All"))));
    levels.put(
        "Technician",
        new Level(
            3,
            "Technician",
            false,
            Map.of(
                "tickets", new Access("All", "Restricted", "None", "All"),
                "ticketnotes", new Access("All", "Restricted", "None", "All"),
                "timeentries", new Access("All", "Restricted", "Restricted", "Restricted"),
                "resources", new Access("None", "None", "None", "All"))));
    long nextLevel = 27;
    List<Resource> resources = new ArrayList<>();
    for (SnapshotPrincipal p : seed.principals()) {
      String name = p.role() == null ? "API User " + p.id() : p.role();
      Level level = levels.get(name);
      if (level == null) {
        Map<String, Access> access = new LinkedHashMap<>();
        for (PermissionRow row : p.grants()) {
          access.put(
              row.function().toLowerCase(Locale.ROOT),
              new Access(or(row.add()), or(row.edit()), or(row.delete()), or(row.inquire())));
        }
        long id = API_USER_SYSTEM.equalsIgnoreCase(name) ? 24 : nextLevel++;
        level = new Level(id, name, id == 24, access);
        levels.put(name, level);
      }
      String display = p.name() == null ? "API " + p.id() : p.name();
      int cut = display.lastIndexOf(' ');
      resources.add(
          new Resource(
              Long.parseLong(p.id()),
              demoUserName(p.id()),
              demoSecret(p.id()),
              cut < 0 ? display : display.substring(0, cut),
              cut < 0 ? "" : display.substring(cut + 1),
              level.id(),
              7,
              !p.inactive()));
    }
    String[] names = {
      "Alex Nguyen",
      "Blair Okafor",
      "Casey Patel",
      "Dana Quinn",
      "Eli Rossi",
      "Frankie Schmidt",
      "Gray Tanaka",
      "Harper Ueda"
    };
    for (int i = 0; i < staff; i++) {
      String[] n = names[i % names.length].split(" ");
      resources.add(
          new Resource(
              29682000 + i,
              (n[0].charAt(0) + n[1]).toLowerCase(Locale.ROOT) + "@acme.example",
              null,
              n[0],
              n[1],
              i == 0 ? 1 : 3,
              i == 0 ? 1 : 3,
              true));
    }
    resources.sort((a, b) -> Long.compare(a.id(), b.id()));
    return new AutotaskMsp(
        List.of(DEMO_INTEGRATION_CODE),
        entities,
        new ArrayList<>(levels.values()),
        resources,
        10_000,
        124);
  }

  private static Map<String, Access> allOf(List<Cell> entities, Access a) {
    Map<String, Access> m = new LinkedHashMap<>();
    for (Cell c : entities) {
      m.put(c.function().toLowerCase(Locale.ROOT), a);
    }
    return m;
  }

  /** The REST word for a level in any Autotask vocabulary (Mine, Yes, 2, ...). */
  private static String or(String raw) {
    // the vocabulary's level (this record's own Level is a security level)
    var l = raw == null ? null : parseAutotask(raw);
    if (l == null) {
      return "None";
    }
    return switch (l) {
      case NONE -> "None";
      case MY -> "Restricted";
      case ALL -> "All";
    };
  }
}
