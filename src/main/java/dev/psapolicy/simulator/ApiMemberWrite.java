package dev.psapolicy.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ConnectWise simulator's writes to an API member: {@code PUT /system/apiMembers/{id}} (body
 * {@code ApiMember}) and {@code PATCH /system/apiMembers/{id}} (body an array of {@code
 * PatchOperation {op, path, value}}), as the vendor spec subset (2025.8) defines them. The main
 * classpath has no JSON Schema validator, so the body is checked here against the spec's {@code
 * ApiMember} properties (names, JSON types, the documented maximum lengths, {@code identifier}
 * required, {@code name} "Required On Updates"), strictly: a field the schema does not list is
 * refused, as the simulator's response validation refuses one. Of what a body may say, the
 * simulator changes the security role ({@code securityRole}, a {@code SecurityRoleReference} whose
 * {@code id} must name an active role) and {@code inactiveFlag}; {@code id}, {@code identifier} and
 * {@code _info} are read-only; a PATCH of any other field is refused (the simulator does not model
 * it) rather than silently ignored.
 *
 * <p>One deviation, on purpose: the spec types {@code PatchOperation.value} as {@code object} (a
 * generator artefact: ConnectWise's own examples patch booleans and strings), so any JSON value is
 * accepted there and checked against the field it replaces.
 */
final class ApiMemberWrite {
  /** The JSON type of an {@code ApiMember} property in the spec. */
  private enum Type {
    INTEGER,
    STRING,
    BOOLEAN,
    DATE_TIME,
    REFERENCE,
    INTEGER_ARRAY,
    INFO
  }

  private record Field(Type type, int maxLength) {}

  // ApiMember's properties in the spec subset, with the "Max length" its descriptions give
  private static final Map<String, Field> FIELDS =
      Map.ofEntries(
          Map.entry("id", new Field(Type.INTEGER, 0)),
          Map.entry("identifier", new Field(Type.STRING, 15)),
          Map.entry("name", new Field(Type.STRING, 30)),
          Map.entry("emailAddress", new Field(Type.STRING, 250)),
          Map.entry("inactiveFlag", new Field(Type.BOOLEAN, 0)),
          Map.entry("inactiveDate", new Field(Type.DATE_TIME, 0)),
          Map.entry("timeZone", new Field(Type.REFERENCE, 0)),
          Map.entry("securityRole", new Field(Type.REFERENCE, 0)),
          Map.entry("structureLevel", new Field(Type.REFERENCE, 0)),
          Map.entry("securityLocation", new Field(Type.REFERENCE, 0)),
          Map.entry("defaultLocation", new Field(Type.REFERENCE, 0)),
          Map.entry("defaultDepartment", new Field(Type.REFERENCE, 0)),
          Map.entry("salesDefaultLocation", new Field(Type.REFERENCE, 0)),
          Map.entry("serviceDefaultBoard", new Field(Type.REFERENCE, 0)),
          Map.entry("notes", new Field(Type.STRING, 0)),
          Map.entry("excludedServiceBoardIds", new Field(Type.INTEGER_ARRAY, 0)),
          Map.entry("blockPriceFlag", new Field(Type.BOOLEAN, 0)),
          Map.entry("blockCostFlag", new Field(Type.BOOLEAN, 0)),
          Map.entry("_info", new Field(Type.INFO, 0)));

  private static final List<String> READ_ONLY = List.of("id", "identifier", "_info");
  private static final List<String> CHANGEABLE = List.of("securityRole", "inactiveFlag");

  /**
   * One field a body got wrong, as ConnectWise's 400 lists it in {@code errors}.
   *
   * @param field the field (or {@code [i].path} of a patch operation)
   * @param message what is wrong
   */
  record Problem(String field, String message) {}

  /**
   * What a valid write changes.
   *
   * @param roleId the new security role id, or null to keep it
   * @param inactive the new inactive flag, or null to keep it
   */
  record Change(Long roleId, Boolean inactive) {}

  /** A write the simulator refuses (400), with every problem found. */
  static final class Refused extends Exception {
    private final transient List<Problem> problems;

    Refused(List<Problem> problems) {
      super(problems.get(0).field() + ": " + problems.get(0).message());
      this.problems = List.copyOf(problems);
    }

    List<Problem> problems() {
      return problems;
    }
  }

  private ApiMemberWrite() {}

  /** The change a PUT body asks for, checked against the member and the roles. */
  static Change put(JsonNode body, ConnectWiseMsp.Member member, ConnectWiseMsp msp)
      throws Refused {
    List<Problem> problems = new ArrayList<>();
    if (body == null || !body.isObject()) {
      throw new Refused(List.of(new Problem("apiMember", "the body must be an ApiMember object")));
    }
    Iterator<Map.Entry<String, JsonNode>> it = body.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      check(e.getKey(), e.getValue(), problems);
    }
    for (String required : List.of("identifier", "name")) {
      if (!body.hasNonNull(required)) {
        problems.add(new Problem(required, required + " is required"));
      }
    }
    if (body.has("id")
        && body.get("id").canConvertToLong()
        && body.get("id").asLong() != member.id()) {
      problems.add(
          new Problem(
              "id",
              "id is read-only: the path names " + member.id() + ", the body " + body.get("id")));
    }
    if (body.path("identifier").isTextual()
        && !body.get("identifier").asText().equals(member.identifier())) {
      problems.add(new Problem("identifier", "identifier is read-only"));
    }
    Long roleId = null;
    if (!body.hasNonNull("securityRole")) {
      problems.add(new Problem("securityRole", "securityRole is required"));
    } else if (body.get("securityRole").isObject()) {
      roleId = role(body.get("securityRole").get("id"), "securityRole", msp, problems);
    }
    if (!problems.isEmpty()) {
      throw new Refused(problems);
    }
    // a PUT replaces the member: an absent or null inactiveFlag is false
    return new Change(roleId, body.path("inactiveFlag").asBoolean(false));
  }

  /** The change a PATCH body asks for: every operation is checked before any applies. */
  static Change patch(JsonNode body, ConnectWiseMsp msp) throws Refused {
    if (body == null || !body.isArray() || body.isEmpty()) {
      throw new Refused(
          List.of(
              new Problem(
                  "patchOperations",
                  "the body must be a non-empty array of PatchOperation {op, path, value}")));
    }
    List<Problem> problems = new ArrayList<>();
    Long roleId = null;
    Boolean inactive = null;
    for (int i = 0; i < body.size(); i++) {
      JsonNode op = body.get(i);
      String at = "[" + i + "]";
      if (!op.isObject()) {
        problems.add(new Problem(at, "a PatchOperation must be an object {op, path, value}"));
        continue;
      }
      Iterator<String> names = op.fieldNames();
      boolean shape = true;
      while (names.hasNext()) {
        String n = names.next();
        if (!List.of("op", "path", "value").contains(n)) {
          problems.add(
              new Problem(at + "." + n, "unknown field '" + n + "' (not in PatchOperation)"));
          shape = false;
        }
      }
      if (!op.path("op").isTextual() || !op.path("path").isTextual()) {
        problems.add(new Problem(at, "op and path must be strings"));
        continue;
      }
      if (!shape) {
        continue;
      }
      String verb = op.get("op").asText().toLowerCase(Locale.ROOT);
      String path = op.get("path").asText().replaceFirst("^/", "");
      String field = canonical(path.contains("/") ? path.substring(0, path.indexOf('/')) : path);
      String where = at + "." + path;
      if (!verb.equals("replace") && !verb.equals("add")) {
        problems.add(
            new Problem(where, "op '" + op.get("op").asText() + "' is not supported (replace)"));
        continue;
      }
      if (field == null) {
        problems.add(new Problem(where, "'" + path + "' is not a field of ApiMember"));
        continue;
      }
      if (READ_ONLY.contains(field)) {
        problems.add(new Problem(where, field + " is read-only"));
        continue;
      }
      if (!CHANGEABLE.contains(field)) {
        problems.add(
            new Problem(
                where,
                "the simulator does not change "
                    + field
                    + " (it changes "
                    + String.join(" and ", CHANGEABLE)
                    + ")"));
        continue;
      }
      if (!op.has("value")) {
        problems.add(new Problem(where, "value is required"));
        continue;
      }
      JsonNode value = op.get("value");
      if (field.equals("securityRole")) {
        String sub = path.contains("/") ? path.substring(path.indexOf('/') + 1) : null;
        if (sub == null) {
          int before = problems.size();
          check("securityRole", value, problems);
          if (problems.size() == before) {
            roleId = role(value.get("id"), where, msp, problems);
          }
        } else if (sub.equalsIgnoreCase("id")) {
          roleId = role(value, where, msp, problems);
        } else {
          problems.add(new Problem(where, "only securityRole or securityRole/id can be replaced"));
        }
      } else {
        if (!value.isBoolean()) {
          problems.add(new Problem(where, "inactiveFlag must be true or false"));
        } else {
          inactive = value.asBoolean();
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new Refused(problems);
    }
    return new Change(roleId, inactive);
  }

  /** The spec's spelling of a field named in any case, or null when ApiMember has none. */
  private static String canonical(String name) {
    for (String f : FIELDS.keySet()) {
      if (f.equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }

  private static Long role(JsonNode id, String where, ConnectWiseMsp msp, List<Problem> problems) {
    if (id == null || !id.isIntegralNumber()) {
      problems.add(new Problem(where, "securityRole needs an integer id"));
      return null;
    }
    ConnectWiseMsp.Role role = msp.role(id.asLong());
    if (role == null) {
      problems.add(
          new Problem(where, "securityRole id " + id.asLong() + " is not a security role"));
      return null;
    }
    if (role.inactive()) {
      problems.add(
          new Problem(where, "securityRole " + role.name() + " (" + role.id() + ") is inactive"));
      return null;
    }
    return role.id();
  }

  /** Checks one ApiMember property's JSON type against the spec. */
  private static void check(String name, JsonNode v, List<Problem> problems) {
    Field f = FIELDS.get(name);
    if (f == null) {
      problems.add(new Problem(name, "unknown field '" + name + "' (not in ApiMember)"));
      return;
    }
    boolean ok =
        switch (f.type()) {
          case INTEGER -> v.isIntegralNumber();
          case STRING, DATE_TIME -> v.isTextual();
          case BOOLEAN -> v.isBoolean() || v.isNull();
          case REFERENCE -> v.isObject() && reference(v);
          case INTEGER_ARRAY -> v.isArray() && allIntegers(v);
          case INFO -> v.isObject() && allText(v);
        };
    if (!ok) {
      problems.add(new Problem(name, name + " must be " + expected(f.type())));
    } else if (f.maxLength() > 0 && v.asText().length() > f.maxLength()) {
      problems.add(new Problem(name, name + " is longer than " + f.maxLength() + " characters"));
    }
  }

  private static boolean reference(JsonNode v) {
    Iterator<Map.Entry<String, JsonNode>> it = v.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode x = e.getValue();
      boolean ok =
          switch (e.getKey()) {
            case "id" -> x.isIntegralNumber() || x.isNull();
            case "name", "identifier" -> x.isTextual();
            case "_info" -> x.isObject() && allText(x);
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean allIntegers(JsonNode a) {
    for (JsonNode x : a) {
      if (!x.isIntegralNumber()) {
        return false;
      }
    }
    return true;
  }

  private static boolean allText(JsonNode o) {
    for (JsonNode x : o) {
      if (!x.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static String expected(Type t) {
    return switch (t) {
      case INTEGER -> "an integer";
      case STRING -> "a string";
      case DATE_TIME -> "a date-time string";
      case BOOLEAN -> "true, false or null";
      case REFERENCE -> "a reference object {id, name, _info}";
      case INTEGER_ARRAY -> "an array of integers";
      case INFO -> "an object of strings";
    };
  }
}
