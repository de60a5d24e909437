package dev.psapolicy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.report.Report;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Beyond byte equality: the JUnit XML parses, the CSV parses back to what was written. */
class WellFormedTest {
  static List<String> fixtures() {
    return ReportFixtures.names();
  }

  private static byte[] render(Renderer r, Report report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.render(report, out);
    return out.toByteArray();
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void junitXmlParsesWithOneTestCasePerRuleAndPrincipal(String fixture) throws Exception {
    Report report = ReportFixtures.get(fixture);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(render(new JunitRenderer(), report)));
    NodeList cases = doc.getElementsByTagName("testcase");
    long orphanRules =
        report.violations().stream()
            .filter(
                v ->
                    report.principals().stream()
                        .noneMatch(
                            p ->
                                p.id().equals(v.principalId())
                                    && p.instance().equals(v.instance())))
            .map(v -> v.ruleId())
            .distinct()
            .count();
    Set<String> ruleIds = new HashSet<>();
    report.rules().forEach(r -> ruleIds.add(r.id()));
    report.violations().forEach(v -> ruleIds.add(v.ruleId()));
    assertEquals(1 + ruleIds.size() * report.principals().size() + orphanRules, cases.getLength());
    Element root = doc.getDocumentElement();
    assertEquals(String.valueOf(cases.getLength()), root.getAttribute("tests"));
    assertEquals(
        String.valueOf(doc.getElementsByTagName("failure").getLength()),
        root.getAttribute("failures"));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void csvParsesBackRowForRow(String fixture) throws IOException {
    Report report = ReportFixtures.get(fixture);
    List<List<String>> rows =
        parse(new String(render(new CsvRenderer(), report), StandardCharsets.UTF_8));
    assertEquals(1 + report.violations().size(), rows.size());
    assertEquals(CsvRenderer.COLUMNS, rows.get(0));
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      assertEquals(CsvRenderer.COLUMNS.size(), row.size(), row.toString());
      var v = report.violations().get(i - 1);
      assertEquals(v.fix(), row.get(CsvRenderer.COLUMNS.indexOf("fix")));
      assertEquals(neutralised(v.message()), row.get(CsvRenderer.COLUMNS.indexOf("message")));
      assertEquals("", row.get(CsvRenderer.COLUMNS.indexOf("owner")));
      assertEquals("", row.get(CsvRenderer.COLUMNS.indexOf("due_date")));
      String name = row.get(CsvRenderer.COLUMNS.indexOf("principal_name"));
      assertTrue(!name.startsWith("="), "formula not neutralised: " + name);
    }
  }

  /** What a cell holds: a would-be formula gets a leading apostrophe. */
  private static String neutralised(String s) {
    return s.matches("^[=+\\-@].*") ? "'" + s : s;
  }

  /** RFC 4180, strictly: quoted fields, doubled quotes, CRLF records. */
  static List<List<String>> parse(String csv) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        cell.append(c);
      }
    }
    assertTrue(row.isEmpty() && cell.length() == 0, "no CRLF after the last record");
    return rows;
  }
}
