package dev.psapolicy.render;

import dev.psapolicy.input.InputRef;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.PrincipalInfo;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.RuleRelaxation;
import dev.psapolicy.report.RunInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A summary fit for a pull-request comment or a CI step summary (GitHub-flavoured Markdown):
 * verdict, counts by severity and disposition, the violations (at most {@link #MAX_ROWS}, so that
 * the comment stays under the hosts' size limits), and the run metadata folded away.
 *
 * <p>Every value from the PSA or a rule file is escaped: Markdown punctuation is backslashed,
 * {@code <} and {@code >} become entities, and {@code @} is followed by a zero-width space so that
 * a principal named like a user or team mentions nobody.
 */
public final class MarkdownRenderer implements Renderer {
  /** The most violation rows a summary lists. */
  public static final int MAX_ROWS = 100;

  @Override
  public String name() {
    return "markdown";
  }

  @Override
  public void render(Report r, OutputStream out) throws IOException {
    StringBuilder b = new StringBuilder();
    RunInfo run = r.run();
    String verdict = r.verdict().outcome().name();
    b.append("## psa-policy: ").append(verdict).append("\n\n");
    b.append("**").append(Escape.markdown(r.verdict().describe())).append("**\n\n");
    if (!run.complete()) {
      b.append("> [!CAUTION]\n> The permission data is incomplete; this run proves nothing:\n");
      for (String reason : run.incomplete()) {
        b.append(">\n> - ").append(Escape.markdown(reason)).append('\n');
      }
      b.append('\n');
    }
    if (!r.relaxations().isEmpty()) {
      b.append("> [!WARNING]\n> The policy config relaxes ")
          .append(r.relaxations().size())
          .append(" rule(s): disabled or lowered below their declared severity.\n>\n");
      for (RuleRelaxation x : r.relaxations()) {
        b.append("> - `")
            .append(x.ruleId())
            .append("` ")
            .append(Escape.markdown(x.describe()))
            .append(" (")
            .append(Escape.markdown(x.where()))
            .append(")\n");
      }
      b.append('\n');
    }
    b.append(r.principals().size())
        .append(" principal(s), ")
        .append(run.grantsEvaluated())
        .append(" grant(s), ")
        .append(r.rules().size())
        .append(" rule(s); ")
        .append(r.violations().size())
        .append(" violation(s): ")
        .append(r.count(Disposition.Status.OPEN))
        .append(" open, ")
        .append(r.count(Disposition.Status.WAIVED))
        .append(" waived, ")
        .append(r.count(Disposition.Status.ACCEPTED))
        .append(" accepted.\n\n");

    Map<Severity, int[]> by = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      by.put(s, new int[3]);
    }
    for (Violation v : r.violations()) {
      by.get(v.severity())[
          switch (v.disposition().status()) {
            case OPEN -> 0;
            case WAIVED -> 1;
            case ACCEPTED -> 2;
          }]++;
    }
    b.append("| severity | open | waived | accepted |\n|---|---:|---:|---:|\n");
    for (Severity s : Severity.values()) {
      int[] n = by.get(s);
      b.append("| ")
          .append(s.id())
          .append(s.atLeast(r.verdict().failOn()) ? " (gating)" : "")
          .append(" | ")
          .append(n[0])
          .append(" | ")
          .append(n[1])
          .append(" | ")
          .append(n[2])
          .append(" |\n");
    }
    b.append('\n');

    if (!r.violations().isEmpty()) {
      b.append("### Violations\n\n");
      b.append("| severity | rule | principal | grant | granted | allowed | fix | status |\n");
      b.append("|---|---|---|---|---|---|---|---|\n");
      int shown = 0;
      for (Violation v : r.violations()) {
        if (shown++ == MAX_ROWS) {
          break;
        }
        b.append("| ")
            .append(v.severity().id())
            .append(" | `")
            .append(v.ruleId())
            .append('`')
            .append(" | ")
            .append(Escape.markdown(who(v)))
            .append(' ')
            .append(Escape.markdown(v.platform()))
            .append(' ')
            .append(Escape.markdown(v.instance()))
            .append(" | ")
            .append(
                v.cell() == null
                    ? ""
                    : Escape.markdown(v.cell() + " " + Verb.id(v.platform(), v.verb())))
            .append(" | ")
            .append(Escape.markdown(nz(Level.word(v.platform(), v.actual()))))
            .append(" | ")
            .append(Escape.markdown(nz(Level.word(v.platform(), v.allowed()))))
            .append(" | ")
            .append(Escape.markdown(v.fix()))
            .append(" | ")
            .append(status(v.disposition()))
            .append(" |\n");
      }
      if (r.violations().size() > MAX_ROWS) {
        b.append("\n")
            .append(r.violations().size() - MAX_ROWS)
            .append(" more violation(s) not shown: see the JSON, SARIF or HTML report.\n");
      }
      b.append('\n');
    } else {
      b.append("No violations.\n\n");
    }

    b.append("<details><summary>Run metadata</summary>\n\n");
    b.append("- run id: `").append(run.runId()).append("`\n");
    b.append("- started: ").append(run.startedAt()).append('\n');
    b.append("- tool: psa-policy ").append(Escape.markdown(run.toolVersion())).append('\n');
    b.append("- data complete: ").append(run.complete() ? "yes" : "**no**").append('\n');
    b.append("- gate: fail on ")
        .append(r.verdict().failOn().id())
        .append(", exit ")
        .append(r.verdict().exitCode())
        .append('\n');
    Map<String, Integer> instances = new LinkedHashMap<>();
    for (PrincipalInfo p : r.principals()) {
      instances.merge(p.platform() + " " + p.instance(), 1, Integer::sum);
    }
    b.append("- principals covered:");
    if (instances.isEmpty()) {
      b.append(" none");
    }
    b.append('\n');
    instances.forEach(
        (k, n) -> b.append("  - ").append(Escape.markdown(k)).append(": ").append(n).append('\n'));
    if (!r.principals().isEmpty()) {
      b.append("- baselines:\n");
    }
    for (PrincipalInfo p : r.principals()) {
      b.append("  - ")
          .append(Escape.markdown(p.platform() + " " + p.instance() + " " + p.display()))
          .append(": ")
          .append(Escape.markdown(p.baselinesWithOrigin()))
          .append('\n');
    }
    b.append("\n| input | name | sha256 |\n|---|---|---|\n");
    for (InputRef in : run.inputs()) {
      b.append("| ")
          .append(Escape.markdown(in.kind().id()))
          .append(" | ")
          .append(Escape.markdown(in.name()))
          .append(" | `")
          .append(in.sha256())
          .append("` |\n");
    }
    b.append("\n</details>\n");
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String status(Disposition d) {
    return switch (d.status()) {
      case OPEN -> "open";
      case WAIVED -> "waived (" + Escape.markdown(d.reference()) + ")";
      case ACCEPTED -> "accepted (" + Escape.markdown(d.reference()) + ")";
    };
  }

  private static String who(Violation v) {
    return v.principalName() == null || v.principalName().isBlank()
        ? v.principalId()
        : v.principalName() + " (" + v.principalId() + ")";
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
