package dev.psapolicy.render;

import dev.psapolicy.input.InputRef;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.PrincipalInfo;
import dev.psapolicy.report.PrincipalRef;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.RuleRelaxation;
import dev.psapolicy.report.RunInfo;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI test tabs: one {@code testsuite} per principal with one {@code testcase} per
 * rule (rule x principal). A test case with an open violation fails and its failure lists the
 * violations; one whose violations are all waived or accepted is skipped with the reason, so it
 * stays visible without failing. A first suite, {@code psa-policy run}, holds one test case that
 * errors when the permission data was incomplete, and carries the run metadata as properties; a
 * last suite, {@code psa-policy other findings}, holds violations about no covered principal (such
 * as an invalid waiver's), one test case per rule. Written with the JDK's StAX writer, which
 * escapes every value.
 */
public final class JunitRenderer implements Renderer {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  @Override
  public String name() {
    return "junit";
  }

  @Override
  public void render(Report r, OutputStream out) throws IOException {
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      write(r, new Xml(w));
      w.flush();
      out.write('\n');
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML", e);
    }
  }

  private static void write(Report r, Xml x) throws XMLStreamException {
    RunInfo run = r.run();
    Map<PrincipalRef, List<Violation>> byPrincipal = new LinkedHashMap<>();
    for (Violation v : r.violations()) {
      byPrincipal.computeIfAbsent(v.principalRef(), k -> new ArrayList<>()).add(v);
    }
    List<RuleInfo> rules = new ArrayList<>(r.rules());
    for (Violation v : r.violations()) {
      if (rules.stream().noneMatch(ri -> ri.id().equals(v.ruleId()))) {
        rules.add(
            new RuleInfo(
                v.ruleId(), v.severity(), null, v.title(), null, null, null, null, 0, false));
      }
    }
    long failures = 0;
    long skipped = 0;
    for (PrincipalInfo p : r.principals()) {
      for (RuleInfo rule : rules) {
        List<Violation> vs = of(byPrincipal, p, rule);
        if (vs.stream().anyMatch(v -> v.disposition().isOpen())) {
          failures++;
        } else if (!vs.isEmpty()) {
          skipped++;
        }
      }
    }
    // violations about no covered principal (a waiver's findings): never dropped
    Set<PrincipalRef> covered = new HashSet<>();
    for (PrincipalInfo p : r.principals()) {
      covered.add(p.ref());
    }
    List<Violation> orphans =
        r.violations().stream().filter(v -> !covered.contains(v.principalRef())).toList();
    List<String> orphanRules = orphans.stream().map(Violation::ruleId).distinct().sorted().toList();
    for (String id : orphanRules) {
      boolean open =
          orphans.stream().anyMatch(v -> v.ruleId().equals(id) && v.disposition().isOpen());
      failures += open ? 1 : 0;
      skipped += open ? 0 : 1;
    }
    long tests = 1 + (long) r.principals().size() * rules.size() + orphanRules.size();
    int errors = run.complete() ? 0 : 1;
    String timestamp = TIMESTAMP.format(run.startedAt());

    x.w.writeStartDocument("UTF-8", "1.0");
    x.nl(0);
    x.w.writeStartElement("testsuites");
    x.attr("name", "psa-policy");
    x.attr("tests", tests);
    x.attr("failures", failures);
    x.attr("errors", errors);
    x.attr("skipped", skipped);
    x.attr("time", "0");
    x.attr("timestamp", timestamp);

    // the run itself
    x.nl(1);
    x.w.writeStartElement("testsuite");
    x.attr("name", "psa-policy run");
    x.attr("tests", 1);
    x.attr("failures", 0);
    x.attr("errors", errors);
    x.attr("skipped", 0);
    x.attr("time", "0");
    x.attr("timestamp", timestamp);
    x.nl(2);
    x.w.writeStartElement("properties");
    property(x, "psa-policy.runId", run.runId());
    property(x, "psa-policy.startedAt", run.startedAt().toString());
    property(x, "psa-policy.toolVersion", run.toolVersion());
    property(x, "psa-policy.complete", Boolean.toString(run.complete()));
    property(x, "psa-policy.principals", Integer.toString(r.principals().size()));
    property(x, "psa-policy.grantsEvaluated", Long.toString(run.grantsEvaluated()));
    property(x, "psa-policy.failOn", r.verdict().failOn().id());
    property(x, "psa-policy.exitCode", Integer.toString(r.verdict().exitCode()));
    property(x, "psa-policy.gate", r.verdict().outcome().name());
    for (InputRef in : run.inputs()) {
      property(x, "psa-policy.input." + in.kind().id() + "." + in.name(), "sha256:" + in.sha256());
    }
    for (RuleRelaxation rx : r.relaxations()) {
      property(x, "psa-policy.relaxed." + rx.ruleId(), rx.describe() + " (" + rx.where() + ")");
    }
    x.nl(2);
    x.w.writeEndElement();
    x.nl(2);
    x.w.writeStartElement("testcase");
    x.attr("classname", "psa-policy.run");
    x.attr("name", "permission data is complete");
    x.attr("time", "0");
    if (!run.complete()) {
      x.nl(3);
      x.w.writeStartElement("error");
      x.attr("type", "INCOMPLETE_DATA");
      x.attr("message", "the permission data is incomplete: the gate cannot pass");
      x.text(String.join("\n", run.incomplete()));
      x.w.writeEndElement();
      x.nl(2);
    }
    x.w.writeEndElement();
    x.nl(1);
    x.w.writeEndElement();

    for (PrincipalInfo p : r.principals()) {
      long pf = 0;
      long ps = 0;
      for (RuleInfo rule : rules) {
        List<Violation> vs = of(byPrincipal, p, rule);
        if (vs.stream().anyMatch(v -> v.disposition().isOpen())) {
          pf++;
        } else if (!vs.isEmpty()) {
          ps++;
        }
      }
      String suite =
          p.platform()
              + " "
              + p.instance()
              + " "
              + p.id()
              + (p.name() == null || p.name().isBlank() ? "" : " " + p.name());
      x.nl(1);
      x.w.writeStartElement("testsuite");
      x.attr("name", suite);
      x.attr("tests", rules.size());
      x.attr("failures", pf);
      x.attr("errors", 0);
      x.attr("skipped", ps);
      x.attr("time", "0");
      x.attr("timestamp", timestamp);
      x.nl(2);
      x.w.writeStartElement("properties");
      property(x, "psa-policy.runId", run.runId());
      property(x, "role", p.role());
      property(x, "baselines", String.join(",", p.baselines()));
      if (p.assignedBy() != null) {
        property(x, "assignedBy", p.assignedBy().describe());
      }
      x.nl(2);
      x.w.writeEndElement();
      String classname = "psa-policy." + p.platform() + "." + p.instance() + "." + p.id();
      for (RuleInfo rule : rules) {
        testcase(x, classname, rule.id(), of(byPrincipal, p, rule));
      }
      x.nl(1);
      x.w.writeEndElement();
    }
    if (!orphans.isEmpty()) {
      x.nl(1);
      x.w.writeStartElement("testsuite");
      x.attr("name", "psa-policy other findings");
      x.attr("tests", orphanRules.size());
      x.attr(
          "failures",
          orphanRules.stream()
              .filter(
                  id ->
                      orphans.stream()
                          .anyMatch(v -> v.ruleId().equals(id) && v.disposition().isOpen()))
              .count());
      x.attr("errors", 0);
      x.attr(
          "skipped",
          orphanRules.stream()
              .filter(
                  id ->
                      orphans.stream()
                          .noneMatch(v -> v.ruleId().equals(id) && v.disposition().isOpen()))
              .count());
      x.attr("time", "0");
      x.attr("timestamp", timestamp);
      for (String id : orphanRules) {
        List<Violation> vs = orphans.stream().filter(v -> v.ruleId().equals(id)).toList();
        testcase(x, "psa-policy.other", id, vs);
      }
      x.nl(1);
      x.w.writeEndElement();
    }
    x.nl(0);
    x.w.writeEndElement();
    x.w.writeEndDocument();
  }

  /** One rule x principal: fails on an open violation, skipped when all are waived/accepted. */
  private static void testcase(Xml x, String classname, String ruleId, List<Violation> vs)
      throws XMLStreamException {
    x.nl(2);
    x.w.writeStartElement("testcase");
    x.attr("classname", classname);
    x.attr("name", ruleId);
    x.attr("time", "0");
    List<Violation> open = vs.stream().filter(v -> v.disposition().isOpen()).toList();
    if (!open.isEmpty()) {
      x.nl(3);
      x.w.writeStartElement("failure");
      x.attr("type", ruleId);
      x.attr(
          "message",
          open.size()
              + " open violation(s), highest "
              + open.get(0).severity().id()
              + ": "
              + open.get(0).message());
      x.text(describe(vs));
      x.w.writeEndElement();
      x.nl(2);
    } else if (!vs.isEmpty()) {
      x.nl(3);
      x.w.writeStartElement("skipped");
      x.attr(
          "message",
          vs.stream()
              .map(v -> disposition(v.disposition()))
              .distinct()
              .collect(Collectors.joining("; ")));
      x.w.writeEndElement();
      x.nl(3);
      x.w.writeStartElement("system-out");
      x.text(describe(vs));
      x.w.writeEndElement();
      x.nl(2);
    }
    x.w.writeEndElement();
  }

  private static List<Violation> of(
      Map<PrincipalRef, List<Violation>> byPrincipal, PrincipalInfo p, RuleInfo rule) {
    return byPrincipal.getOrDefault(p.ref(), List.of()).stream()
        .filter(v -> v.ruleId().equals(rule.id()))
        .toList();
  }

  private static String describe(List<Violation> vs) {
    StringBuilder b = new StringBuilder();
    for (Violation v : vs) {
      b.append(v.severity().id()).append(' ').append(v.ruleId());
      if (v.cell() != null) {
        b.append(' ')
            .append(v.cell())
            .append(' ')
            .append(Verb.id(v.platform(), v.verb()))
            .append(' ')
            .append(Level.word(v.platform(), v.actual()));
        if (v.allowed() != null) {
          b.append(" (allowed ").append(Level.word(v.platform(), v.allowed())).append(')');
        }
      }
      if (!v.disposition().isOpen()) {
        b.append(" [").append(disposition(v.disposition())).append(']');
      }
      b.append('\n')
          .append("  ")
          .append(v.message())
          .append('\n')
          .append("  fix: ")
          .append(v.fix())
          .append('\n')
          .append("  fingerprint: ")
          .append(v.fingerprint())
          .append('\n');
    }
    return b.toString();
  }

  private static String disposition(Disposition d) {
    return d.status() == Disposition.Status.WAIVED
        ? "waived by " + d.reference()
        : d.status() == Disposition.Status.ACCEPTED ? "accepted in " + d.reference() : "open";
  }

  private static void property(Xml x, String name, String value) throws XMLStreamException {
    x.nl(3);
    x.w.writeEmptyElement("property");
    x.attr("name", name);
    x.attr("value", value == null ? "" : value);
  }

  /** StAX with indentation, and without the characters XML 1.0 cannot carry. */
  private record Xml(XMLStreamWriter w) {
    void nl(int depth) throws XMLStreamException {
      w.writeCharacters("\n" + "  ".repeat(depth));
    }

    void attr(String name, Object value) throws XMLStreamException {
      // a parser folds line ends in attributes into spaces anyway; say so in the bytes
      w.writeAttribute(name, clean(String.valueOf(value)).replaceAll("[\r\n\t]+", " "));
    }

    void text(String s) throws XMLStreamException {
      w.writeCharacters(clean(s));
    }

    static String clean(String s) {
      StringBuilder b = new StringBuilder(s.length());
      s.codePoints()
          .forEach(
              c -> {
                boolean ok =
                    c == 0x9
                        || c == 0xA
                        || c == 0xD
                        || (c >= 0x20 && c <= 0xD7FF)
                        || (c >= 0xE000 && c <= 0xFFFD)
                        || (c >= 0x10000 && c <= 0x10FFFF);
                b.appendCodePoint(ok ? c : 0xFFFD);
              });
      return b.toString();
    }
  }
}
