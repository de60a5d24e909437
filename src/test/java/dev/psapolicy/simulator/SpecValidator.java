package dev.psapolicy.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates response bodies against the vendor spec subsets in {@code
 * src/test/resources/dev/psapolicy/simulator/specs} (copied from {@code
 * shared/reference/psa-api-specs}; SOURCES.md there says where they come from).
 *
 * <p>The response schema of the matching operation is validated with the spec's components (OpenAPI
 * 3.0: {@code #/components/schemas}, with {@code nullable}) or definitions (Swagger 2: {@code
 * #/definitions}) as the base document. Validation is strict: every object schema that lists
 * properties gets {@code additionalProperties: false}, so a field name the spec does not know
 * fails. One patch, documented in {@link #AUTOTASK_PATCH}: the Swagger document types {@code
 * RestUserAccessLevel} as an empty object (a generator artefact of a C# enum); the API serialises
 * it as None/All/Restricted or 0/1/2, so that definition is replaced by that enum.
 */
final class SpecValidator {
  static final String AUTOTASK_PATCH = "RestUserAccessLevel";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode spec;
  private final boolean openApi3;
  private final JsonSchemaFactory factory;
  private final List<Op> ops = new ArrayList<>();
  private final Map<String, JsonSchema> schemas = new HashMap<>();

  private record Op(String template, Pattern pattern, int params, JsonNode item) {}

  private SpecValidator(String resource) {
    try (InputStream in = SpecValidator.class.getResourceAsStream("specs/" + resource)) {
      spec = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openApi3 = spec.has("openapi");
    factory =
        openApi3
            ? JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V4,
                b ->
                    b.metaSchema(OpenApi30.getInstance())
                        .defaultMetaSchemaIri(OpenApi30.getInstance().getIri()))
            : JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    Iterator<Map.Entry<String, JsonNode>> it = spec.get("paths").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String t = e.getKey();
      String regex = Pattern.quote(t).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
      int params = t.split("\\{", -1).length - 1;
      ops.add(new Op(t, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), params, e.getValue()));
    }
    // Literal paths before templated ones: /securityroles/count is not /securityroles/{id}.
    ops.sort(Comparator.comparingInt(Op::params));
  }

  static SpecValidator connectWise() {
    return new SpecValidator("connectwise-openapi-subset.json");
  }

  static SpecValidator autotask() {
    return new SpecValidator("autotask-openapi-subset.json");
  }

  /** The spec's path template that a request path matches; null when none. */
  String template(String path) {
    for (Op op : ops) {
      if (op.pattern().matcher(path).matches()) {
        return op.template();
      }
    }
    return null;
  }

  /** The media types the spec lists for a 2xx response of the operation. */
  List<String> mediaTypes(String method, String path, int status) {
    JsonNode resp = response(method, path, status);
    List<String> out = new ArrayList<>();
    if (resp != null && resp.has("content")) {
      resp.get("content").fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  private JsonNode response(String method, String path, int status) {
    for (Op op : ops) {
      if (op.pattern().matcher(path).matches()) {
        JsonNode o = op.item().get(method.toLowerCase(Locale.ROOT));
        if (o == null) {
          throw new AssertionError(method + " " + op.template() + " is not in the spec");
        }
        JsonNode r = o.path("responses").get(String.valueOf(status));
        if (r == null) {
          throw new AssertionError(
              method + " " + op.template() + " has no response " + status + " in the spec");
        }
        return r;
      }
    }
    throw new AssertionError(path + " matches no path of the spec");
  }

  /**
   * Validation messages for a request body (empty: valid) against the operation's {@code
   * requestBody} schema, strictly. One patch, documented in {@link #PATCH_VALUE}: the spec types
   * {@code PatchOperation.value} as {@code object}, a generator artefact (ConnectWise patches
   * booleans, numbers and strings too), so {@code value} may be any JSON value here.
   */
  Set<ValidationMessage> validateRequest(String method, String path, JsonNode body) {
    String key = method + " " + template(path) + " request";
    JsonSchema cached = schemas.get(key);
    if (cached == null) {
      JsonNode op = operation(method, path);
      JsonNode schema =
          op.path("requestBody").path("content").path("application/json").get("schema");
      if (schema == null) {
        throw new AssertionError(method + " " + path + " has no application/json request body");
      }
      ObjectNode root = schema.deepCopy();
      ObjectNode all = strict(spec.get("components").get("schemas").deepCopy());
      ObjectNode patch = (ObjectNode) all.get("PatchOperation").get("properties");
      patch.putObject("value");
      root.putObject("components").set("schemas", all);
      strict(root);
      cached = factory.getSchema(root);
      schemas.put(key, cached);
    }
    return cached.validate(body);
  }

  /** What {@link #validateRequest} relaxes: the spec's type of {@code PatchOperation.value}. */
  static final String PATCH_VALUE = "PatchOperation.value";

  private JsonNode operation(String method, String path) {
    for (Op op : ops) {
      if (op.pattern().matcher(path).matches()) {
        JsonNode o = op.item().get(method.toLowerCase(Locale.ROOT));
        if (o == null) {
          throw new AssertionError(method + " " + op.template() + " is not in the spec");
        }
        return o;
      }
    }
    throw new AssertionError(path + " matches no path of the spec");
  }

  /** Validation messages for a body (empty: valid). */
  Set<ValidationMessage> validate(String method, String path, int status, JsonNode body) {
    String key = method + " " + template(path) + " " + status;
    JsonSchema cached = schemas.get(key);
    if (cached == null) {
      cached = schema(method, path, status);
      schemas.put(key, cached);
    }
    return cached.validate(body);
  }

  private JsonSchema schema(String method, String path, int status) {
    JsonNode resp = response(method, path, status);
    JsonNode schema =
        openApi3 ? resp.path("content").elements().next().get("schema") : resp.get("schema");
    if (schema == null) {
      throw new AssertionError(method + " " + path + " " + status + " has no schema");
    }
    ObjectNode root = schema.deepCopy();
    if (openApi3) {
      ObjectNode components = root.putObject("components");
      components.set("schemas", strict(spec.get("components").get("schemas").deepCopy()));
    } else {
      ObjectNode defs = strict(spec.get("definitions").deepCopy());
      ObjectNode access = defs.putObject(AUTOTASK_PATCH);
      access.putArray("enum").add("None").add("All").add("Restricted").add(0).add(1).add(2);
      root.set("definitions", defs);
    }
    strict(root);
    return factory.getSchema(root);
  }

  /** additionalProperties: false on every object schema that lists properties. */
  private static ObjectNode strict(ObjectNode n) {
    walk(n);
    return n;
  }

  private static void walk(JsonNode n) {
    if (n.isObject()) {
      ObjectNode o = (ObjectNode) n;
      if (o.has("properties") && o.get("properties").isObject() && !o.has("additionalProperties")) {
        o.put("additionalProperties", false);
      }
      o.elements().forEachRemaining(SpecValidator::walk);
    } else if (n.isArray()) {
      n.elements().forEachRemaining(SpecValidator::walk);
    }
  }
}
