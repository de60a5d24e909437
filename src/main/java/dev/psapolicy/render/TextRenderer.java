package dev.psapolicy.render;

import dev.psapolicy.input.InputRef;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.PrincipalInfo;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.RuleRelaxation;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The terminal format: run metadata, one block per violation, the inputs with their hashes, a
 * summary and the gate line, readable without colour.
 */
public final class TextRenderer implements Renderer {
  @Override
  public String name() {
    return "text";
  }

  @Override
  public void render(Report r, OutputStream out) throws IOException {
    PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    w.printf(
        "psa-policy %s: %d principal(s), %d grant(s), %d rule(s)%n",
        r.run().toolVersion(), r.principals().size(), r.run().grantsEvaluated(), r.rules().size());
    w.println(clean("run " + r.run().runId() + ", started " + r.run().startedAt()));
    Map<String, Integer> covered = new LinkedHashMap<>();
    for (PrincipalInfo p : r.principals()) {
      covered.merge(p.platform() + " " + p.instance(), 1, Integer::sum);
    }
    if (!covered.isEmpty()) {
      StringBuilder c = new StringBuilder("covered: ");
      covered.forEach(
          (k, n) ->
              c.append(c.length() > 9 ? ", " : "").append(k).append(" (").append(n).append(')'));
      w.println(clean(c.toString()));
    }
    if (!r.run().complete()) {
      w.println("INCOMPLETE DATA: the gate cannot pass");
      for (String reason : r.run().incomplete()) {
        w.println(clean("  - " + reason));
      }
    }
    if (!r.relaxations().isEmpty()) {
      w.println(
          "RELAXED BY CONFIG: "
              + r.relaxations().size()
              + " rule(s) disabled or lowered below their declared severity");
      for (RuleRelaxation x : r.relaxations()) {
        w.println(clean("  - " + x.ruleId() + " " + x.describe() + " (" + x.where() + ")"));
      }
    }
    w.println();
    for (Violation v : r.violations()) {
      w.println(
          clean(
              String.format(
                  "%-8s %s  %s %s  %s%s",
                  v.severity().id().toUpperCase(Locale.ROOT),
                  v.ruleId(),
                  v.platform(),
                  v.instance(),
                  who(v),
                  v.cell() == null
                      ? ""
                      : "  "
                          + v.cell()
                          + " "
                          + Verb.id(v.platform(), v.verb())
                          + " "
                          + Level.word(v.platform(), v.actual())
                          + (v.allowed() == null
                              ? ""
                              : " (allowed " + Level.word(v.platform(), v.allowed()) + ")"))));
      if (!v.disposition().isOpen()) {
        w.println(
            clean(
                "         "
                    + v.disposition().status().id().toUpperCase(Locale.ROOT)
                    + " by "
                    + v.disposition().reference()
                    + " (does not count against the gate)"));
      }
      w.println(clean("         " + v.message()));
      w.println(clean("         fix: " + v.fix()));
    }
    if (r.violations().isEmpty()) {
      w.println("no violations");
    }
    w.println();
    // which baselines judged whom, and where each assignment came from
    w.println("baselines:");
    for (PrincipalInfo p : r.principals()) {
      w.println(
          clean(
              "  "
                  + p.platform()
                  + " "
                  + p.instance()
                  + "  "
                  + p.display()
                  + ": "
                  + p.baselinesWithOrigin()));
    }
    if (r.principals().isEmpty()) {
      w.println("  no principals");
    }
    w.println();
    w.println("inputs:");
    for (InputRef in : r.run().inputs()) {
      w.println(clean("  " + in.kind().id() + " " + in.name() + " sha256:" + in.sha256()));
    }
    w.println();
    StringBuilder counts = new StringBuilder();
    Map<Severity, Integer> by = r.countBySeverity();
    for (Severity s : Severity.values()) {
      if (counts.length() > 0) {
        counts.append(", ");
      }
      counts.append(by.get(s)).append(' ').append(s.id());
    }
    w.printf(
        "summary: %d violation(s): %s; %d open, %d waived, %d accepted%n",
        r.violations().size(),
        counts,
        r.count(Disposition.Status.OPEN),
        r.count(Disposition.Status.WAIVED),
        r.count(Disposition.Status.ACCEPTED));
    w.printf(
        "gate: %s (fail-on %s: %d at or above) exit %d%n",
        r.verdict().outcome(),
        r.verdict().failOn().id(),
        r.verdict().failing(),
        r.verdict().exitCode());
    w.flush();
  }

  /** One terminal line ({@link Escape#terminal}). */
  static String clean(String s) {
    return Escape.terminal(s);
  }

  private static String who(Violation v) {
    String name =
        v.principalName() == null || v.principalName().isBlank()
            ? v.principalId()
            : v.principalName() + " (" + v.principalId() + ")";
    return name;
  }
}
