package dev.psapolicy.source.snapshot;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.Provenance;
import dev.psapolicy.facts.Snapshot.ResponseRef;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.facts.Snapshot.SnapshotRole;
import dev.psapolicy.input.Fields;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.vocabulary.CustomizeList;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads snapshot files (JSON or YAML), validating every key and level with its position. */
public final class SnapshotReader {
  private static final Set<String> TOP =
      Set.of(
          "formatVersion",
          "platform",
          "instance",
          "fetchedAt",
          "complete",
          "incomplete",
          "provenance",
          "principals",
          "roles");
  private static final Set<String> PRINCIPAL =
      Set.of(
          "id",
          "name",
          "identifier",
          "email",
          "notes",
          "kind",
          "role",
          "roleId",
          "integrations",
          "flags",
          "grants");
  private static final Set<String> FLAGS = Set.of("admin", "inactive");
  private static final Set<String> ROLE = Set.of("id", "name", "admin", "grants");
  private static final Set<String> ROW =
      Set.of("module", "function", "add", "edit", "delete", "inquire", "customize");
  private static final Set<String> PROVENANCE =
      Set.of("baseUrl", "apiVersion", "requestCount", "accessMethod", "responses");
  private static final Set<String> RESPONSE = Set.of("method", "path", "status", "sha256");
  private static final List<String> KINDS = List.of("api-member", "member", "resource");

  private SnapshotReader() {}

  /** Reads a snapshot file, named in messages by its path. */
  public static Snapshot read(Path file) throws InvalidInputException {
    return read(file, file.toString());
  }

  /** Reads a snapshot file; {@code display} names it in messages (as the user wrote it). */
  public static Snapshot read(Path file, String display) throws InvalidInputException {
    return parse(
        InputFile.file(InputKind.SNAPSHOT, display, StructuredFiles.readBytes(file, display)));
  }

  /**
   * Parses a snapshot: JSON when its path ends with {@code .json}, or when it is not named {@code
   * .yaml}/{@code .yml} and starts with '{'; YAML otherwise.
   */
  public static Snapshot parse(InputFile file) throws InvalidInputException {
    String display = file.location();
    String name = file.path().toLowerCase(Locale.ROOT);
    boolean json =
        name.endsWith(".json")
            || (!name.endsWith(".yaml")
                && !name.endsWith(".yml")
                && StructuredFiles.text(file).stripLeading().startsWith("{"));
    Node root = StructuredFiles.parse(file, json);
    Problems problems = new Problems();
    Fields top = Fields.of(display, root, "a snapshot", TOP, problems);
    if (top == null) {
      problems.throwIfAny();
    }
    int version = top.optInt("formatVersion", -1);
    if (version == -1 && !top.has("formatVersion")) {
      problems.add(display, root, "missing required key 'formatVersion'");
    } else if (version != Snapshot.FORMAT_VERSION && version != -1) {
      problems.add(
          display,
          top.raw("formatVersion"),
          "unsupported formatVersion "
              + version
              + " (this psa-policy reads "
              + Snapshot.FORMAT_VERSION
              + ")");
    }
    Platform platform =
        Platform.parse(top.requireOneOf("platform", List.of("connectwise", "autotask")));
    String instance = top.requireText("instance");
    Instant fetchedAt = null;
    String fetched = top.optText("fetchedAt");
    if (fetched != null) {
      try {
        fetchedAt = Instant.parse(fetched);
      } catch (DateTimeParseException e) {
        problems.add(
            display,
            top.raw("fetchedAt"),
            "'fetchedAt' must be a UTC time like 2026-11-26T10:00:00Z, found '" + fetched + "'");
      }
    }
    boolean complete = top.optBoolean("complete", true);
    List<String> incomplete = top.optTextList("incomplete");
    Provenance provenance = provenance(display, top.raw("provenance"), problems);
    List<SnapshotPrincipal> principals = new ArrayList<>();
    if (!top.has("principals")) {
      problems.add(display, root, "missing required key 'principals'");
    }
    Set<String> ids = new HashSet<>();
    for (Node p : top.optList("principals")) {
      SnapshotPrincipal sp = principal(display, p, platform, problems);
      if (sp != null && !ids.add(sp.id())) {
        problems.add(display, p, "duplicate principal id '" + sp.id() + "'");
      } else if (sp != null) {
        principals.add(sp);
      }
    }
    List<SnapshotRole> roles = new ArrayList<>();
    Set<String> roleIds = new HashSet<>();
    for (Node r : top.optList("roles")) {
      SnapshotRole role = role(display, r, platform, problems);
      if (role != null && !roleIds.add(role.id())) {
        problems.add(display, r, "duplicate role id '" + role.id() + "'");
      } else if (role != null) {
        roles.add(role);
      }
    }
    problems.throwIfAny();
    return new Snapshot(
        Snapshot.FORMAT_VERSION,
        platform,
        instance,
        fetchedAt,
        complete,
        incomplete,
        provenance,
        principals,
        roles,
        file);
  }

  private static SnapshotPrincipal principal(
      String file, Node node, Platform platform, Problems problems) {
    Fields f = Fields.of(file, node, "a principal", PRINCIPAL, problems);
    if (f == null) {
      return null;
    }
    String id = f.requireText("id");
    String name = f.optText("name");
    String identifier = f.optText("identifier");
    String email = f.optText("email");
    String notes = f.optText("notes");
    String kind = f.optOneOf("kind", KINDS);
    String role = f.optText("role");
    String roleId = f.optText("roleId");
    List<String> integrations = f.optTextList("integrations");
    boolean admin = false;
    boolean inactive = false;
    if (f.has("flags")) {
      Fields flags = Fields.of(file, f.raw("flags"), "'flags'", FLAGS, problems);
      if (flags != null) {
        admin = flags.optBoolean("admin", false);
        inactive = flags.optBoolean("inactive", false);
      }
    }
    List<PermissionRow> rows = rows(file, f, platform, problems);
    if (id == null) {
      return null;
    }
    return new SnapshotPrincipal(
        id,
        name,
        kind == null ? "api-member" : kind,
        role,
        admin,
        inactive,
        integrations,
        rows,
        node.line(),
        identifier,
        email,
        notes,
        roleId);
  }

  private static SnapshotRole role(String file, Node node, Platform platform, Problems problems) {
    Fields f = Fields.of(file, node, "a role", ROLE, problems);
    if (f == null) {
      return null;
    }
    String id = f.requireText("id");
    String name = f.requireText("name");
    boolean admin = f.optBoolean("admin", false);
    List<PermissionRow> rows = rows(file, f, platform, problems);
    return id == null || name == null ? null : new SnapshotRole(id, name, admin, rows, node.line());
  }

  /** The {@code grants} rows of a principal or a role. */
  private static List<PermissionRow> rows(
      String file, Fields f, Platform platform, Problems problems) {
    List<PermissionRow> rows = new ArrayList<>();
    for (Node r : f.optList("grants")) {
      Fields rf = Fields.of(file, r, "a grant row", ROW, problems);
      if (rf == null) {
        continue;
      }
      String module =
          platform == Platform.AUTOTASK ? rf.optText("module") : rf.requireText("module");
      String function = rf.requireText("function");
      String[] raw = new String[4];
      String[] keys = {"add", "edit", "delete", "inquire"};
      for (int i = 0; i < 4; i++) {
        Node v = rf.raw(keys[i]);
        if (v == null || v.isNull()) {
          continue;
        }
        if (!v.isScalar() || (platform != null && Level.parse(platform, v.text()) == null)) {
          problems.add(
              file,
              v,
              "'"
                  + keys[i]
                  + "' has level "
                  + (v.isScalar() ? "'" + v.text() + "'" : v.describe())
                  + " outside the lattice"
                  + (platform == Platform.AUTOTASK
                      ? " (None, Restricted, All or 0, 2, 1)"
                      : " (None, My, All)"));
          continue;
        }
        raw[i] = v.text();
      }
      rows.add(
          new PermissionRow(
              module,
              function,
              raw[0],
              raw[1],
              raw[2],
              raw[3],
              r.line(),
              customize(file, rf.raw("customize"), platform, problems)));
    }
    return rows;
  }

  /**
   * A row's {@code customize}: {@code all} (unrestricted) or a list of items; absent when it was
   * not observed. ConnectWise only.
   */
  private static CustomizeList customize(
      String file, Node node, Platform platform, Problems problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (platform == Platform.AUTOTASK) {
      problems.add(file, node, "'customize' is a ConnectWise list; Autotask rows have none");
      return null;
    }
    if (node.isScalar() && "all".equalsIgnoreCase(node.text().strip())) {
      return CustomizeList.ALL;
    }
    if (!node.isList()) {
      problems.add(
          file,
          node,
          "'customize' must be 'all' or a list of items (\"General / Custom Fields\"), found "
              + node.describe());
      return null;
    }
    List<String> items = new ArrayList<>();
    for (Node item : node.items()) {
      if (!item.isScalar() || item.text().isBlank()) {
        problems.add(
            file, item, "a customize item must be a name such as 'Service / Service Board'");
        continue;
      }
      items.add(item.text().strip());
    }
    return CustomizeList.of(items);
  }

  private static Provenance provenance(String file, Node node, Problems problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    Fields f = Fields.of(file, node, "'provenance'", PROVENANCE, problems);
    if (f == null) {
      return null;
    }
    List<ResponseRef> responses = new ArrayList<>();
    for (Node r : f.optList("responses")) {
      Fields rf = Fields.of(file, r, "a response", RESPONSE, problems);
      if (rf != null) {
        responses.add(
            new ResponseRef(
                rf.optText("method"),
                rf.optText("path"),
                rf.optInt("status", 0),
                rf.optText("sha256")));
      }
    }
    String method = f.optOneOf("accessMethod", Snapshot.AccessMethod.externals());
    return new Provenance(
        f.optText("baseUrl"),
        f.optText("apiVersion"),
        f.optInt("requestCount", 0),
        Snapshot.AccessMethod.parse(method),
        responses);
  }
}
