package dev.psapolicy.source.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The published JSON Schema agrees with the reader and the writer. */
class SnapshotSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(
              new String(
                  Bundled.read("dev/psapolicy/schema/snapshot.schema.json"),
                  StandardCharsets.UTF_8));

  private static Set<ValidationMessage> validate(byte[] json) throws Exception {
    return SCHEMA.validate(JSON.readTree(json));
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme-connectwise.json", "acme-autotask.json"})
  void demoSnapshotsValidateAndRoundTrip(String name) throws Exception {
    byte[] bytes = Bundled.read("dev/psapolicy/demo/" + name);
    assertEquals(Set.of(), validate(bytes));
    Snapshot read = SnapshotReader.parse(InputFile.file(InputKind.SNAPSHOT, name, bytes));
    byte[] written = SnapshotWriter.toJson(read);
    assertEquals(Set.of(), validate(written));
    Snapshot again = SnapshotReader.parse(InputFile.file(InputKind.SNAPSHOT, name, written));
    assertEquals(stripLines(read), stripLines(again));
  }

  private static Snapshot stripLines(Snapshot s) {
    return new Snapshot(
        s.formatVersion(),
        s.platform(),
        s.instance(),
        s.fetchedAt(),
        s.complete(),
        s.incomplete(),
        s.provenance(),
        s.principals().stream()
            .map(
                p ->
                    new Snapshot.SnapshotPrincipal(
                        p.id(),
                        p.name(),
                        p.kind(),
                        p.role(),
                        p.admin(),
                        p.inactive(),
                        p.integrations(),
                        p.grants().stream()
                            .map(
                                g ->
                                    new Snapshot.PermissionRow(
                                        g.module(),
                                        g.function(),
                                        g.add(),
                                        g.edit(),
                                        g.delete(),
                                        g.inquire(),
                                        0))
                            .toList(),
                        0))
            .toList(),
        null);
  }

  @Test
  void schemaRejectsWhatTheReaderRejects() throws Exception {
    String bad =
        """
        {"formatVersion": 1, "platform": "connectwise", "instance": "a",
         "principals": [{"id": "1", "rol": "x",
           "grants": [{"module": "Service Desk", "function": "Service Tickets", "edit": "Most"}]}]}
        """;
    Set<ValidationMessage> errors = validate(bad.getBytes());
    assertFalse(errors.isEmpty());
    String all = errors.toString();
    assertTrue(all.contains("$.principals[0]: property 'rol' is not defined"), all);
    assertTrue(all.contains("$.principals[0].grants[0].edit"), all);
  }

  private static final String FETCHED =
      """
      {"formatVersion": 1, "platform": "autotask", "instance": "acme",
       "provenance": {"baseUrl": "https://webservices5.autotask.net/ATServicesRest",
         "apiVersion": "V1.0", "requestCount": 4%s,
         "responses": [{"method": "GET", "path": "/V1.0/EntityInformation", "status": 200,
           "sha256": "0000000000000000000000000000000000000000000000000000000000000000"}]},
       "principals": [{"id": "29683001", "kind": "resource",
         "grants": [{"function": "Tickets", "add": "All", "inquire": "Restricted"}]}]}
      """;

  /** How an Autotask fetch read the access survives writing and reading; older files lack it. */
  @ParameterizedTest
  @NullSource
  @EnumSource(Snapshot.AccessMethod.class)
  void theAccessMethodRoundTrips(Snapshot.AccessMethod method) throws Exception {
    String field = method == null ? "" : ", \"accessMethod\": \"" + method.external() + "\"";
    byte[] bytes = String.format(FETCHED, field).getBytes(StandardCharsets.UTF_8);
    assertEquals(Set.of(), validate(bytes));
    Snapshot read = SnapshotReader.parse(InputFile.file(InputKind.SNAPSHOT, "at.json", bytes));
    assertEquals(method, read.provenance().accessMethod());
    byte[] written = SnapshotWriter.toJson(read);
    assertEquals(Set.of(), validate(written));
    assertEquals(
        method != null,
        new String(written, StandardCharsets.UTF_8).contains("\"accessMethod\""),
        "written only when known");
    Snapshot again = SnapshotReader.parse(InputFile.file(InputKind.SNAPSHOT, "at.json", written));
    assertEquals(read.provenance(), again.provenance());
  }

  @Test
  void anUnknownAccessMethodIsAnInputErrorWithItsPlace() throws Exception {
    byte[] bytes =
        String.format(FETCHED, ", \"accessMethod\": \"globl\"").getBytes(StandardCharsets.UTF_8);
    assertFalse(validate(bytes).isEmpty(), "the schema rejects it too");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SnapshotReader.parse(InputFile.file(InputKind.SNAPSHOT, "at.json", bytes)));
    assertEquals(
        "at.json:3:61: 'accessMethod' has unknown value 'globl' (did you mean 'global'?)",
        e.getMessage());
  }
}
