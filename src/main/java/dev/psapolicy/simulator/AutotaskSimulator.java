package dev.psapolicy.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psapolicy.vocabulary.Cell;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An Autotask PSA REST v1.0 server for tests, demos and pipelines, speaking the JSON shapes of the
 * vendor's Swagger document: zone lookup, version and threshold information, the Resources query
 * (POST body and GET {@code search}, paged by {@code nextPageUrl}), the Resources field picklists,
 * and {@code entityInformation}, for all entities at once ({@code GET /V1.0/EntityInformation}) and
 * per entity, reporting the <em>calling</em> API user's effective access. A fault on {@code
 * /V1.0/EntityInformation$} (say 404) stands for a zone without the one call; {@link
 * SimulatorOptions#omitting} for one whose answer leaves entities out.
 *
 * <p>Authentication mimics Autotask: an unknown user name or integration code answers 500, a wrong
 * secret 401. Every authenticated request counts against the database's hourly threshold; more than
 * three concurrent requests per endpoint answer 429 (the thread limit). Fields the spec declares
 * without nullability are omitted rather than sent as null.
 */
public final class AutotaskSimulator extends SimulatorServer {
  private static final String ROOT = "/atservicesrest";
  private static final String V1 = ROOT + "/v1.0/";
  private static final String[] LICENSES = {
    "Administrator",
    "Executive",
    "Professional",
    "Team Member",
    "Time & Attendance Only",
    "Dashboard User",
    "API User",
    "Contractor",
    "Co-Managed Help Desk"
  };

  private final AutotaskMsp msp;
  private final AtomicInteger used;

  private AutotaskSimulator(AutotaskMsp msp, SimulatorOptions options) throws IOException {
    super(options);
    this.msp = msp;
    this.used = new AtomicInteger(msp.usedAtStart());
  }

  /** Starts a simulator serving {@code msp}. */
  public static AutotaskSimulator start(AutotaskMsp msp, SimulatorOptions options)
      throws IOException {
    return new AutotaskSimulator(msp, options);
  }

  /** The data it serves. */
  public AutotaskMsp msp() {
    return msp;
  }

  /** The API root the spec's paths are appended to ({@code --base-url}). */
  public String apiRoot() {
    return origin() + "/ATServicesRest";
  }

  /** Requests counted against the threshold so far (including {@code usedAtStart}). */
  public int thresholdUsed() {
    return used.get();
  }

  @Override
  protected int threadLimit() {
    return 3;
  }

  @Override
  protected String endpoint(Request r) {
    String p = r.path();
    String code = r.header("ApiIntegrationCode");
    if (p.startsWith(V1)) {
      String rest = p.substring(V1.length());
      int slash = rest.indexOf('/');
      return code + ":" + (slash < 0 ? rest : rest.substring(0, slash));
    }
    return code + ":" + p;
  }

  @Override
  protected Response threadLimitExceeded(Request r) {
    return error(429, "Thread limit exceeded: at most 3 concurrent requests per endpoint");
  }

  @Override
  protected Response error(int status, String message) {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("errors").add(message);
    return Response.json(status, "application/json; charset=utf-8", n);
  }

  @Override
  protected Response route(Request r) {
    String p = r.path();
    if (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.equals(V1 + "zoneinformation")) {
      return zone(r);
    }
    if (!p.equals(ROOT + "/versioninformation") && !p.startsWith(V1)) {
      return error(404, "The requested resource does not exist.");
    }
    AutotaskMsp.Resource caller = msp.resource(r.header("UserName"));
    if (caller == null || caller.secret() == null) {
      return error(500, "Unable to authenticate: unknown user name.");
    }
    String code = r.header("ApiIntegrationCode");
    if (code == null || !msp.integrationCodes().contains(code)) {
      return error(500, "Unable to authenticate: invalid integration code.");
    }
    if (!caller.secret().equals(r.header("Secret"))) {
      return error(401, "Unauthorized: the user name or secret is not valid.");
    }
    used.incrementAndGet();
    AutotaskMsp.Level level = msp.level(caller.levelId());
    if (p.equals(ROOT + "/versioninformation")) {
      ObjectNode n = JSON.createObjectNode();
      n.putArray("apiVersions").add("1.0");
      return ok(n);
    }
    String rest = p.substring(V1.length());
    boolean get = r.method().equals("GET");
    boolean post = r.method().equals("POST");
    switch (rest) {
      case "version":
        return get
            ? ok(
                JSON.createObjectNode()
                    .put("majorVersion", "2025")
                    .put("minorVersion", "3")
                    .put("build", "simulated"))
            : notAllowed();
      case "thresholdinformation":
        return get
            ? ok(
                JSON.createObjectNode()
                    .put("externalRequestThreshold", msp.threshold())
                    .put("requestThresholdTimeframe", 60)
                    .put("currentTimeframeRequestCount", used.get()))
            : notAllowed();
      case "entityinformation":
        {
          if (!get) {
            return notAllowed();
          }
          // GlobalEntityInformationResultModel: the same info per entity as the entity's own
          // route, for the same caller; options can leave entities out (an older zone's gaps).
          ObjectNode n = JSON.createObjectNode();
          ArrayNode all = n.putArray("entityDescriptions");
          if (!options().omits("Resources")) {
            all.add(info("Resources", level));
          }
          for (Cell c : msp.entities()) {
            if (!c.function().equalsIgnoreCase("Resources") && !options().omits(c.function())) {
              all.add(info(c.function(), level));
            }
          }
          return ok(n);
        }
      case "resources/query":
      case "resources/query/count":
        if (!get && !post) {
          return notAllowed();
        }
        return resources(r, level, rest.endsWith("/count"));
      case "resources/entityinformation/fields":
        return get ? ok(fields()) : notAllowed();
      default:
        break;
    }
    String[] seg = rest.split("/");
    if (seg.length == 2 && seg[0].equals("resources") && seg[1].matches("\\d{1,18}")) {
      if (!get) {
        return notAllowed();
      }
      long id = Long.parseLong(seg[1]);
      for (AutotaskMsp.Resource res : msp.resources()) {
        if (res.id() == id && canQueryResources(level)) {
          ObjectNode n = JSON.createObjectNode();
          n.set("item", resource(res));
          return ok(n);
        }
      }
      return ok(JSON.createObjectNode());
    }
    if (seg.length == 2 && seg[1].equals("entityinformation")) {
      if (!get) {
        return notAllowed();
      }
      Cell cell = msp.entity(seg[0]);
      String name =
          cell != null ? cell.function() : seg[0].equals("resources") ? "Resources" : null;
      if (name == null) {
        return error(404, "The entity '" + seg[0] + "' does not exist.");
      }
      return ok(info(name, level));
    }
    return error(404, "The requested resource does not exist.");
  }

  private Response zone(Request r) {
    String user = r.query().get("user");
    if (user == null || msp.resource(user) == null) {
      return error(404, "Zone information could not be determined for the user.");
    }
    return ok(
        JSON.createObjectNode()
            .put("zoneName", "Simulator")
            .put("url", r.origin() + "/ATServicesRest/")
            .put("webUrl", r.origin() + "/")
            .put("ci", 1));
  }

  private ObjectNode info(String entity, AutotaskMsp.Level level) {
    AutotaskMsp.Access a = level == null ? AutotaskMsp.Access.NONE : level.on(entity);
    boolean resources = entity.equalsIgnoreCase("Resources");
    ObjectNode i =
        JSON.createObjectNode()
            .put("name", singular(entity))
            .put("canCreate", !resources)
            .put("canDelete", !resources)
            .put("canQuery", true)
            .put("canUpdate", true);
    access(i, "userAccessForCreate", a.create());
    access(i, "userAccessForDelete", a.delete());
    access(i, "userAccessForQuery", a.query());
    access(i, "userAccessForUpdate", a.update());
    i.put("hasUserDefinedFields", false).put("supportsWebhookCallouts", false);
    ObjectNode n = JSON.createObjectNode();
    n.set("info", i);
    return n;
  }

  private void access(ObjectNode n, String field, String word) {
    if (!options().numericAccess()) {
      n.put(field, word);
      return;
    }
    switch (word.toLowerCase(Locale.ROOT)) {
      case "all" -> n.put(field, 1);
      case "restricted" -> n.put(field, 2);
      case "none" -> n.put(field, 0);
      default -> n.put(field, word);
    }
  }

  private static boolean canQueryResources(AutotaskMsp.Level level) {
    return level != null && !level.on("Resources").query().equalsIgnoreCase("None");
  }

  private Response resources(Request r, AutotaskMsp.Level level, boolean count) {
    JsonNode query;
    try {
      if (r.method().equals("POST")) {
        query = JSON.readTree(r.body());
      } else {
        String search = r.query().get("search");
        if (search == null) {
          return error(400, "The search parameter is required.");
        }
        query = JSON.readTree(search);
      }
    } catch (IOException e) {
      return error(400, "The query is not valid JSON.");
    }
    if (query == null || !query.isObject()) {
      return error(400, "The query must be an object.");
    }
    JsonNode filter = field(query, "filter");
    int max = field(query, "maxRecords").isInt() ? field(query, "maxRecords").asInt() : 500;
    if (max < 1 || max > 500) {
      return error(400, "MaxRecords must be between 1 and 500.");
    }
    List<AutotaskMsp.Resource> matches = new ArrayList<>();
    if (canQueryResources(level)) {
      for (AutotaskMsp.Resource res : msp.resources()) {
        ObjectNode n = resource(res);
        Boolean ok = all(filter, n);
        if (ok == null) {
          return error(400, "The filter is not valid.");
        }
        if (ok) {
          matches.add(res);
        }
      }
    }
    if (count) {
      return ok(JSON.createObjectNode().put("queryCount", matches.size()));
    }
    matches.sort(Comparator.comparingLong(AutotaskMsp.Resource::id));
    ObjectNode body = JSON.createObjectNode();
    ArrayNode items = body.putArray("items");
    List<AutotaskMsp.Resource> page = matches.subList(0, Math.min(max, matches.size()));
    page.forEach(res -> items.add(resource(res)));
    ObjectNode details =
        body.putObject("pageDetails").put("count", page.size()).put("requestCount", max);
    if (matches.size() > page.size()) {
      ObjectNode next = JSON.createObjectNode().put("maxRecords", max);
      next.putArray("includeFields");
      ArrayNode nf = next.putArray("filter");
      if (filter.isArray()) {
        filter.forEach(nf::add);
      }
      nf.addObject()
          .put("op", "gt")
          .put("field", "id")
          .put("value", page.get(page.size() - 1).id());
      details.put(
          "nextPageUrl",
          r.origin() + "/ATServicesRest/V1.0/Resources/query?search=" + encode(next.toString()));
    }
    return ok(body);
  }

  /** A top-level filter array: every item must match (null when unreadable). */
  private static Boolean all(JsonNode filter, ObjectNode item) {
    if (filter == null || filter.isMissingNode() || filter.isNull()) {
      return true;
    }
    if (!filter.isArray()) {
      return null;
    }
    for (JsonNode f : filter) {
      Boolean b = matches(f, item);
      if (b == null || !b) {
        return b;
      }
    }
    return true;
  }

  private static Boolean matches(JsonNode f, ObjectNode item) {
    String op = field(f, "op").asText("").toLowerCase(Locale.ROOT);
    if (op.equals("and") || op.equals("or")) {
      boolean and = op.equals("and");
      boolean acc = and;
      for (JsonNode sub : field(f, "items")) {
        Boolean b = matches(sub, item);
        if (b == null) {
          return null;
        }
        acc = and ? acc && b : acc || b;
      }
      return acc;
    }
    String name = field(f, "field").asText("");
    JsonNode actual = field(item, name);
    JsonNode want = field(f, "value");
    switch (op) {
      case "exist":
        return !actual.isMissingNode() && !actual.isNull();
      case "notexist":
        return actual.isMissingNode() || actual.isNull();
      default:
        break;
    }
    if (actual.isMissingNode()) {
      return op.equals("noteq") || op.equals("notin");
    }
    int cmp = compare(actual, want);
    String a = actual.asText().toLowerCase(Locale.ROOT);
    String w = want.asText().toLowerCase(Locale.ROOT);
    return switch (op) {
      case "eq" -> cmp == 0;
      case "noteq" -> cmp != 0;
      case "gt" -> cmp > 0;
      case "gte" -> cmp >= 0;
      case "lt" -> cmp < 0;
      case "lte" -> cmp <= 0;
      case "beginswith" -> a.startsWith(w);
      case "endswith" -> a.endsWith(w);
      case "contains" -> a.contains(w);
      case "in", "notin" -> {
        boolean in = false;
        for (JsonNode v : want) {
          in |= compare(actual, v) == 0;
        }
        yield op.equals("in") == in;
      }
      default -> null;
    };
  }

  private static int compare(JsonNode a, JsonNode b) {
    if (a.isNumber() && (b.isNumber() || b.asText().matches("-?\\d+(\\.\\d+)?"))) {
      return Double.compare(
          a.asDouble(), b.isNumber() ? b.asDouble() : Double.parseDouble(b.asText()));
    }
    return a.asText().compareToIgnoreCase(b.asText());
  }

  /** A property by name, ignoring case (Autotask's JSON binding is case-insensitive). */
  private static JsonNode field(JsonNode n, String name) {
    if (n == null || !n.isObject()) {
      return MissingNode.getInstance();
    }
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return MissingNode.getInstance();
  }

  private static ObjectNode resource(AutotaskMsp.Resource r) {
    String initials =
        (r.firstName().isEmpty() ? "" : r.firstName().substring(0, 1))
            + (r.lastName().isEmpty() ? "" : r.lastName().substring(0, 1));
    return JSON.createObjectNode()
        .put("id", r.id())
        .put("dateFormat", "MM/dd/yyyy")
        .put("email", r.userName().toLowerCase(Locale.ROOT))
        .put("emailTypeCode", "PRIMARY")
        .put("firstName", r.firstName())
        .put("hireDate", "2025-01-10T00:00:00Z")
        .put("homePhone", "")
        .put("initials", initials)
        .put("internalCost", 0.0)
        .put("isActive", r.active())
        .put("lastName", r.lastName())
        .put("licenseType", r.licenseType())
        .put("locationID", 90688)
        .put("middleName", "")
        .put("mobilePhone", "")
        .put("numberFormat", "X,XXX.XX")
        .put("officeExtension", "")
        .put("officePhone", "")
        .put("payrollType", 1)
        .put("resourceType", "Employee")
        .put("timeFormat", "hh:mm a")
        .put("title", "")
        .put("travelAvailabilityPct", "0%")
        .put("userName", r.userName())
        .put("userType", r.levelId());
  }

  private ObjectNode fields() {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode fields = n.putArray("fields");
    fields.add(plainField("id", "long", true));
    fields.add(plainField("userName", "string", false));
    fields.add(plainField("firstName", "string", false));
    fields.add(plainField("lastName", "string", false));
    fields.add(plainField("isActive", "boolean", false));
    ObjectNode license = plainField("licenseType", "integer", true).put("isPickList", true);
    ArrayNode lv = license.putArray("picklistValues");
    for (int i = 0; i < LICENSES.length; i++) {
      lv.add(pick(String.valueOf(i + 1), LICENSES[i], i, true));
    }
    fields.add(license);
    ObjectNode userType = plainField("userType", "integer", true).put("isPickList", true);
    ArrayNode uv = userType.putArray("picklistValues");
    int order = 0;
    for (AutotaskMsp.Level l : msp.levels()) {
      uv.add(pick(String.valueOf(l.id()), l.name(), order++, l.system()));
    }
    fields.add(userType);
    return n;
  }

  private static ObjectNode plainField(String name, String type, boolean readOnly) {
    ObjectNode f =
        JSON.createObjectNode()
            .put("name", name)
            .put("dataType", type)
            .put("length", type.equals("string") ? 50 : 0)
            .put("isRequired", name.equals("id"))
            .put("isReadOnly", readOnly)
            .put("isQueryable", true)
            .put("isReference", false)
            .put("referenceEntityType", "")
            .put("isPickList", false);
    f.putArray("picklistValues");
    f.put("picklistParentValueField", "");
    return f;
  }

  private static ObjectNode pick(String value, String label, int order, boolean system) {
    return JSON.createObjectNode()
        .put("value", value)
        .put("label", label)
        .put("isDefaultValue", false)
        .put("sortOrder", order)
        .put("parentValue", "")
        .put("isActive", true)
        .put("isSystem", system);
  }

  private static String singular(String entity) {
    if (entity.endsWith("ies")) {
      return entity.substring(0, entity.length() - 3) + "y";
    }
    if (entity.endsWith("s")) {
      return entity.substring(0, entity.length() - 1);
    }
    return entity;
  }

  private Response notAllowed() {
    return error(405, "The requested method is not allowed.");
  }

  private static Response ok(JsonNode body) {
    return Response.json(200, "application/json; charset=utf-8", body);
  }
}
