package dev.psapolicy.source.connectwise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.facts.Snapshot.SnapshotRole;
import dev.psapolicy.source.connectwise.CwModels.CwMember;
import dev.psapolicy.source.connectwise.CwModels.CwRole;
import dev.psapolicy.source.connectwise.CwModels.CwSetting;
import dev.psapolicy.source.http.ApiResponse;
import dev.psapolicy.source.http.FetchException;
import dev.psapolicy.source.http.FetchResult;
import dev.psapolicy.source.http.Fetcher;
import dev.psapolicy.source.http.HttpFailure;
import dev.psapolicy.source.http.HttpSettings;
import dev.psapolicy.source.http.Pages;
import dev.psapolicy.source.http.Progress;
import dev.psapolicy.source.http.Provenances;
import dev.psapolicy.source.http.PsaHttpClient;
import dev.psapolicy.source.http.Redactor;
import dev.psapolicy.source.http.Shape;
import dev.psapolicy.source.http.Transport;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.CustomizeList;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the permissions of every API member of one ConnectWise PSA (REST 3.0): the API members (and
 * members whose licence class is API), the security roles, and each role's settings, each role
 * fetched once however many members share it. By default every role's settings are read and kept in
 * the snapshot's {@code roles} (a plan looks there for an existing compliant role); with {@link
 * ConnectWiseOptions#allRoles()} false only the roles API members hold.
 *
 * <p>A failed or denied member or role list stops the fetch ({@link FetchException}); a role whose
 * settings cannot be read, or a value outside the spec, makes the snapshot {@code complete: false}
 * with the reason (fail closed: check then never passes).
 */
public final class ConnectWiseFetcher implements Fetcher {
  private static final String MEMBER_HINT =
      " (psa-policy's API member needs Inquire on System / Member Maintenance)";
  private static final String ROLE_HINT =
      " (psa-policy's API member needs Inquire on System / Security)";

  private final ConnectWiseCredentials credentials;
  private final ConnectWiseOptions options;
  private final HttpSettings settings;
  private final Clock clock;
  private final PsaHttpClient.Listener listener;
  private final Progress progress;

  /**
   * A fetcher.
   *
   * @param credentials the API member's keys
   * @param options where and how to fetch
   * @param settings timeouts, retries, TLS trust
   * @param clock the fetch time
   * @param listener told about every response
   * @param progress told how far the fetch is
   */
  public ConnectWiseFetcher(
      ConnectWiseCredentials credentials,
      ConnectWiseOptions options,
      HttpSettings settings,
      Clock clock,
      PsaHttpClient.Listener listener,
      Progress progress) {
    this.credentials = credentials;
    this.options = options;
    this.settings = settings;
    this.clock = clock;
    this.listener = listener;
    this.progress = progress;
  }

  /** Fetches the snapshot. */
  @Override
  public FetchResult fetch() throws FetchException {
    List<PsaHttpClient> clients = new ArrayList<>();
    Redactor redactor = credentials.redactor();
    URI root = options.apiRoot();
    if (root == null) {
      PsaHttpClient site =
          new PsaHttpClient(
              options.site(), Map.of("Accept", "application/json"), redactor, settings, listener);
      clients.add(site);
      root = discover(site);
    }
    PsaHttpClient http =
        new PsaHttpClient(
            root,
            Map.of(
                "Authorization", credentials.authorization(),
                "clientId", credentials.clientId(),
                "Accept", options.accept()),
            redactor,
            settings,
            listener);
    clients.add(http);
    List<String> incomplete = new ArrayList<>();

    String serverVersion;
    try {
      serverVersion = http.get("/system/info", Map.of()).json().path("version").asText(null);
    } catch (HttpFailure f) {
      if (f.kind() == HttpFailure.Kind.UNAUTHORIZED) {
        throw new FetchException(
            FetchException.Kind.CREDENTIALS,
            "ConnectWise rejected the credentials: "
                + f.getMessage()
                + " (check CW_COMPANY, CW_PUBLIC_KEY, CW_PRIVATE_KEY and CW_CLIENT_ID)");
      }
      throw new FetchException(FetchException.Kind.INCOMPLETE, f.getMessage());
    }

    Map<Long, CwMember> members = new TreeMap<>();
    try {
      int i = 0;
      for (JsonNode n :
          Pages.linked(http, "/system/apiMembers", options.pageSize(), options.forwardOnly())) {
        CwMember m = CwMember.fromApiMember(n, "GET /system/apiMembers: item " + (++i));
        members.put(m.id(), m);
      }
      i = 0;
      String apiLicence =
          "/system/members?" + PsaHttpClient.param("conditions", "licenseClass=\"A\"");
      for (JsonNode n : Pages.linked(http, apiLicence, options.pageSize(), options.forwardOnly())) {
        CwMember m = CwMember.fromMember(n, "GET /system/members: item " + (++i));
        // The condition is sent, but a server that ignores it must not turn technicians into
        // API users: filter again here.
        if ("A".equals(m.licenseClass())) {
          members.merge(m.id(), m, ConnectWiseFetcher::mergeMember);
        }
      }
    } catch (HttpFailure f) {
      throw new FetchException(
          FetchException.Kind.INCOMPLETE, f.getMessage() + (f.denied() ? MEMBER_HINT : ""));
    } catch (Shape.Mismatch e) {
      throw new FetchException(FetchException.Kind.INCOMPLETE, e.getMessage());
    }

    Map<Long, CwRole> roles = new TreeMap<>();
    try {
      int i = 0;
      for (JsonNode n :
          Pages.linked(http, "/system/securityroles", options.pageSize(), options.forwardOnly())) {
        CwRole r = CwRole.from(n, "GET /system/securityroles: item " + (++i));
        roles.put(r.id(), r);
      }
    } catch (HttpFailure f) {
      throw new FetchException(
          FetchException.Kind.INCOMPLETE, f.getMessage() + (f.denied() ? ROLE_HINT : ""));
    } catch (Shape.Mismatch e) {
      throw new FetchException(FetchException.Kind.INCOMPLETE, e.getMessage());
    }

    TreeSet<Long> roleIds = new TreeSet<>();
    for (CwMember m : members.values()) {
      if (m.roleId() == null) {
        incomplete.add("API member " + m.name() + " (" + m.id() + ") has no security role");
      } else {
        roleIds.add(m.roleId());
      }
    }
    if (options.allRoles()) {
      // a plan looks among every role for one that already satisfies an integration
      roleIds.addAll(roles.keySet());
    }
    Map<Long, List<PermissionRow>> settingsByRole = new TreeMap<>();
    int done = 0;
    progress.update("roles", 0, roleIds.size(), http.requestCount());
    for (long roleId : roleIds) {
      String path = "/system/securityRoles/" + roleId + "/settings";
      try {
        settingsByRole.put(roleId, rows(http, path, incomplete));
      } catch (HttpFailure f) {
        incomplete.add(f.getMessage() + (f.denied() ? ROLE_HINT : ""));
      } catch (Shape.Mismatch e) {
        incomplete.add(e.getMessage());
      }
      progress.update("roles", ++done, roleIds.size(), http.requestCount());
    }

    Caller caller = caller(http, members);

    List<SnapshotPrincipal> principals = new ArrayList<>();
    for (CwMember m : members.values()) {
      CwRole role = m.roleId() == null ? null : roles.get(m.roleId());
      String roleName = role != null && role.name() != null ? role.name() : m.roleName();
      List<PermissionRow> rows =
          m.roleId() == null ? List.of() : settingsByRole.getOrDefault(m.roleId(), List.of());
      if (caller != null && caller.memberId() == m.id()) {
        rows = withCustomize(rows, caller.items());
      }
      principals.add(
          new SnapshotPrincipal(
              String.valueOf(m.id()),
              m.name(),
              "api-member",
              roleName,
              (role != null && role.admin()) || m.admin(),
              m.inactive(),
              List.of(),
              rows,
              0,
              m.identifier(),
              m.email(),
              m.notes(),
              m.roleId() == null ? null : String.valueOf(m.roleId())));
    }
    List<SnapshotRole> snapshotRoles = new ArrayList<>();
    for (long roleId : roleIds) {
      CwRole role = roles.get(roleId);
      List<PermissionRow> rows = settingsByRole.get(roleId);
      // a role missing from the list, or whose settings could not be read (already a reason
      // above), is not offered: a plan must never pick a role it only half knows
      if (role != null && rows != null) {
        snapshotRoles.add(
            new SnapshotRole(
                String.valueOf(roleId),
                role.name() == null ? "Role " + roleId : role.name(),
                role.admin(),
                rows,
                0));
      }
    }
    String instance = options.instance() != null ? options.instance() : credentials.company();
    String apiVersion =
        "3.0; version="
            + options.apiVersion()
            + (serverVersion == null ? "" : " (server " + serverVersion + ")");
    Snapshot snapshot =
        new Snapshot(
            Snapshot.FORMAT_VERSION,
            Platform.CONNECTWISE,
            instance,
            clock.instant().truncatedTo(ChronoUnit.SECONDS),
            incomplete.isEmpty(),
            incomplete,
            Provenances.of(http.root().toString(), apiVersion, clients),
            principals,
            snapshotRoles,
            null);
    return new FetchResult(snapshot, Provenances.responses(clients));
  }

  /**
   * The calling member and its Customize items, by customize identifier.
   *
   * @param memberId the member the credentials belong to
   * @param items the items of each list that has any
   */
  private record Caller(long memberId, Map<String, List<String>> items) {}

  /**
   * Who the credentials belong to ({@code GET /system/mySecurity}, its rows' {@code member}) and,
   * when that member is one of the API members fetched, its Customize items ({@code GET
   * /system/mySecurity/customizeItems}). ConnectWise shows these lists to the calling member only,
   * so every other member's lists stay unobserved, as they do when either call fails: the lists are
   * an addition to the role settings, and the rules report an unobserved list as such (never as
   * checked). Null when nothing was observed.
   */
  private Caller caller(PsaHttpClient http, Map<Long, CwMember> members) {
    if (options.customizeIds().isEmpty()) {
      return null;
    }
    try {
      JsonNode first =
          http.get("/system/mySecurity?" + PsaHttpClient.param("pageSize", "1"), Map.of())
              .json()
              .path(0);
      JsonNode id = first.path("member").path("id");
      if (!id.canConvertToLong() || !members.containsKey(id.asLong())) {
        return null;
      }
      Map<String, List<String>> items = new LinkedHashMap<>();
      for (JsonNode n :
          Pages.linked(
              http,
              "/system/mySecurity/customizeItems",
              options.pageSize(),
              options.forwardOnly())) {
        String list = n.path("customizeIdentifier").asText(null);
        String item = n.path("itemIdentifier").asText(null);
        if (list != null && item != null && !item.isBlank()) {
          items.computeIfAbsent(list, k -> new ArrayList<>()).add(item.strip());
        }
      }
      return new Caller(id.asLong(), items);
    } catch (HttpFailure e) {
      return null;
    }
  }

  /**
   * The rows with the Customize list of each function the caller's items name. A function whose
   * list has no items stays unobserved: the API does not say whether that is an empty list or an
   * unrestricted one.
   */
  private List<PermissionRow> withCustomize(
      List<PermissionRow> rows, Map<String, List<String>> items) {
    List<PermissionRow> out = new ArrayList<>();
    for (PermissionRow row : rows) {
      String list = null;
      for (Map.Entry<Cell, String> e : options.customizeIds().entrySet()) {
        if (e.getKey().module().equalsIgnoreCase(row.module().strip())
            && e.getKey().function().equalsIgnoreCase(row.function().strip())) {
          list = e.getValue();
        }
      }
      List<String> granted = list == null ? null : items.get(list);
      out.add(granted == null ? row : row.withCustomize(CustomizeList.of(granted)));
    }
    return out;
  }

  private List<PermissionRow> rows(PsaHttpClient http, String path, List<String> incomplete)
      throws HttpFailure, Shape.Mismatch {
    List<PermissionRow> rows = new ArrayList<>();
    int i = 0;
    for (JsonNode n : Pages.linked(http, path, options.pageSize(), options.forwardOnly())) {
      String where = "GET " + path + ": item " + (++i);
      CwSetting s = CwSetting.from(n, where);
      if (s.module() == null
          || s.module().isBlank()
          || s.function() == null
          || s.function().isBlank()) {
        incomplete.add(
            where + " (id " + s.id() + ") has no moduleName or" + " moduleFunctionDescription");
        continue;
      }
      String cell = s.module() + " / " + s.function();
      rows.add(
          new PermissionRow(
              s.module(),
              s.function(),
              level(s.add(), "addLevel", where, cell, incomplete),
              level(s.edit(), "editLevel", where, cell, incomplete),
              level(s.delete(), "deleteLevel", where, cell, incomplete),
              level(s.inquire(), "inquireLevel", where, cell, incomplete),
              0));
    }
    return rows;
  }

  /** The raw level when it is one of the spec's enum values; otherwise a reason, and null. */
  private static String level(
      String raw, String field, String where, String cell, List<String> incomplete) {
    if (raw == null) {
      return null;
    }
    if (Level.parseConnectWise(raw) == null) {
      incomplete.add(where + " (" + cell + "): " + field + " '" + raw + "' is not None, My or All");
      return null;
    }
    return raw;
  }

  private static CwMember mergeMember(CwMember fromApi, CwMember fromMembers) {
    return new CwMember(
        fromApi.id(),
        fromApi.identifier(),
        fromApi.name() != null ? fromApi.name() : fromMembers.name(),
        fromApi.roleId() != null ? fromApi.roleId() : fromMembers.roleId(),
        fromApi.roleName() != null ? fromApi.roleName() : fromMembers.roleName(),
        fromApi.admin() || fromMembers.admin(),
        fromApi.inactive() || fromMembers.inactive(),
        "A",
        fromApi.email() != null ? fromApi.email() : fromMembers.email(),
        fromApi.notes() != null ? fromApi.notes() : fromMembers.notes());
  }

  /** Company-info discovery: {@code GET {site}/login/companyinfo/{company}} gives the codebase. */
  private URI discover(PsaHttpClient site) throws FetchException {
    String path =
        "/login/companyinfo/" + PsaHttpClient.param("x", credentials.company()).substring(2);
    try {
      ApiResponse r = site.get(path, Map.of());
      JsonNode body = r.json();
      String codebase = body.path("Codebase").asText("");
      if (!codebase.matches("[A-Za-z0-9_.\\-]+/?")) {
        throw new FetchException(
            FetchException.Kind.INCOMPLETE,
            r.request()
                + " -> "
                + r.status()
                + ": no usable Codebase for company '"
                + credentials.company()
                + "' (is CW_COMPANY right?)");
      }
      String base = options.site().toString();
      base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      String cb = codebase.endsWith("/") ? codebase : codebase + "/";
      return Transport.checked(base + "/" + cb + "apis/3.0");
    } catch (HttpFailure f) {
      throw new FetchException(
          FetchException.Kind.INCOMPLETE, "codebase discovery failed: " + f.getMessage());
    } catch (IllegalArgumentException e) {
      throw new FetchException(
          FetchException.Kind.INCOMPLETE, "codebase discovery failed: " + e.getMessage());
    }
  }
}
