package dev.psapolicy.service.api;

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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Holds a response of {@code serve} to the OpenAPI document it ships ({@link ApiServer#OPENAPI}):
 * the operation must be there with that status and media type, and a JSON body must match the
 * response's schema strictly (every object schema that lists properties allows no others).
 */
final class OpenApiValidator {
  private static final ObjectMapper JSON = new ObjectMapper();
  final JsonNode spec;
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V4,
          b ->
              b.metaSchema(OpenApi30.getInstance())
                  .defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
  private final List<Map.Entry<Pattern, String>> paths = new ArrayList<>();

  OpenApiValidator() {
    try (InputStream in = ApiServer.class.getResourceAsStream(ApiServer.OPENAPI)) {
      spec = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Iterator<String> it = spec.get("paths").fieldNames();
    while (it.hasNext()) {
      String t = it.next();
      paths.add(
          Map.entry(
              Pattern.compile(Pattern.quote(t).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q")), t));
    }
  }

  /** Problems of one response (empty: it conforms). */
  List<String> check(String method, String path, int status, String contentType, byte[] body)
      throws IOException {
    String template =
        paths.stream()
            .filter(e -> e.getKey().matcher(path).matches())
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(null);
    if (template == null) {
      return List.of(path + " is not in the OpenAPI document");
    }
    JsonNode op = spec.get("paths").get(template).get(method.toLowerCase(Locale.ROOT));
    if (op == null) {
      return List.of(method + " " + template + " is not in the OpenAPI document");
    }
    JsonNode resp = op.path("responses").get(String.valueOf(status));
    if (resp == null) {
      return List.of(method + " " + template + " has no response " + status);
    }
    if (resp.has("$ref")) {
      resp = spec.at(resp.get("$ref").asText().substring(1));
    }
    String media = contentType == null ? "" : contentType.split(";")[0].strip();
    JsonNode content = resp.path("content").get(media);
    if (content == null) {
      return List.of(
          method + " " + template + " " + status + " does not list content type " + media);
    }
    if (!media.equals("application/json")) {
      return List.of();
    }
    ObjectNode root = content.get("schema").deepCopy();
    root.putObject("components").set("schemas", spec.get("components").get("schemas").deepCopy());
    strict(root);
    JsonSchema schema = factory.getSchema(root);
    Set<ValidationMessage> errors = schema.validate(JSON.readTree(body));
    return errors.stream().map(m -> method + " " + path + " " + status + ": " + m).toList();
  }

  private static void strict(JsonNode n) {
    if (n.isObject()) {
      ObjectNode o = (ObjectNode) n;
      if (o.has("properties") && !o.has("additionalProperties")) {
        o.put("additionalProperties", false);
      }
      o.elements().forEachRemaining(OpenApiValidator::strict);
    } else if (n.isArray()) {
      n.elements().forEachRemaining(OpenApiValidator::strict);
    }
  }
}
