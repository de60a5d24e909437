package dev.psapolicy.source.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.SnapshotRole;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A snapshot's {@code roles} and a principal's {@code roleId}: read, written back, refused. */
class SnapshotRolesTest {
  private static Snapshot parse(String name, String text) throws InvalidInputException {
    return SnapshotReader.parse(
        InputFile.file(InputKind.SNAPSHOT, name, text.getBytes(StandardCharsets.UTF_8)));
  }

  private static final String HEAD =
      "formatVersion: 1\nplatform: connectwise\ninstance: acme.example\n"
          + "principals:\n  - id: \"401\"\n    role: Integration\n    roleId: \"12\"\n"
          + "    grants:\n      - { module: Service Desk, function: Service Tickets, add: All }\n";

  @Test
  void rolesAndRoleIdsRoundTripThroughTheWriter() throws Exception {
    Snapshot read =
        parse(
            "s.yaml",
            HEAD
                + "roles:\n"
                + "  - id: \"12\"\n    name: Integration\n"
                + "    grants:\n      - { module: Service Desk, function: Service Tickets,"
                + " add: All }\n"
                + "  - id: \"13\"\n    name: Tickets-Add-Only\n    admin: false\n"
                + "    grants:\n      - { module: Service Desk, function: Service Tickets,"
                + " add: All, edit: None, delete: None, inquire: None }\n");
    assertEquals("12", read.principals().get(0).roleId());
    assertEquals(List.of("12", "13"), read.roles().stream().map(SnapshotRole::id).toList());
    assertEquals("Tickets-Add-Only", read.role("13").name());
    assertEquals("None", read.role("13").grants().get(0).inquire());
    assertNull(read.role("99"));

    String written = new String(SnapshotWriter.toJson(read), StandardCharsets.UTF_8);
    Snapshot again = parse("s.json", written);
    assertEquals(withoutLines(read), withoutLines(again));
    assertEquals("12", again.principals().get(0).roleId());
  }

  /** The roles as text without the file lines they were read from. */
  private static List<String> withoutLines(Snapshot s) {
    return s.roles().stream()
        .map(
            r ->
                r.id()
                    + " "
                    + r.name()
                    + " "
                    + r.admin()
                    + " "
                    + r.grants().stream()
                        .map(g -> g.module() + "/" + g.function() + ":" + g.add() + g.inquire())
                        .toList())
        .toList();
  }

  @Test
  void theFactsHashIgnoresWhenAndHowTheSnapshotWasReadButNotWhatItSays() throws Exception {
    Snapshot yaml = parse("s.yaml", HEAD);
    Snapshot json =
        parse(
            "t.json",
            new String(SnapshotWriter.toJson(yaml), StandardCharsets.UTF_8)
                .replace(
                    "\"complete\"", "\"fetchedAt\" : \"2026-12-01T00:00:00Z\",\n  \"complete\""));
    assertEquals(SnapshotWriter.factsSha256(yaml), SnapshotWriter.factsSha256(json));
    Snapshot widened = parse("s.yaml", HEAD.replace("add: All", "add: All, delete: All"));
    assertNotEquals(SnapshotWriter.factsSha256(yaml), SnapshotWriter.factsSha256(widened));
    Snapshot moved = parse("s.yaml", HEAD.replace("roleId: \"12\"", "roleId: \"13\""));
    assertNotEquals(SnapshotWriter.factsSha256(yaml), SnapshotWriter.factsSha256(moved));
  }

  @Test
  void aSnapshotWithoutRolesIsWrittenAsBefore() throws Exception {
    Snapshot read = parse("s.yaml", HEAD.replace("    roleId: \"12\"\n", ""));
    assertTrue(read.roles().isEmpty());
    assertNull(read.principals().get(0).roleId());
    String written = new String(SnapshotWriter.toJson(read), StandardCharsets.UTF_8);
    assertFalse(written.contains("\"roles\""), written);
    assertFalse(written.contains("\"roleId\""), written);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{ id: '12', name: A }\\n{ id: '12', name: B } | s.yaml:12:5: duplicate role id '12'",
        "{ id: '12' } | s.yaml:11:5: missing required key 'name'",
        "{ id: '12', name: A, level: All } | s.yaml:11:26: unknown key 'level' (allowed: admin,"
            + " grants, id, name)",
      })
  void aRoleTheSnapshotCannotHoldIsAnInputErrorAtItsPlace(String roles, String expected) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> parse("s.yaml", HEAD + "roles:\n  - " + roles.replace("\\n", "\n  - ") + "\n"));
    assertEquals(List.of(expected), e.problems().stream().map(InputProblem::toString).toList());
  }
}
