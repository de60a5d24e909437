package dev.psapolicy.service.dashboard;

import dev.psapolicy.render.Escape;
import dev.psapolicy.service.dashboard.DashboardView.FindingRow;
import dev.psapolicy.service.dashboard.DashboardView.InstanceRow;
import dev.psapolicy.service.dashboard.DashboardView.Severity;
import dev.psapolicy.service.dashboard.DashboardView.Trend;
import dev.psapolicy.service.dashboard.DashboardView.TrendPoint;
import java.io.IOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard: one self-contained HTML page in the look of the HTML report. Instances with their
 * latest outcome and open violations, per instance an inline SVG chart of open violations per
 * severity over its runs (one line per severity, a point per run, axes labelled), and the newest
 * findings; runs link to {@code /v1/runs/{id}?format=html} and {@code /v1/runs/{id}/evidence}.
 *
 * <p>No script, font, image or style sheet is loaded: a Content-Security-Policy of {@code
 * default-src 'none'} forbids every request, the style is inline, and every value is escaped with
 * {@link Escape#html}. Pure: the view in, the page out (the time shown is the view's).
 */
public final class DashboardPage {
  /** The Content-Security-Policy the page declares (the HTML report's). */
  public static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

  /** The chart's size and margins, in SVG user units. */
  static final int WIDTH = 640;

  static final int HEIGHT = 220;
  private static final int LEFT = 48;
  private static final int RIGHT = 16;
  private static final int TOP = 12;
  private static final int BOTTOM = 40;

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final String STYLE =
      """
      :root{color-scheme:light;--fg:#1d2127;--muted:#5b6470;--line:#d5d9de;--bg:#fff;--alt:#f6f7f9}
      *{box-sizing:border-box}
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
      background:var(--bg);margin:0 auto;max-width:1200px;padding:24px}
      h1{font-size:24px;margin:0 0 8px}h2{font-size:19px;margin:32px 0 8px;border-bottom:2px solid var(--line)}
      h3{font-size:16px;margin:24px 0 4px}
      table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
      th{background:var(--alt)}td.num{text-align:right;font-variant-numeric:tabular-nums}
      code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
      .muted{color:var(--muted)}
      .sev{display:inline-block;min-width:64px;text-align:center;font-weight:700;font-size:12px;
      padding:1px 6px;border-radius:3px;color:#fff}
      .sev-critical{background:#7f0d0d}.sev-high{background:#c0392b}.sev-medium{background:#b9770e}
      .sev-low{background:#2e6da4}.sev-info{background:#6b7480}
      .status{display:inline-block;font-weight:700;font-size:12px;padding:1px 8px;border-radius:3px;border:2px solid}
      .status-passed{color:#0a5c2b;background:#e3f5e9}.status-failed{color:#8a1111;background:#fde8e8}
      .status-incomplete{color:#7a4a00;background:#fff2d6}.status-error{color:#8a1111;background:#f1f1f1}
      .status-skipped,.status-abandoned,.status-none{color:#444;background:#f1f1f1}
      code.rule{word-break:normal;white-space:nowrap}
      .empty{border:1px dashed var(--line);background:var(--alt);padding:8px 12px;margin:8px 0}
      svg.trend{max-width:100%;height:auto;border:1px solid var(--line);background:#fff}
      svg.trend text{font:11px system-ui,sans-serif;fill:#5b6470}
      ul.legend{list-style:none;padding:0;margin:4px 0 16px;display:flex;gap:16px;flex-wrap:wrap}
      ul.legend .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
      """;

  private DashboardPage() {}

  /** Writes the page. */
  public static void render(DashboardView view, Writer out) throws IOException {
    StringBuilder b = new StringBuilder(16_384);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(Escape.html(CSP))
        .append("\">\n")
        .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>psa-policy dashboard</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n")
        .append("<header>\n<h1>psa-policy dashboard</h1>\n<p class=\"muted\">Generated ")
        .append(Escape.html(view.generatedAt().toString()))
        .append(". ")
        .append(view.instances().size())
        .append(" instance(s).</p>\n</header>\n");
    instances(view, b);
    trends(view, b);
    findings(view, b);
    b.append("<footer class=\"muted\"><p>This page is self-contained: it loads nothing from")
        .append(" anywhere. Reload it to see newer runs.</p></footer>\n</body>\n</html>\n");
    out.write(b.toString());
    out.flush();
  }

  private static void instances(DashboardView view, StringBuilder b) {
    b.append("<section id=\"instances\">\n<h2>Instances</h2>\n");
    if (view.instances().isEmpty()) {
      b.append("<p class=\"empty\" id=\"no-instances\">No instance is configured. Add one under")
          .append(" <code>instances</code> in psa-policy.yaml.</p>\n</section>\n");
      return;
    }
    b.append("<table class=\"instances\">\n<thead><tr><th>instance</th><th>platform</th>")
        .append("<th>latest run</th><th>started (UTC)</th><th>outcome</th>");
    for (Severity s : Severity.values()) {
      b.append("<th>").append(s.id()).append("</th>");
    }
    b.append("<th>open</th><th>evidence</th></tr></thead>\n<tbody>\n");
    for (InstanceRow row : view.instances()) {
      b.append("<tr><td>")
          .append(Escape.html(row.name()))
          .append("</td><td>")
          .append(Escape.html(row.platform()))
          .append("</td>");
      if (row.latestRunId() == null) {
        b.append("<td colspan=\"")
            .append(Severity.values().length + 5)
            .append("\" class=\"muted\">no run yet</td></tr>\n");
        continue;
      }
      b.append("<td>")
          .append(reportLink(row.latestRunId()))
          .append("</td><td>")
          .append(row.latestRunAt() == null ? "" : Escape.html(MINUTE.format(row.latestRunAt())))
          .append("</td><td>")
          .append(status(row.status()))
          .append("</td>");
      for (Severity s : Severity.values()) {
        b.append("<td class=\"num\">").append(row.open().of(s)).append("</td>");
      }
      b.append("<td class=\"num\">")
          .append(row.open().total())
          .append("</td><td>")
          .append(evidenceLink(row.latestRunId()))
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n</section>\n");
  }

  private static void trends(DashboardView view, StringBuilder b) {
    b.append("<section id=\"trends\">\n<h2>Open violations over time</h2>\n");
    if (view.trends().isEmpty()) {
      b.append("<p class=\"empty\" id=\"no-trends\">No runs yet: a chart per instance appears")
          .append(" after its first run.</p>\n</section>\n");
      return;
    }
    for (Trend t : view.trends()) {
      b.append("<article class=\"trend\">\n<h3>")
          .append(Escape.html(t.instance()))
          .append("</h3>\n");
      if (t.points().isEmpty()) {
        b.append("<p class=\"empty\">No runs yet.</p>\n</article>\n");
        continue;
      }
      chart(t, b);
      b.append("<ul class=\"legend\">");
      for (Severity s : Severity.values()) {
        b.append("<li><span class=\"swatch sev-")
            .append(s.id())
            .append("\"></span>")
            .append(s.id())
            .append("</li>");
      }
      b.append("</ul>\n</article>\n");
    }
    b.append("</section>\n");
  }

  /** One line per severity over the runs, x by start time, y from 0 to a round maximum. */
  private static void chart(Trend t, StringBuilder b) {
    List<TrendPoint> pts = t.points();
    int max = 0;
    for (TrendPoint p : pts) {
      for (Severity s : Severity.values()) {
        max = Math.max(max, p.open().of(s));
      }
    }
    int yMax = niceMax(max);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    Instant first = pts.get(0).at();
    Instant last = pts.get(pts.size() - 1).at();
    long span = last.toEpochMilli() - first.toEpochMilli();
    double[] xs = new double[pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      double f;
      if (pts.size() == 1) {
        f = 0.5;
      } else if (span <= 0) {
        f = (double) i / (pts.size() - 1);
      } else {
        f = (double) (pts.get(i).at().toEpochMilli() - first.toEpochMilli()) / span;
      }
      xs[i] = LEFT + f * plotW;
    }
    b.append("<svg class=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"open violations per severity over ")
        .append(pts.size())
        .append(" run(s) of ")
        .append(Escape.html(t.instance()))
        .append("\">\n");
    // axes, with a grid line and a label per tick
    int ticks = yMax <= 4 ? yMax : 4;
    for (int i = 0; i <= ticks; i++) {
      int value = yMax * i / ticks;
      double y = TOP + plotH - (double) plotH * value / yMax;
      b.append("<line class=\"grid\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(WIDTH - RIGHT)
          .append("\" y1=\"")
          .append(num(y))
          .append("\" y2=\"")
          .append(num(y))
          .append("\" stroke=\"#eceef1\"/>")
          .append("<text class=\"y-tick\" x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(num(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(value)
          .append("</text>\n");
    }
    b.append("<line class=\"axis\" x1=\"")
        .append(LEFT)
        .append("\" y1=\"")
        .append(TOP)
        .append("\" x2=\"")
        .append(LEFT)
        .append("\" y2=\"")
        .append(TOP + plotH)
        .append("\" stroke=\"#5b6470\"/>")
        .append("<line class=\"axis\" x1=\"")
        .append(LEFT)
        .append("\" y1=\"")
        .append(TOP + plotH)
        .append("\" x2=\"")
        .append(WIDTH - RIGHT)
        .append("\" y2=\"")
        .append(TOP + plotH)
        .append("\" stroke=\"#5b6470\"/>\n");
    b.append("<text class=\"x-label\" x=\"")
        .append(num(xs[0]))
        .append("\" y=\"")
        .append(TOP + plotH + 16)
        .append("\" text-anchor=\"")
        .append(pts.size() == 1 ? "middle" : "start")
        .append("\">")
        .append(Escape.html(MINUTE.format(first)))
        .append("</text>");
    if (pts.size() > 1) {
      b.append("<text class=\"x-label\" x=\"")
          .append(num(xs[xs.length - 1]))
          .append("\" y=\"")
          .append(TOP + plotH + 16)
          .append("\" text-anchor=\"end\">")
          .append(Escape.html(MINUTE.format(last)))
          .append("</text>");
    }
    b.append("\n<text class=\"axis-title\" x=\"")
        .append(LEFT + plotW / 2)
        .append("\" y=\"")
        .append(HEIGHT - 4)
        .append("\" text-anchor=\"middle\">run start (UTC)</text>")
        .append("<text class=\"axis-title\" x=\"12\" y=\"")
        .append(TOP + plotH / 2)
        .append("\" text-anchor=\"middle\" transform=\"rotate(-90 12 ")
        .append(TOP + plotH / 2)
        .append(")\">open violations</text>\n");
    // info first, so that the most severe line is drawn on top
    Severity[] order = Severity.values();
    for (int k = order.length - 1; k >= 0; k--) {
      Severity s = order[k];
      StringBuilder line = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (int i = 0; i < pts.size(); i++) {
        TrendPoint p = pts.get(i);
        int n = p.open().of(s);
        double y = TOP + plotH - (double) plotH * n / yMax;
        line.append(i == 0 ? "" : " ").append(num(xs[i])).append(',').append(num(y));
        dots.append("<circle class=\"point\" cx=\"")
            .append(num(xs[i]))
            .append("\" cy=\"")
            .append(num(y))
            .append("\" r=\"3\" fill=\"")
            .append(colour(s))
            .append("\" data-run=\"")
            .append(Escape.html(p.runId()))
            .append("\" data-value=\"")
            .append(n)
            .append("\"><title>")
            .append(Escape.html(MINUTE.format(p.at())))
            .append(", run ")
            .append(Escape.html(p.runId()))
            .append(": ")
            .append(n)
            .append(' ')
            .append(s.id())
            .append("</title></circle>");
      }
      b.append("<g class=\"series\" data-severity=\"")
          .append(s.id())
          .append("\"><polyline fill=\"none\" stroke=\"")
          .append(colour(s))
          .append("\" stroke-width=\"2\" points=\"")
          .append(line)
          .append("\"/>")
          .append(dots)
          .append("</g>\n");
    }
    b.append("</svg>\n");
  }

  private static void findings(DashboardView view, StringBuilder b) {
    b.append("<section id=\"findings\">\n<h2>Newest findings</h2>\n");
    if (view.newestFindings().isEmpty()) {
      b.append("<p class=\"empty\" id=\"no-findings\">No open finding.</p>\n</section>\n");
      return;
    }
    b.append("<table class=\"findings\">\n<thead><tr><th>severity</th><th>rule</th>")
        .append("<th>API user</th><th>permission</th><th>instance</th><th>first seen</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (FindingRow f : view.newestFindings()) {
      b.append("<tr><td><span class=\"sev sev-")
          .append(f.severity().id())
          .append("\">")
          .append(f.severity().id())
          .append("</span></td><td><code class=\"rule\">")
          .append(Escape.html(f.ruleId()))
          .append("</code></td><td>")
          .append(Escape.html(f.principal()))
          .append("</td><td>")
          .append(
              f.cell() == null ? "<span class=\"muted\">(the user)</span>" : Escape.html(f.cell()))
          .append("</td><td>")
          .append(Escape.html(f.instance()))
          .append("</td><td>")
          .append(Escape.html(MINUTE.format(f.firstSeenAt())))
          .append(", ")
          .append(reportLink(f.firstSeenRunId()))
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n</section>\n");
  }

  private static String reportLink(String runId) {
    return "<a class=\"run\" href=\"/v1/runs/"
        + Escape.html(segment(runId))
        + "?format=html\"><code>"
        + Escape.html(runId)
        + "</code></a>";
  }

  private static String evidenceLink(String runId) {
    return "<a class=\"evidence\" href=\"/v1/runs/"
        + Escape.html(segment(runId))
        + "/evidence\">pack</a>";
  }

  private static String status(DashboardView.Status s) {
    if (s == null) {
      return "<span class=\"status status-none\">unknown</span>";
    }
    return "<span class=\"status status-" + s.id() + "\">" + s.id() + "</span>";
  }

  /** A path segment: percent-encoded, so an id cannot leave its place in the URL. */
  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Four ticks of 1, 2 or 5 times a power of ten: the smallest such top at least {@code max}. */
  static int niceMax(int max) {
    if (max <= 4) {
      return Math.max(1, max);
    }
    for (long p = 1; p <= Integer.MAX_VALUE; p *= 10) {
      for (int m : new int[] {1, 2, 5}) {
        if (m * p * 4 >= max) {
          return (int) Math.min(Integer.MAX_VALUE, m * p * 4);
        }
      }
    }
    return Integer.MAX_VALUE;
  }

  private static String colour(Severity s) {
    return switch (s) {
      case CRITICAL -> "#7f0d0d";
      case HIGH -> "#c0392b";
      case MEDIUM -> "#b9770e";
      case LOW -> "#2e6da4";
      case INFO -> "#6b7480";
    };
  }

  private static String num(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }
}
