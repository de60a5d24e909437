package dev.psapolicy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.psapolicy.testing.Cli;
import dev.psapolicy.testing.ExternalTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our SARIF against the SARIF 2.1.0 JSON schema (the copy the official multitool ships, in test
 * resources) and against the official validator itself, {@code sarif-multitool validate} from npm
 * {@code @microsoft/sarif-multitool}: zero errors. The validator exits 0 even when it finds errors,
 * so its own SARIF output is read and its error results are counted.
 */
class SarifValidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static final List<Path> LOGS = new ArrayList<>();

  @BeforeAll
  static void writeLogs() throws IOException {
    for (String fixture : ReportFixtures.names()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new SarifRenderer().render(ReportFixtures.get(fixture), out);
      Path file = dir.resolve(fixture + ".sarif");
      Files.write(file, out.toByteArray());
      LOGS.add(file);
    }
    Cli.Result demo = new Cli(dir).run("check", "--demo", "--format", "sarif", "-o", "demo.sarif");
    assertEquals(1, demo.exit(), demo.err());
    LOGS.add(dir.resolve("demo.sarif"));
  }

  @Test
  void everyLogMatchesTheSarifSchema() throws IOException {
    JsonSchema schema;
    try (InputStream in =
        SarifValidationTest.class.getResourceAsStream("sarif-schema-2.1.0.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
    for (Path log : LOGS) {
      Set<ValidationMessage> errors = schema.validate(JSON.readTree(log.toFile()));
      assertTrue(errors.isEmpty(), log.getFileName() + ": " + errors);
    }
  }

  @Test
  void theSchemaTestCatchesAnInvalidLog() throws IOException {
    JsonSchema schema;
    try (InputStream in =
        SarifValidationTest.class.getResourceAsStream("sarif-schema-2.1.0.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
    JsonNode bad =
        JSON.readTree(
            "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{}},"
                + "\"results\":[{\"level\":\"severe\",\"message\":{\"text\":\"x\"}}]}]}");
    assertTrue(schema.validate(bad).size() >= 2, "a missing name and a bad level must fail");
  }

  /**
   * Warnings we accept, by message id: psa-policy has no public home page yet to name as {@code
   * informationUri}, and a build run from classes (tests) has version "dev".
   */
  private static final Set<String> ACCEPTED_WARNINGS =
      Set.of("Warning_ProvideToolnformationUri", "Warning_UseNumericToolVersions");

  @Test
  void theOfficialValidatorReportsNoError() throws Exception {
    Path tool = ExternalTools.require("SARIF validation", "sarif-multitool");
    // a control the validator must reject, so that a validator that checks nothing fails here
    Path control = dir.resolve("control-invalid.sarif");
    Files.writeString(
        control,
        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{}},"
            + "\"results\":[{\"level\":\"severe\",\"message\":{\"text\":\"x\"}}]}]}");
    Path out = dir.resolve("validation.sarif");
    List<String> command = new ArrayList<>(List.of(tool.toString(), "validate"));
    LOGS.forEach(l -> command.add(l.toString()));
    command.add(control.toString());
    command.addAll(List.of("--output", out.toString()));
    ExternalTools.Run run = ExternalTools.run(dir, 300, command);
    assertEquals(0, run.exit(), run.output());
    JsonNode result = JSON.readTree(out.toFile());
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int controlErrors = 0;
    for (JsonNode r : result.path("runs").path(0).path("results")) {
      String level = r.path("level").asText("warning");
      String uri =
          r.path("locations")
              .path(0)
              .path("physicalLocation")
              .path("artifactLocation")
              .path("uri")
              .asText();
      String line = uri + ": " + r.path("ruleId").asText() + " " + r.path("message");
      if (uri.endsWith("control-invalid.sarif")) {
        controlErrors += level.equals("error") ? 1 : 0;
      } else if (level.equals("error")) {
        errors.add(line);
      } else if (!ACCEPTED_WARNINGS.contains(r.path("message").path("id").asText())) {
        warnings.add(line);
      }
    }
    for (JsonNode inv : result.path("runs").path(0).path("invocations")) {
      assertTrue(inv.path("executionSuccessful").asBoolean(), run.output());
    }
    assertTrue(controlErrors >= 2, "the validator did not reject the control:\n" + run.output());
    assertEquals(List.of(), errors, run.output());
    assertEquals(List.of(), warnings, run.output());
  }
}
