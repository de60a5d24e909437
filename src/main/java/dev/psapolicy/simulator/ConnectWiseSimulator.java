package dev.psapolicy.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ConnectWise PSA (Manage) REST 3.0 server for tests, demos and pipelines, speaking the JSON
 * shapes of the vendor spec (version 2025.8): company-info discovery, {@code /system/info}, API
 * members, members, security roles and role settings, {@code PUT} and {@code PATCH} of an API
 * member's security role and inactive flag (validated, applied, logged with their bodies: {@link
 * #writes()}), with {@code conditions}, navigable and forward-only paging ({@code Link} headers),
 * Basic authentication with the {@code clientId} header, and 406 to any {@code Accept} but the
 * versioned ConnectWise media type.
 */
public final class ConnectWiseSimulator extends SimulatorServer {
  private static final String MEDIA_TYPE = "application/vnd.connectwise.com+json";
  private static final String SPEC_VERSION = "2025.8";
  private static final Pattern VERSION = Pattern.compile("version\\s*=\\s*\"?([0-9.]+)");
  private static final Pattern CONDITION =
      Pattern.compile(
          "\\s*([A-Za-z_][A-Za-z0-9_/]*)\\s*(=|!=)\\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.\\-]+)\\s*");
  private static final Pattern ID = Pattern.compile("\\d{1,18}");

  // replaced as a whole by every accepted write, so a read sees one state or the next
  private volatile ConnectWiseMsp msp;
  private final String apiRoot;

  private ConnectWiseSimulator(ConnectWiseMsp msp, SimulatorOptions options) throws IOException {
    super(options);
    this.msp = msp;
    this.apiRoot = "/" + trimSlashes(msp.codebase()).toLowerCase(Locale.ROOT) + "/apis/3.0";
  }

  /** Starts a simulator serving {@code msp}. */
  public static ConnectWiseSimulator start(ConnectWiseMsp msp, SimulatorOptions options)
      throws IOException {
    return new ConnectWiseSimulator(msp, options);
  }

  /** The data it serves now (after the writes it accepted). */
  public ConnectWiseMsp msp() {
    return msp;
  }

  /**
   * Changes the data it serves, as an admin would in the PSA's UI (tests move a member between a
   * plan and its apply this way).
   */
  public synchronized void update(UnaryOperator<ConnectWiseMsp> change) {
    msp = change.apply(msp);
  }

  /** The site URL for company-info discovery, e.g. {@code http://127.0.0.1:8080}. */
  public String siteUrl() {
    return origin();
  }

  /** The API root the spec's paths are appended to ({@code --base-url}). */
  public String apiRoot() {
    return origin() + "/" + trimSlashes(msp.codebase()) + "/apis/3.0";
  }

  @Override
  protected Response error(int status, String message) {
    String code =
        switch (status) {
          case 400 -> "InvalidObject";
          case 401 -> "Unauthorized";
          case 403 -> "Forbidden";
          case 404 -> "NotFound";
          case 405 -> "MethodNotAllowed";
          case 406 -> "NotAcceptable";
          case 415 -> "UnsupportedMediaType";
          case 429 -> "TooManyRequests";
          default -> "ConnectWiseApi";
        };
    return Response.json(
        status,
        "application/json; charset=utf-8",
        JSON.createObjectNode().put("code", code).put("message", message));
  }

  @Override
  protected Response route(Request r) {
    if (r.path().startsWith("/login/companyinfo/")) {
      return companyInfo(r);
    }
    if (!r.path().equals(apiRoot) && !r.path().startsWith(apiRoot + "/")) {
      return error(404, "Not found");
    }
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (msp.company() + "+" + msp.publicKey() + ":" + msp.privateKey())
                        .getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(r.header("Authorization"))) {
      return error(401, "Unauthorized");
    }
    String clientId = r.header("clientId");
    if (clientId == null || clientId.isBlank()) {
      return error(401, "A clientId header is required; see the ConnectWise developer network");
    }
    String accept = r.header("Accept");
    if (accept == null || !accept.toLowerCase(Locale.ROOT).contains(MEDIA_TYPE)) {
      return error(406, "Accept must be " + MEDIA_TYPE + "; version=...");
    }
    Matcher vm = VERSION.matcher(accept);
    String version = vm.find() ? vm.group(1) : SPEC_VERSION;
    String rest = r.path().substring(apiRoot.length());
    Response resp;
    if (r.method().equals("PUT") || r.method().equals("PATCH")) {
      resp = write(r, rest);
    } else if (!r.method().equals("GET")) {
      return error(405, "The simulator serves GET, and PUT and PATCH of an API member")
          .with("Allow", "GET, PUT, PATCH");
    } else {
      resp = api(r, rest);
    }
    if (resp.status() >= 200 && resp.status() < 300) {
      Map<String, String> h = new LinkedHashMap<>(resp.headers());
      h.put("Content-Type", MEDIA_TYPE + "; version=" + version);
      h.put("api-current-version", SPEC_VERSION);
      return new Response(resp.status(), h, resp.body());
    }
    return resp;
  }

  private Response api(Request r, String rest) {
    String[] s = trimSlashes(rest).split("/");
    if (s.length < 2 || !s[0].equals("system")) {
      return error(404, "Not found");
    }
    switch (s[1]) {
      case "info":
        if (s.length == 2) {
          ObjectNode info =
              JSON.createObjectNode()
                  .put("version", "v" + SPEC_VERSION + ".1")
                  .put("isCloud", false)
                  .put("serverTimeZone", "Eastern Standard Time");
          info.putArray("licenseBits").addObject().put("name", "Service").put("activeFlag", true);
          info.put("cloudRegion", "NA").put("maxWorkFlowRecordsAllowed", 1000);
          return ok(info);
        }
        break;
      case "apimembers":
        return collection(
            r,
            s,
            msp.members().stream()
                .filter(ConnectWiseMsp.Member::api)
                .map(this::apiMember)
                .toList());
      case "members":
        return collection(r, s, msp.members().stream().map(this::member).toList());
      case "mysecurity":
        if (s.length == 2) {
          return page(r, mySecurity());
        }
        if (s.length == 3 && s[2].equals("customizeitems")) {
          return page(r, customizeItems());
        }
        break;
      case "securityroles":
        if (s.length >= 4 && ID.matcher(s[2]).matches() && s[3].equals("settings")) {
          ConnectWiseMsp.Role role = role(Long.parseLong(s[2]));
          if (role == null) {
            return error(404, "SecurityRole " + s[2] + " not found");
          }
          // /system/securityRoles/{id}/settings[/{sid}|/count]: the settings collection
          String[] shifted = new String[s.length - 2];
          shifted[0] = "system";
          shifted[1] = "settings";
          System.arraycopy(s, 4, shifted, 2, s.length - 4);
          return collection(r, shifted, settings(role));
        }
        return collection(r, s, msp.roles().stream().map(this::role).toList());
      default:
        break;
    }
    return error(404, "Not found");
  }

  /**
   * {@code PUT} or {@code PATCH /system/apiMembers/{id}}: validated ({@link ApiMemberWrite}), then
   * applied to the data served, so a later GET sees it.
   */
  private Response write(Request r, String rest) {
    String[] s = trimSlashes(rest).split("/");
    if (s.length != 3
        || !s[0].equals("system")
        || !s[1].equals("apimembers")
        || !ID.matcher(s[2]).matches()) {
      return error(405, r.method() + " is not allowed here").with("Allow", "GET");
    }
    String type = r.header("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return error(415, "The request body must be application/json");
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      return invalid(List.of(new ApiMemberWrite.Problem("body", "the body is not valid JSON")));
    }
    long id = Long.parseLong(s[2]);
    synchronized (this) {
      ConnectWiseMsp.Member m = msp.member(id);
      if (m == null || !m.api()) {
        return error(404, "ApiMember " + id + " not found");
      }
      ApiMemberWrite.Change change;
      try {
        change =
            r.method().equals("PUT")
                ? ApiMemberWrite.put(body, m, msp)
                : ApiMemberWrite.patch(body, msp);
      } catch (ApiMemberWrite.Refused e) {
        return invalid(e.problems());
      }
      ConnectWiseMsp.Member changed = m;
      if (change.roleId() != null) {
        changed = changed.withRoleId(change.roleId());
      }
      if (change.inactive() != null) {
        changed = changed.withInactive(change.inactive());
      }
      msp = msp.withMember(changed);
      return ok(apiMember(changed));
    }
  }

  /** ConnectWise's 400 for an invalid object: code, message and one entry per field. */
  private Response invalid(List<ApiMemberWrite.Problem> problems) {
    ObjectNode n =
        JSON.createObjectNode()
            .put("code", "InvalidObject")
            .put("message", "apiMember object is invalid");
    ArrayNode errors = n.putArray("errors");
    for (ApiMemberWrite.Problem p : problems) {
      errors
          .addObject()
          .put("code", "InvalidField")
          .put("message", p.message())
          .put("resource", "apiMember")
          .put("field", p.field());
    }
    return Response.json(400, "application/json; charset=utf-8", n);
  }

  /** list, {id}, count over one collection: s[1] is the collection, s[2..] the rest. */
  private Response collection(Request r, String[] s, List<ObjectNode> items) {
    if (s.length == 2) {
      return page(r, items);
    }
    if (s.length == 3 && s[2].equals("count")) {
      List<ObjectNode> filtered = filter(items, r.query().get("conditions"));
      if (filtered == null) {
        return error(400, "conditions could not be parsed");
      }
      return ok(JSON.createObjectNode().put("count", filtered.size()));
    }
    if (s.length == 3 && ID.matcher(s[2]).matches()) {
      long id = Long.parseLong(s[2]);
      for (ObjectNode n : items) {
        if (n.path("id").asLong() == id) {
          return ok(n);
        }
      }
      return error(404, "Record " + id + " not found");
    }
    return error(404, "Not found");
  }

  /** One page of a list: navigable (page/pageSize) or forward-only (pageId). */
  private Response page(Request r, List<ObjectNode> all) {
    List<ObjectNode> items = filter(all, r.query().get("conditions"));
    if (items == null) {
      return error(400, "conditions could not be parsed");
    }
    items = new ArrayList<>(items);
    items.sort(Comparator.comparingLong(n -> n.path("id").asLong()));
    int pageSize;
    try {
      pageSize = Integer.parseInt(r.query().getOrDefault("pagesize", "25"));
    } catch (NumberFormatException e) {
      return error(400, "pageSize must be a number");
    }
    if (pageSize < 1) {
      return error(400, "pageSize must be positive");
    }
    pageSize = Math.min(pageSize, options().maxPageSize());
    ArrayNode body = JSON.createArrayNode();
    List<String> links = new ArrayList<>();
    if ("forward-only".equalsIgnoreCase(r.header("pagination-type"))) {
      long after;
      try {
        after = Long.parseLong(r.query().getOrDefault("pageid", "0"));
      } catch (NumberFormatException e) {
        return error(400, "pageId must be a number");
      }
      List<ObjectNode> rest = items.stream().filter(n -> n.path("id").asLong() > after).toList();
      List<ObjectNode> slice = rest.subList(0, Math.min(pageSize, rest.size()));
      slice.forEach(body::add);
      if (rest.size() > slice.size()) {
        long last = slice.get(slice.size() - 1).path("id").asLong();
        links.add("<" + link(r, Map.of("pageid", String.valueOf(last))) + ">; rel=\"next\"");
      }
    } else {
      int page;
      try {
        page = Integer.parseInt(r.query().getOrDefault("page", "1"));
      } catch (NumberFormatException e) {
        return error(400, "page must be a number");
      }
      if (page < 1) {
        return error(400, "page must be positive");
      }
      int lastPage = Math.max(1, (items.size() + pageSize - 1) / pageSize);
      int from = Math.min((page - 1) * pageSize, items.size());
      items.subList(from, Math.min(from + pageSize, items.size())).forEach(body::add);
      if (page > 1) {
        links.add("<" + link(r, Map.of("page", String.valueOf(page - 1))) + ">; rel=\"prev\"");
        links.add("<" + link(r, Map.of("page", "1")) + ">; rel=\"first\"");
      }
      if (page < lastPage) {
        links.add("<" + link(r, Map.of("page", String.valueOf(page + 1))) + ">; rel=\"next\"");
        links.add("<" + link(r, Map.of("page", String.valueOf(lastPage))) + ">; rel=\"last\"");
      }
    }
    Response resp = ok(body);
    return links.isEmpty() ? resp : resp.with("Link", String.join(", ", links));
  }

  /** The request's URL with some query parameters replaced. */
  private static String link(Request r, Map<String, String> replace) {
    Map<String, String> q = new LinkedHashMap<>(r.query());
    q.putAll(replace);
    StringBuilder sb = new StringBuilder(r.origin()).append(r.rawPath()).append('?');
    boolean first = true;
    for (Map.Entry<String, String> e : q.entrySet()) {
      if (!first) {
        sb.append('&');
      }
      first = false;
      String name =
          switch (e.getKey()) {
            case "pagesize" -> "pageSize";
            case "pageid" -> "pageId";
            default -> e.getKey();
          };
      sb.append(encode(name)).append('=').append(encode(e.getValue()));
    }
    return sb.toString();
  }

  /** The items matching {@code conditions}; null when the simulator cannot read them. */
  static List<ObjectNode> filter(List<ObjectNode> items, String conditions) {
    if (conditions == null || conditions.isBlank()) {
      return items;
    }
    List<String[]> terms = new ArrayList<>();
    for (String part : conditions.split("(?i)\\s+and\\s+")) {
      Matcher m = CONDITION.matcher(part);
      if (!m.matches()) {
        return null;
      }
      String v = m.group(3);
      if ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'"))) {
        v = v.substring(1, v.length() - 1);
      }
      terms.add(new String[] {m.group(1), m.group(2), v});
    }
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode n : items) {
      boolean all = true;
      for (String[] t : terms) {
        JsonNode v = n;
        for (String seg : t[0].split("/")) {
          v = v.path(seg);
        }
        boolean eq = !v.isMissingNode() && !v.isNull() && v.asText().equalsIgnoreCase(t[2]);
        all &= t[1].equals("=") == eq;
      }
      if (all) {
        out.add(n);
      }
    }
    return out;
  }

  private Response companyInfo(Request r) {
    String company = r.path().substring("/login/companyinfo/".length());
    if (!company.equalsIgnoreCase(msp.company())) {
      return error(404, "Company not found");
    }
    String host = r.origin().replaceFirst("^https?://", "");
    ObjectNode n =
        JSON.createObjectNode()
            .put("CompanyName", "Acme MSP (simulated)")
            .put("Codebase", msp.codebase())
            .put("VersionCode", "v" + SPEC_VERSION)
            .put("VersionNumber", "v4.6." + SPEC_VERSION)
            .put("CompanyID", msp.company())
            .put("IsCloud", false)
            .put("SiteUrl", host);
    return Response.json(200, "application/json; charset=utf-8", n);
  }

  private ConnectWiseMsp.Role role(long id) {
    for (ConnectWiseMsp.Role role : msp.roles()) {
      if (role.id() == id) {
        return role;
      }
    }
    return null;
  }

  private ObjectNode roleRef(long roleId) {
    ConnectWiseMsp.Role role = role(roleId);
    ObjectNode ref =
        JSON.createObjectNode()
            .put("id", roleId)
            .put("name", role == null ? "Role " + roleId : role.name());
    ref.putObject("_info").put("role_href", "/system/securityroles/" + roleId);
    return ref;
  }

  private ObjectNode apiMember(ConnectWiseMsp.Member m) {
    ObjectNode n =
        JSON.createObjectNode()
            .put("id", m.id())
            .put("identifier", m.identifier())
            .put("name", m.name())
            .put("emailAddress", m.identifier() + "@acme.example")
            .put("inactiveFlag", m.inactive());
    n.putObject("timeZone").put("id", 1).put("name", "Eastern");
    n.set("securityRole", roleRef(m.roleId()));
    n.putObject("structureLevel").put("id", 1).put("name", "Corporate");
    n.putObject("securityLocation").put("id", 2).put("name", "Main");
    n.putObject("defaultLocation").put("id", 2).put("name", "Main");
    n.putArray("excludedServiceBoardIds");
    n.put("blockPriceFlag", false).put("blockCostFlag", false);
    n.putObject("_info").put("lastUpdated", "2026-11-01T09:00:00Z").put("updatedBy", "admin1");
    return n;
  }

  private ObjectNode member(ConnectWiseMsp.Member m) {
    ConnectWiseMsp.Role role = role(m.roleId());
    ObjectNode n =
        JSON.createObjectNode()
            .put("id", m.id())
            .put("identifier", m.identifier())
            .put("disableOnlineFlag", m.api())
            .put("licenseClass", m.licenseClass())
            .put("inactiveFlag", m.inactive())
            .put("firstName", m.firstName())
            .put("lastName", m.lastName())
            .put("hireDate", "2024-01-15T00:00:00Z")
            .put("officeEmail", m.identifier() + "@acme.example")
            .put("defaultEmail", "Office")
            .put("primaryEmail", m.identifier() + "@acme.example")
            .put("defaultPhone", "Office")
            .put("officePhone", "");
    n.set("securityRole", roleRef(m.roleId()));
    n.putObject("type").put("id", m.api() ? 3 : 1).put("name", m.api() ? "API" : "Employee");
    n.putObject("timeZone").put("id", 1).put("name", "Eastern");
    n.put("adminFlag", role != null && role.admin());
    n.putObject("structureLevel").put("id", 1).put("name", "Corporate");
    n.putObject("_info").put("lastUpdated", "2026-11-01T09:00:00Z").put("updatedBy", "admin1");
    return n;
  }

  private ObjectNode role(ConnectWiseMsp.Role r) {
    ObjectNode n =
        JSON.createObjectNode()
            .put("id", r.id())
            .put("name", r.name())
            .put("roleType", "Standard")
            .put("adminFlag", r.admin())
            .put("inactiveFlag", r.inactive());
    n.putObject("_info").put("lastUpdated", "2026-10-15T14:11:09Z").put("updatedBy", "admin1");
    return n;
  }

  /**
   * {@code /system/mySecurity}: the calling member's effective settings, each with its member
   * reference; empty when the key pair belongs to no member of the lists.
   */
  private List<ObjectNode> mySecurity() {
    ConnectWiseMsp.Caller caller = msp.caller();
    if (caller == null) {
      return List.of();
    }
    ConnectWiseMsp.Member member = null;
    for (ConnectWiseMsp.Member m : msp.members()) {
      if (m.id() == caller.memberId()) {
        member = m;
      }
    }
    ConnectWiseMsp.Role role = member == null ? null : role(member.roleId());
    if (role == null) {
      return List.of();
    }
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode n : settings(role)) {
      n.putObject("member")
          .put("id", member.id())
          .put("identifier", member.identifier())
          .put("name", member.name());
      out.add(n);
    }
    return out;
  }

  /** {@code /system/mySecurity/customizeItems}: the calling member's Customize items. */
  private List<ObjectNode> customizeItems() {
    ConnectWiseMsp.Caller caller = msp.caller();
    List<ObjectNode> out = new ArrayList<>();
    if (caller == null) {
      return out;
    }
    int i = 0;
    for (ConnectWiseMsp.CustomizeItem item : caller.items()) {
      out.add(
          JSON.createObjectNode()
              .put("id", ++i)
              .put("customizeIdentifier", item.customizeIdentifier())
              .put("itemIdentifier", item.itemIdentifier()));
    }
    return out;
  }

  private List<ObjectNode> settings(ConnectWiseMsp.Role role) {
    List<ObjectNode> out = new ArrayList<>();
    int i = 0;
    for (ConnectWiseMsp.Setting s : role.settings()) {
      i++;
      ObjectNode n = JSON.createObjectNode().put("id", role.id() * 1000 + i);
      putLevel(n, "addLevel", s.add());
      putLevel(n, "editLevel", s.edit());
      putLevel(n, "deleteLevel", s.delete());
      putLevel(n, "inquireLevel", s.inquire());
      n.put("moduleFunctionName", squash(s.function(), 10))
          .put("moduleFunctionDescription", s.function())
          .put("myAllFlag", true)
          .put("moduleFunctionIdentifier", initials(s.function(), 5))
          .put("reportFlag", false)
          .put("restrictFlag", false)
          .put("customFlag", s.function().toLowerCase(Locale.ROOT).contains("table setup"))
          .put("moduleDescription", s.module())
          .put("moduleIdentifier", squash(s.module(), 20))
          .put("moduleName", s.module())
          .put("sortOrder", i);
      n.putObject("_info").put("lastUpdated", "2026-10-15T14:11:09Z").put("updatedBy", "admin1");
      out.add(n);
    }
    return out;
  }

  private static void putLevel(ObjectNode n, String field, String level) {
    if (level != null) {
      n.put(field, level);
    }
  }

  private static Response ok(JsonNode body) {
    return Response.json(200, MEDIA_TYPE + "; version=" + SPEC_VERSION, body);
  }

  private static String squash(String s, int max) {
    String t = s.replaceAll("[^A-Za-z0-9]", "");
    return t.length() > max ? t.substring(0, max) : t;
  }

  private static String initials(String s, int max) {
    StringBuilder sb = new StringBuilder();
    for (String w : s.split("[^A-Za-z0-9]+")) {
      if (!w.isEmpty() && sb.length() < max) {
        sb.append(Character.toUpperCase(w.charAt(0)));
      }
    }
    return sb.length() == 0 ? "X" : sb.toString();
  }

  private static String trimSlashes(String s) {
    String t = s;
    while (t.startsWith("/")) {
      t = t.substring(1);
    }
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}
