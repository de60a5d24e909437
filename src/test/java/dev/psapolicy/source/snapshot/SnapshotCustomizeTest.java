package dev.psapolicy.source.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.vocabulary.CustomizeList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A grant row's {@code customize}: read, written back, and refused where it cannot be. */
class SnapshotCustomizeTest {
  private static Snapshot parse(String name, String text) throws InvalidInputException {
    return SnapshotReader.parse(
        InputFile.file(InputKind.SNAPSHOT, name, text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String snapshot(String platform, String row) {
    return "formatVersion: 1\nplatform: "
        + platform
        + "\ninstance: acme.example\nprincipals:\n  - id: \"401\"\n    grants:\n      - "
        + row
        + "\n";
  }

  @Test
  void listsAllAndAbsentRoundTripThroughTheWriter() throws Exception {
    String text =
        "formatVersion: 1\nplatform: connectwise\ninstance: acme.example\nprincipals:\n"
            + "  - id: \"401\"\n    grants:\n"
            + "      - { module: System, function: Table Setup, inquire: All,"
            + " customize: [Service / Service Board, General / Custom Fields] }\n"
            + "      - { module: Companies, function: Configurations, inquire: All,"
            + " customize: all }\n"
            + "      - { module: Finance, function: Agreements, inquire: All }\n";
    Snapshot read = parse("s.yaml", text);
    List<PermissionRow> rows = read.principals().get(0).grants();
    assertEquals(
        CustomizeList.of(List.of("Service / Service Board", "General / Custom Fields")),
        rows.get(0).customize());
    assertEquals(CustomizeList.ALL, rows.get(1).customize());
    assertNull(rows.get(2).customize());

    Snapshot again =
        parse("s.json", new String(SnapshotWriter.toJson(read), StandardCharsets.UTF_8));
    List<PermissionRow> back = again.principals().get(0).grants();
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(rows.get(i).customize(), back.get(i).customize(), "row " + i);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "autotask | { module: Service Desk, function: Tickets, inquire: All, customize: [X] }"
            + " | s.yaml:7:77: 'customize' is a ConnectWise list; Autotask rows have none",
        "connectwise | { module: System, function: Table Setup, inquire: All, customize: some }"
            + " | s.yaml:7:75: 'customize' must be 'all' or a list of items (\"General / Custom"
            + " Fields\"), found the string 'some'",
        "connectwise | { module: System, function: Table Setup, inquire: All, customize: [''] }"
            + " | s.yaml:7:76: a customize item must be a name such as 'Service / Service Board'",
      })
  void aCustomizeTheSnapshotCannotHoldIsAnInputErrorAtItsPlace(
      String platform, String row, String expected) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> parse("s.yaml", snapshot(platform, row)));
    assertEquals(List.of(expected), e.problems().stream().map(InputProblem::toString).toList());
  }
}
