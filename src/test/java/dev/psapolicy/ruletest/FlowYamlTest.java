package dev.psapolicy.ruletest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.psapolicy.input.Node;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowYamlTest {
  @Test
  void aReportedViolationReadsBackAsTheSameExpectedEntry() throws Exception {
    Violation v =
        new Violation(
            "CW-TIME-ENTRY-DELETE-MY",
            Severity.HIGH,
            "t",
            "m",
            new Violation.Subject("connectwise", "acme.example", "187", "Hatz AI", "r"),
            new Violation.Holding(
                new Cell("Time & Expense", "Time Entry: \"All\""),
                Verb.DELETE,
                Level.ALL,
                Level.MY,
                "All"),
            List.of(),
            "fix",
            1,
            Disposition.OPEN);
    String line = FlowYaml.of(v);
    assertEquals(
        "{ rule: CW-TIME-ENTRY-DELETE-MY, principal: \"187\", module: \"Time & Expense\","
            + " function: \"Time Entry: \\\"All\\\"\", verb: delete, severity: high }",
        line);
    Node n = StructuredFiles.parse(line, "x.yaml", false);
    assertEquals("187", n.get("principal").text());
    assertEquals("Time & Expense", n.get("module").text());
    assertEquals("Time Entry: \"All\"", n.get("function").text());
  }

  @Test
  void wordsYamlWouldReadAsSomethingElseAreQuoted() {
    assertEquals("\"yes\"", FlowYaml.scalar("yes"));
    assertEquals("\"null\"", FlowYaml.scalar("null"));
    assertEquals("\"\"", FlowYaml.scalar(""));
    assertEquals("Service Ticket - Dependencies", FlowYaml.scalar("Service Ticket - Dependencies"));
  }
}
