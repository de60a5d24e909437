package dev.psapolicy.render;

import dev.psapolicy.input.InputRef;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.PrincipalInfo;
import dev.psapolicy.report.PrincipalRef;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.RuleRelaxation;
import dev.psapolicy.report.RunInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML file for people and auditors: the verdict, a summary by severity, per
 * principal the grant matrix with violating cells marked, each violation with its rule, rationale,
 * fix and waiver/accepted state, the rules evaluated and the run metadata.
 *
 * <p>No script, font, image or style sheet is loaded from anywhere: a Content-Security-Policy of
 * {@code default-src 'none'} forbids every request and the only style is inline. Every value is
 * HTML-escaped; links are never made from data (rule sources are shown as text).
 */
public final class HtmlRenderer implements Renderer {
  /** The Content-Security-Policy the page declares. */
  public static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; " + "base-uri 'none'; form-action 'none'";

  private static final List<String> VERBS = List.of("add", "edit", "delete", "inquire");

  private static final String STYLE =
      """
      :root{color-scheme:light;--fg:#1d2127;--muted:#5b6470;--line:#d5d9de;--bg:#fff;--alt:#f6f7f9}
      *{box-sizing:border-box}
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
      background:var(--bg);margin:0 auto;max-width:1200px;padding:24px}
      h1{font-size:24px;margin:0 0 8px}h2{font-size:19px;margin:32px 0 8px;border-bottom:2px solid var(--line)}
      h3{font-size:16px;margin:24px 0 4px}h4{font-size:14px;margin:16px 0 4px}
      table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
      th{background:var(--alt)}td.num{text-align:right;font-variant-numeric:tabular-nums}
      code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
      .muted{color:var(--muted)}
      .verdict{display:inline-block;font-weight:700;padding:6px 12px;border-radius:4px;border:2px solid}
      .verdict.PASS{color:#0a5c2b;background:#e3f5e9}.verdict.FAIL{color:#8a1111;background:#fde8e8}
      .verdict.INCOMPLETE{color:#7a4a00;background:#fff2d6}
      .sev{display:inline-block;min-width:64px;text-align:center;font-weight:700;font-size:12px;
      padding:1px 6px;border-radius:3px;color:#fff}
      .sev-critical{background:#7f0d0d}.sev-high{background:#c0392b}.sev-medium{background:#b9770e}
      .sev-low{background:#2e6da4}.sev-info{background:#6b7480}
      table.matrix td.cell{text-align:center;min-width:84px}
      td.lvl-None{color:var(--muted)}td.lvl-My{background:#f3f6fb}td.lvl-All{background:#eef2f8;font-weight:600}
      td.violation{font-weight:700;outline:2px solid #c0392b;outline-offset:-2px}
      td.violation.critical{background:#f9d0d0}td.violation.high{background:#fbdcd7}
      td.violation.medium{background:#fcebd0}td.violation.low{background:#dde9f6}td.violation.info{background:#eceef1}
      td.violation.disposed{outline-style:dashed;outline-color:#6b7480;background:#f1f1f1;font-weight:400}
      .mark{font-size:11px;display:block;font-weight:400}
      ol.violations{padding-left:20px}ol.violations li{margin:0 0 12px}
      .status{font-size:12px;font-weight:700;padding:1px 6px;border-radius:3px;border:1px solid}
      .status.open{color:#8a1111}.status.waived,.status.accepted{color:#444}
      dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 16px}dl.meta dt{font-weight:600}dl.meta dd{margin:0}
      .banner{border:2px solid #b9770e;background:#fff2d6;padding:8px 12px;margin:12px 0}
      @media print{body{max-width:none;padding:0}h2{break-after:avoid}article{break-inside:avoid-page}}
      """;

  @Override
  public String name() {
    return "html";
  }

  @Override
  public void render(Report r, OutputStream out) throws IOException {
    StringBuilder b = new StringBuilder(32_768);
    RunInfo run = r.run();
    String verdict = r.verdict().outcome().name();
    Map<String, RuleInfo> rules = new LinkedHashMap<>();
    for (RuleInfo rule : r.rules()) {
      rules.put(rule.id(), rule);
    }
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(Escape.html(CSP))
        .append("\">\n")
        .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"psa-policy ")
        .append(Escape.html(run.toolVersion()))
        .append("\">\n")
        .append("<title>psa-policy report: ")
        .append(verdict)
        .append(" (run ")
        .append(Escape.html(run.runId()))
        .append(")</title>\n")
        .append("<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");

    b.append("<header>\n<h1>psa-policy least-privilege report</h1>\n")
        .append("<p class=\"verdict ")
        .append(verdict)
        .append("\" id=\"verdict\">")
        .append(Escape.html(r.verdict().describe()))
        .append("</p>\n")
        .append("<p class=\"muted\">Run <code>")
        .append(Escape.html(run.runId()))
        .append("</code>, started ")
        .append(Escape.html(run.startedAt().toString()))
        .append(", psa-policy ")
        .append(Escape.html(run.toolVersion()))
        .append(". ")
        .append(r.principals().size())
        .append(" principal(s), ")
        .append(run.grantsEvaluated())
        .append(" grant(s), ")
        .append(r.rules().size())
        .append(" rule(s).</p>\n");
    if (!run.complete()) {
      b.append("<div class=\"banner\" id=\"incomplete\"><strong>Incomplete data.</strong> ")
          .append("The permission data could not be read completely; this run proves nothing")
          .append(" and the gate cannot pass.<ul>\n");
      for (String reason : run.incomplete()) {
        b.append("<li>").append(Escape.html(reason)).append("</li>\n");
      }
      b.append("</ul></div>\n");
    }
    if (!r.relaxations().isEmpty()) {
      b.append("<div class=\"banner\" id=\"relaxed\"><strong>Rules relaxed by the policy")
          .append(" config.</strong> ")
          .append(r.relaxations().size())
          .append(" rule(s) disabled or lowered below their declared severity:<ul>\n");
      for (RuleRelaxation x : r.relaxations()) {
        b.append("<li><code>")
            .append(Escape.html(x.ruleId()))
            .append("</code> ")
            .append(Escape.html(x.describe()))
            .append(" (<span class=\"mono\">")
            .append(Escape.html(x.where()))
            .append("</span>)</li>\n");
      }
      b.append("</ul></div>\n");
    }
    b.append("</header>\n");

    summary(r, b);
    principals(r, rules, b);
    rulesSection(r, b);
    runSection(r, b);
    b.append("<footer class=\"muted\"><p>Generated by psa-policy ")
        .append(Escape.html(run.toolVersion()))
        .append(". This file is self-contained: it loads nothing from anywhere.</p></footer>\n")
        .append("</body>\n</html>\n");
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void summary(Report r, StringBuilder b) {
    b.append("<section id=\"summary\">\n<h2>Summary by severity</h2>\n")
        .append("<table class=\"summary\">\n<thead><tr><th>severity</th><th>open</th>")
        .append("<th>waived</th><th>accepted</th><th>total</th><th>gate</th></tr></thead>\n")
        .append("<tbody>\n");
    for (Severity s : Severity.values()) {
      long open = 0;
      long waived = 0;
      long accepted = 0;
      for (Violation v : r.violations()) {
        if (v.severity() != s) {
          continue;
        }
        switch (v.disposition().status()) {
          case OPEN -> open++;
          case WAIVED -> waived++;
          case ACCEPTED -> accepted++;
          default -> throw new IllegalStateException();
        }
      }
      b.append("<tr><td>")
          .append(badge(s))
          .append("</td><td class=\"num\">")
          .append(open)
          .append("</td><td class=\"num\">")
          .append(waived)
          .append("</td><td class=\"num\">")
          .append(accepted)
          .append("</td><td class=\"num\">")
          .append(open + waived + accepted)
          .append("</td><td>")
          .append(s.atLeast(r.verdict().failOn()) ? "fails when open" : "reported")
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n<tfoot><tr><th>total</th><td class=\"num\">")
        .append(r.count(Disposition.Status.OPEN))
        .append("</td><td class=\"num\">")
        .append(r.count(Disposition.Status.WAIVED))
        .append("</td><td class=\"num\">")
        .append(r.count(Disposition.Status.ACCEPTED))
        .append("</td><td class=\"num\">")
        .append(r.violations().size())
        .append("</td><td>fail on ")
        .append(r.verdict().failOn().id())
        .append("</td></tr></tfoot>\n</table>\n</section>\n");
  }

  private static void principals(Report r, Map<String, RuleInfo> rules, StringBuilder b) {
    Map<PrincipalRef, List<Violation>> byPrincipal = new HashMap<>();
    for (Violation v : r.violations()) {
      byPrincipal.computeIfAbsent(v.principalRef(), k -> new ArrayList<>()).add(v);
    }
    b.append("<section id=\"principals\">\n<h2>Principals</h2>\n");
    if (r.principals().isEmpty()) {
      b.append("<p>No principals were covered.</p>\n");
    } else {
      b.append("<table class=\"principals\">\n<thead><tr><th>principal</th><th>platform</th>")
          .append("<th>instance</th><th>role</th><th>baselines</th><th>violations</th>")
          .append("</tr></thead>\n<tbody>\n");
      int n = 0;
      for (PrincipalInfo p : r.principals()) {
        List<Violation> vs = byPrincipal.getOrDefault(p.ref(), List.of());
        b.append("<tr><td><a href=\"#p")
            .append(++n)
            .append("\">")
            .append(Escape.html(who(p)))
            .append("</a></td><td>")
            .append(Escape.html(p.platform()))
            .append("</td><td>")
            .append(Escape.html(p.instance()))
            .append("</td><td>")
            .append(Escape.html(p.role()))
            .append("</td><td>")
            .append(Escape.html(p.baselinesWithOrigin()))
            .append("</td><td class=\"num\">")
            .append(vs.size())
            .append("</td></tr>\n");
      }
      b.append("</tbody>\n</table>\n");
    }
    int n = 0;
    for (PrincipalInfo p : r.principals()) {
      List<Violation> vs = byPrincipal.getOrDefault(p.ref(), List.of());
      principal(p, ++n, vs, rules, b);
    }
    // violations of principals the report does not describe (defensive; never silent)
    List<Violation> orphans = new ArrayList<>();
    for (Violation v : r.violations()) {
      boolean known = r.principals().stream().anyMatch(p -> p.ref().equals(v.principalRef()));
      if (!known) {
        orphans.add(v);
      }
    }
    if (!orphans.isEmpty()) {
      b.append("<article id=\"other\">\n<h3>Other violations</h3>\n");
      violationList(orphans, rules, b);
      b.append("</article>\n");
    }
    b.append("</section>\n");
  }

  private static void principal(
      PrincipalInfo p, int n, List<Violation> vs, Map<String, RuleInfo> rules, StringBuilder b) {
    b.append("<article class=\"principal\" id=\"p")
        .append(n)
        .append("\">\n<h3>")
        .append(Escape.html(who(p)))
        .append(" <span class=\"muted\">")
        .append(Escape.html(p.platform()))
        .append(' ')
        .append(Escape.html(p.instance()))
        .append("</span></h3>\n<p class=\"muted\">role ")
        .append(Escape.html(p.role() == null ? "(none)" : p.role()))
        .append("; baselines ")
        .append(Escape.html(p.baselinesWithOrigin()));
    if (p.source() != null) {
      b.append("; from ").append(Escape.html(p.source().location()));
      if (p.line() > 0) {
        b.append(" line ").append(p.line());
      }
    }
    b.append("</p>\n");

    // the grant matrix: one row per module/function, one column per verb
    Map<Cell, String[]> rows = new LinkedHashMap<>();
    for (PrincipalInfo.GrantInfo g : p.grants()) {
      Cell k = new Cell(g.module(), g.function());
      rows.computeIfAbsent(k, x -> new String[VERBS.size()]);
      int i = VERBS.indexOf(g.verb());
      if (i >= 0) {
        rows.get(k)[i] = g.level();
      }
    }
    Map<CellVerb, List<Violation>> byCell = new HashMap<>();
    for (Violation v : vs) {
      if (v.module() != null) {
        Cell k = new Cell(v.module(), v.function());
        byCell.computeIfAbsent(new CellVerb(k, v.verb()), x -> new ArrayList<>()).add(v);
        rows.computeIfAbsent(k, x -> new String[VERBS.size()]);
      }
    }
    if (rows.isEmpty()) {
      b.append("<p>No grants.</p>\n");
    } else {
      b.append("<table class=\"matrix\">\n<thead><tr><th>module</th><th>function</th>");
      for (String verb : VERBS) {
        b.append("<th>").append(Escape.html(Verb.id(p.platform(), verb))).append("</th>");
      }
      b.append("</tr></thead>\n<tbody>\n");
      for (Map.Entry<Cell, String[]> row : rows.entrySet()) {
        b.append("<tr><td>")
            .append(Escape.html(row.getKey().module()))
            .append("</td><td>")
            .append(Escape.html(row.getKey().function()))
            .append("</td>");
        for (int i = 0; i < VERBS.size(); i++) {
          String level = row.getValue()[i];
          List<Violation> cell =
              byCell.getOrDefault(new CellVerb(row.getKey(), VERBS.get(i)), List.of());
          cell(p.platform(), level, cell, b);
        }
        b.append("</tr>\n");
      }
      b.append("</tbody>\n</table>\n");
    }
    if (vs.isEmpty()) {
      b.append("<p>No violations.</p>\n");
    } else {
      b.append("<h4>Violations</h4>\n");
      violationList(vs, rules, b);
    }
    b.append("</article>\n");
  }

  private static void cell(String platform, String level, List<Violation> cell, StringBuilder b) {
    String shown = level == null ? (cell.isEmpty() ? "" : cell.get(0).actual()) : level;
    if (cell.isEmpty()) {
      b.append("<td class=\"cell lvl-")
          .append(Escape.html(shown))
          .append("\">")
          .append(Escape.html(Level.word(platform, shown)))
          .append("</td>");
      return;
    }
    Violation worst = cell.get(0);
    for (Violation v : cell) {
      if (v.severity().weight() > worst.severity().weight()) {
        worst = v;
      }
    }
    boolean open = cell.stream().anyMatch(v -> v.disposition().isOpen());
    StringBuilder title = new StringBuilder();
    for (Violation v : cell) {
      if (title.length() > 0) {
        title.append("; ");
      }
      title
          .append(v.ruleId())
          .append(" (")
          .append(v.severity().id())
          .append(", ")
          .append(v.disposition().status().id())
          .append(')');
    }
    b.append("<td class=\"cell violation ")
        .append(worst.severity().id())
        .append(open ? "" : " disposed")
        .append("\" title=\"")
        .append(Escape.html(title.toString()))
        .append("\">")
        .append(open ? "&#x2716; " : "")
        .append(Escape.html(Level.word(platform, shown)));
    if (worst.allowed() != null) {
      b.append("<span class=\"mark\">allowed ")
          .append(Escape.html(Level.word(platform, worst.allowed())))
          .append("</span>");
    }
    b.append("<span class=\"mark\">").append(worst.severity().id());
    if (!open) {
      b.append(", ").append(worst.disposition().status().id());
    }
    b.append("</span></td>");
  }

  private static void violationList(
      List<Violation> vs, Map<String, RuleInfo> rules, StringBuilder b) {
    b.append("<ol class=\"violations\">\n");
    for (Violation v : vs) {
      RuleInfo rule = rules.get(v.ruleId());
      b.append("<li class=\"violation-item\">")
          .append(badge(v.severity()))
          .append(" <code>")
          .append(Escape.html(v.ruleId()))
          .append("</code> ")
          .append(Escape.html(v.title()))
          .append(' ')
          .append(status(v.disposition()));
      if (v.cell() != null) {
        b.append("<br>grant: ")
            .append(Escape.html(v.cell()))
            .append(' ')
            .append(Escape.html(Verb.id(v.platform(), v.verb())))
            .append(" = ")
            .append(Escape.html(Level.word(v.platform(), v.actual())));
        if (v.raw() != null && !v.raw().equals(v.actual())) {
          b.append(" (PSA value ").append(Escape.html(v.raw())).append(')');
        }
        if (v.allowed() != null) {
          b.append(", allowed ").append(Escape.html(Level.word(v.platform(), v.allowed())));
        }
        if (v.baseline() != null) {
          b.append(" by ").append(Escape.html(v.baseline()));
        }
      }
      b.append("<br>").append(Escape.html(v.message()));
      if (rule != null && rule.rationale() != null) {
        b.append("<br><span class=\"muted\">Why: ")
            .append(Escape.html(rule.rationale()))
            .append("</span>");
      }
      b.append("<br><strong>Fix:</strong> ").append(Escape.html(v.fix()));
      b.append("<br><span class=\"muted\">fingerprint <code>")
          .append(Escape.html(v.fingerprint()))
          .append("</code></span></li>\n");
    }
    b.append("</ol>\n");
  }

  private static String status(Disposition d) {
    return switch (d.status()) {
      case OPEN -> "<span class=\"status open\">open</span>";
      case WAIVED ->
          "<span class=\"status waived\">waived by " + Escape.html(d.reference()) + "</span>";
      case ACCEPTED ->
          "<span class=\"status accepted\">accepted in " + Escape.html(d.reference()) + "</span>";
    };
  }

  private static void rulesSection(Report r, StringBuilder b) {
    b.append("<section id=\"rules\">\n<h2>Rules evaluated</h2>\n<table class=\"rules\">\n")
        .append("<thead><tr><th>id</th><th>severity</th><th>title</th><th>rationale</th>")
        .append("<th>remediation</th><th>source</th></tr></thead>\n<tbody>\n");
    for (RuleInfo rule : r.rules()) {
      b.append("<tr><td><code>")
          .append(Escape.html(rule.id()))
          .append("</code></td><td>")
          .append(badge(rule.severity()));
      if (rule.oneStepSeverity() != null) {
        b.append(" <span class=\"muted\">one step: ")
            .append(rule.oneStepSeverity().id())
            .append("</span>");
      }
      b.append("</td><td>")
          .append(Escape.html(rule.title()))
          .append("</td><td>")
          .append(Escape.html(rule.rationale()))
          .append("</td><td>")
          .append(Escape.html(rule.remediation()))
          .append("</td><td class=\"mono\">")
          .append(Escape.html(rule.source()))
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n</section>\n");
  }

  private static void runSection(Report r, StringBuilder b) {
    RunInfo run = r.run();
    b.append("<section id=\"run\">\n<h2>Run metadata</h2>\n<dl class=\"meta\">\n")
        .append("<dt>run id</dt><dd><code>")
        .append(Escape.html(run.runId()))
        .append("</code></dd>\n")
        .append("<dt>started (UTC)</dt><dd>")
        .append(Escape.html(run.startedAt().toString()))
        .append("</dd>\n")
        .append("<dt>tool</dt><dd>psa-policy ")
        .append(Escape.html(run.toolVersion()))
        .append("</dd>\n")
        .append("<dt>data complete</dt><dd>")
        .append(run.complete() ? "yes" : "<strong>no</strong>")
        .append("</dd>\n")
        .append("<dt>principals</dt><dd>")
        .append(r.principals().size())
        .append("</dd>\n")
        .append("<dt>grants evaluated</dt><dd>")
        .append(run.grantsEvaluated())
        .append("</dd>\n")
        .append("<dt>gate</dt><dd>fail on ")
        .append(r.verdict().failOn().id())
        .append(", ")
        .append(r.verdict().outcome().name())
        .append(", exit code ")
        .append(r.verdict().exitCode())
        .append("</dd>\n")
        .append("</dl>\n<h3>Inputs</h3>\n<table class=\"inputs\">\n")
        .append("<thead><tr><th>kind</th><th>name</th><th>SHA-256</th></tr></thead>\n<tbody>\n");
    for (InputRef in : run.inputs()) {
      b.append("<tr><td>")
          .append(Escape.html(in.kind().id()))
          .append("</td><td>")
          .append(Escape.html(in.name()))
          .append("</td><td class=\"mono\">")
          .append(Escape.html(in.sha256()))
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n</section>\n");
  }

  private static String badge(Severity s) {
    return "<span class=\"sev sev-" + s.id() + "\">" + s.id().toUpperCase(Locale.ROOT) + "</span>";
  }

  private static String who(PrincipalInfo p) {
    return p.name() == null || p.name().isBlank() ? p.id() : p.name() + " (" + p.id() + ")";
  }

  /** One verb of one cell of the grant matrix: where a violation is shown. */
  private record CellVerb(Cell cell, String verb) {}
}
