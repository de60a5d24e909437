package dev.psapolicy.ruletest;

import dev.psapolicy.render.Format;
import dev.psapolicy.render.Formats;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Platform;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** The outputs of {@code test}: readable text, and JUnit XML for CI test dashboards. */
public final class TestReports {
  /** Ungoverned cells listed before the rest is only counted. */
  static final int UNGOVERNED_SHOWN = 20;

  private TestReports() {}

  /** The formats of a rule-test report. */
  public static final Formats<TestReport> FORMATS =
      Formats.of(Format.of("text", TestReports::text), Format.of("junit", TestReports::junit));

  /** PASS/FAIL per case with the differences, then coverage and mutation, then the verdict. */
  public static void text(TestReport r, OutputStream out) {
    PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    for (CaseResult c : r.cases()) {
      int n = c.reported().size();
      w.println(
          (c.passed() ? "PASS  " : "FAIL  ")
              + c.ruleCase().folder()
              + "  ("
              + n
              + (n == 1 ? " violation" : " violations")
              + ")");
      if (!c.passed()) {
        w.println("      expected (-) versus reported (+); '+' lines paste into expected.yaml");
        for (String line : c.diff()) {
          w.println("      " + line);
        }
      }
    }
    if (!r.cases().isEmpty()) {
      w.println(
          "cases: "
              + (r.cases().size() - r.failedCases())
              + " passed, "
              + r.failedCases()
              + " failed");
    }
    if (r.coverage() != null) {
      coverage(r.coverage(), w);
    }
    if (r.mutation() != null) {
      mutation(r.mutation(), w);
    }
    w.println("result: " + (r.passed() ? "PASS" : "FAIL"));
    w.flush();
  }

  private static void coverage(Coverage c, PrintWriter w) {
    w.println();
    w.println("coverage of the " + c.scope() + ":");
    w.println("  rules with a positive and a negative case: " + c.ruleShare());
    for (Coverage.RuleCount rc : c.rules()) {
      if (!rc.complete()) {
        List<String> lacks = new ArrayList<>();
        if (rc.positive() == 0) {
          lacks.add("no positive case");
        }
        if (rc.negative() == 0) {
          lacks.add("no negative case");
        }
        w.println("    " + rc.rule().id() + ": " + String.join(", ", lacks));
      }
    }
    w.println("  permission cells governed (module x function x verb): " + c.cellShare());
    // One line per cell and reason: "connectwise Finance / Invoicing add, edit: why".
    Map<UngovernedLine, List<String>> lines = new LinkedHashMap<>();
    for (Coverage.Ungoverned u : c.ungoverned()) {
      lines
          .computeIfAbsent(
              new UngovernedLine(u.platform(), u.cell(), u.reason()), k -> new ArrayList<>())
          .add(u.verb().id());
    }
    int shown = 0;
    for (Map.Entry<UngovernedLine, List<String>> e : lines.entrySet()) {
      if (shown++ == UNGOVERNED_SHOWN) {
        w.println("    ... and " + (lines.size() - UNGOVERNED_SHOWN) + " more cells");
        break;
      }
      UngovernedLine l = e.getKey();
      w.println(
          "    "
              + l.platform().id()
              + " "
              + l.cell()
              + " "
              + String.join(", ", e.getValue())
              + ": "
              + l.reason());
    }
    if (c.min() != null) {
      String bar = c.min().stripTrailingZeros().toPlainString() + "%";
      w.println(
          "  minimum "
              + bar
              + ": rules "
              + (c.ruleShare().atLeast(c.min()) ? "pass" : "FAIL")
              + ", cells "
              + (c.cellShare().atLeast(c.min()) ? "pass" : "FAIL"));
    }
  }

  private static void mutation(Mutation m, PrintWriter w) {
    w.println();
    w.println("mutation: every cell of each baseline widened by one lattice step:");
    for (Mutation.BaselineSummary b : m.baselines()) {
      w.println(
          "  "
              + b.baselineId()
              + ": "
              + b.widenings()
              + " widenings, "
              + b.blindSpots()
              + (b.blindSpots() == 1 ? " blind spot" : " blind spots"));
    }
    if (!m.blindSpots().isEmpty()) {
      w.println("  blind spots (widenings no rule reports):");
      for (Probes.Probe p : m.blindSpots()) {
        w.println("    " + p.baseline().id() + ": " + p.describe());
      }
    }
    for (Mutation.Conflict c : m.conflicts()) {
      Violation v = c.violation();
      w.println(
          "  note: "
              + c.baselineId()
              + ": an API user holding exactly what the baseline"
              + " allows is reported by "
              + v.ruleId()
              + (v.cell() == null ? "" : " on " + v.cell() + " " + v.verb()));
    }
    w.println(
        "mutation: "
            + m.widenings()
            + " widenings, "
            + m.blindSpots().size()
            + (m.blindSpots().size() == 1 ? " blind spot" : " blind spots"));
  }

  /** JUnit XML: one suite of cases, plus a coverage and a mutation suite when asked for. */
  public static void junit(TestReport r, OutputStream out) throws IOException {
    try {
      XMLStreamWriter x =
          XMLOutputFactory.newFactory()
              .createXMLStreamWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      int tests =
          r.cases().size()
              + (r.coverage() == null ? 0 : 2)
              + (r.mutation() == null ? 0 : r.mutation().baselines().size());
      long failures =
          r.failedCases()
              + (r.coverage() == null || r.coverage().min() == null
                  ? 0
                  : (r.coverage().ruleShare().atLeast(r.coverage().min()) ? 0 : 1)
                      + (r.coverage().cellShare().atLeast(r.coverage().min()) ? 0 : 1))
              + (r.mutation() == null
                  ? 0
                  : r.mutation().baselines().stream().filter(b -> b.blindSpots() > 0).count());
      x.writeStartElement("testsuites");
      x.writeAttribute("name", "psa-policy test");
      x.writeAttribute("tests", String.valueOf(tests));
      x.writeAttribute("failures", String.valueOf(failures));
      x.writeCharacters("\n");
      if (!r.cases().isEmpty()) {
        suiteStart(x, "rule cases", r.cases().size(), r.failedCases());
        for (CaseResult c : r.cases()) {
          String folder = c.ruleCase().folder();
          int slash = folder.lastIndexOf('/');
          testcase(
              x,
              slash < 0 ? "cases" : folder.substring(0, slash),
              slash < 0 ? folder : folder.substring(slash + 1),
              c.passed() ? null : summary(c),
              String.join("\n", c.diff()));
        }
        suiteEnd(x);
      }
      if (r.coverage() != null) {
        Coverage c = r.coverage();
        boolean rulesOk = c.min() == null || c.ruleShare().atLeast(c.min());
        boolean cellsOk = c.min() == null || c.cellShare().atLeast(c.min());
        suiteStart(x, "coverage", 2, (rulesOk ? 0 : 1) + (cellsOk ? 0 : 1));
        testcase(
            x,
            "coverage",
            "rules with a positive and a negative case",
            rulesOk ? null : c.ruleShare() + " is below " + c.min().toPlainString() + "%",
            c.ruleShare().toString());
        testcase(
            x,
            "coverage",
            "permission cells governed",
            cellsOk ? null : c.cellShare() + " is below " + c.min().toPlainString() + "%",
            c.cellShare().toString());
        suiteEnd(x);
      }
      if (r.mutation() != null) {
        Mutation m = r.mutation();
        suiteStart(
            x,
            "mutation",
            m.baselines().size(),
            m.baselines().stream().filter(b -> b.blindSpots() > 0).count());
        for (Mutation.BaselineSummary b : m.baselines()) {
          List<String> spots =
              m.blindSpots().stream()
                  .filter(p -> p.baseline().id().equals(b.baselineId()))
                  .map(Probes.Probe::describe)
                  .toList();
          testcase(
              x,
              "mutation",
              b.baselineId(),
              b.blindSpots() == 0
                  ? null
                  : b.blindSpots() + " of " + b.widenings() + " widenings not reported",
              String.join("\n", spots));
        }
        suiteEnd(x);
      }
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.flush();
      x.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML", e);
    }
  }

  private static String summary(CaseResult c) {
    List<String> parts = new ArrayList<>();
    if (!c.incomplete().isEmpty()) {
      parts.add("data incomplete");
    }
    if (!c.missing().isEmpty()) {
      parts.add(c.missing().size() + " expected not reported");
    }
    if (!c.unexpected().isEmpty()) {
      parts.add(c.unexpected().size() + " reported not expected");
    }
    if (!c.mismatched().isEmpty()) {
      parts.add(c.mismatched().size() + " reported differently");
    }
    return String.join(", ", parts);
  }

  private static void suiteStart(XMLStreamWriter x, String name, long tests, long failures)
      throws XMLStreamException {
    x.writeCharacters("  ");
    x.writeStartElement("testsuite");
    x.writeAttribute("name", name);
    x.writeAttribute("tests", String.valueOf(tests));
    x.writeAttribute("failures", String.valueOf(failures));
    x.writeAttribute("errors", "0");
    x.writeAttribute("skipped", "0");
    x.writeCharacters("\n");
  }

  private static void suiteEnd(XMLStreamWriter x) throws XMLStreamException {
    x.writeCharacters("  ");
    x.writeEndElement();
    x.writeCharacters("\n");
  }

  private static void testcase(
      XMLStreamWriter x, String classname, String name, String failure, String detail)
      throws XMLStreamException {
    x.writeCharacters("    ");
    if (failure == null) {
      x.writeEmptyElement("testcase");
      x.writeAttribute("classname", classname);
      x.writeAttribute("name", name);
      x.writeCharacters("\n");
      return;
    }
    x.writeStartElement("testcase");
    x.writeAttribute("classname", classname);
    x.writeAttribute("name", name);
    x.writeCharacters("\n      ");
    x.writeStartElement("failure");
    x.writeAttribute("message", failure);
    x.writeAttribute("type", "failure");
    x.writeCharacters(detail);
    x.writeEndElement();
    x.writeCharacters("\n    ");
    x.writeEndElement();
    x.writeCharacters("\n");
  }

  /** The verbs of one cell left ungoverned for one reason share a line of the report. */
  private record UngovernedLine(Platform platform, Cell cell, String reason) {}
}
