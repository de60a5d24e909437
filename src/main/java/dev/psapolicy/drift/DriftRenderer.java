package dev.psapolicy.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.psapolicy.render.Escape;
import dev.psapolicy.render.Format;
import dev.psapolicy.render.Formats;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Drift as text, JSON (the {@link Drift} record) or Markdown. */
public final class DriftRenderer {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The formats of a drift. */
  public static final Formats<Drift> FORMATS =
      Formats.of(
          Format.of("text", (d, out) -> out.write(text(d).getBytes(StandardCharsets.UTF_8))),
          Format.of(
              "json",
              (d, out) ->
                  out.write((JSON.writeValueAsString(d) + "\n").getBytes(StandardCharsets.UTF_8))),
          Format.of(
              "markdown", (d, out) -> out.write(markdown(d).getBytes(StandardCharsets.UTF_8))));

  private DriftRenderer() {}

  private static String text(Drift d) {
    StringBuilder b = new StringBuilder();
    b.append("old: ").append(d.oldLabel()).append('\n');
    b.append("new: ").append(d.newLabel()).append('\n');
    b.append('\n');
    section(b, "principals added", d.principalsAdded().stream().map(DriftRenderer::who).toList());
    section(
        b, "principals removed", d.principalsRemoved().stream().map(DriftRenderer::who).toList());
    if (d.grantsCompared()) {
      section(b, "grants widened", d.grantsWidened().stream().map(DriftRenderer::grant).toList());
      section(b, "grants narrowed", d.grantsNarrowed().stream().map(DriftRenderer::grant).toList());
    } else {
      b.append("grants: not compared (both sides need snapshots or evidence packs)\n");
    }
    if (d.violationsCompared()) {
      section(b, "violations new", d.violationsNew().stream().map(DriftRenderer::finding).toList());
      section(
          b,
          "violations resolved",
          d.violationsResolved().stream().map(DriftRenderer::finding).toList());
      section(
          b,
          "violations changed",
          d.violationsChanged().stream().map(DriftRenderer::change).toList());
    } else {
      b.append("violations: not compared (both sides need results files or evidence packs)\n");
    }
    b.append('\n')
        .append(d.widened() ? "WIDENED: access or risk grew (exit 1)\n" : "not widened (exit 0)\n");
    return b.toString();
  }

  private static void section(StringBuilder b, String title, List<String> lines) {
    b.append(title).append(": ").append(lines.size()).append('\n');
    for (String l : lines) {
      b.append("  ").append(l).append('\n');
    }
  }

  private static String markdown(Drift d) {
    StringBuilder b = new StringBuilder();
    b.append("## psa-policy drift: ")
        .append(d.widened() ? "WIDENED" : "not widened")
        .append("\n\n");
    b.append("- old: ").append(Escape.markdown(d.oldLabel())).append('\n');
    b.append("- new: ").append(Escape.markdown(d.newLabel())).append("\n\n");
    b.append("| change | count |\n|---|---:|\n");
    row(b, "principals added", d.principalsAdded().size());
    row(b, "principals removed", d.principalsRemoved().size());
    if (d.grantsCompared()) {
      row(b, "grants widened", d.grantsWidened().size());
      row(b, "grants narrowed", d.grantsNarrowed().size());
    }
    if (d.violationsCompared()) {
      row(b, "violations new", d.violationsNew().size());
      row(b, "violations resolved", d.violationsResolved().size());
      row(b, "violations changed", d.violationsChanged().size());
    }
    b.append('\n');
    list(b, "Principals added", d.principalsAdded().stream().map(DriftRenderer::who).toList());
    list(b, "Principals removed", d.principalsRemoved().stream().map(DriftRenderer::who).toList());
    list(b, "Grants widened", d.grantsWidened().stream().map(DriftRenderer::grant).toList());
    list(b, "Grants narrowed", d.grantsNarrowed().stream().map(DriftRenderer::grant).toList());
    list(b, "New violations", d.violationsNew().stream().map(DriftRenderer::finding).toList());
    list(
        b,
        "Resolved violations",
        d.violationsResolved().stream().map(DriftRenderer::finding).toList());
    list(
        b,
        "Changed violations",
        d.violationsChanged().stream().map(DriftRenderer::change).toList());
    if (!d.grantsCompared()) {
      b.append("Grants not compared: both sides need snapshots or evidence packs.\n\n");
    }
    if (!d.violationsCompared()) {
      b.append("Violations not compared: both sides need results files or evidence packs.\n\n");
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String what, int n) {
    b.append("| ").append(what).append(" | ").append(n).append(" |\n");
  }

  private static void list(StringBuilder b, String title, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    b.append("### ").append(title).append("\n\n");
    for (String l : lines) {
      b.append("- ").append(Escape.markdown(l)).append('\n');
    }
    b.append('\n');
  }

  private static String who(State.Principal p) {
    return p.platform()
        + " "
        + p.instance()
        + " "
        + (p.name() == null || p.name().isBlank() ? p.id() : p.name() + " (" + p.id() + ")")
        + (p.role() == null ? "" : ", role " + p.role());
  }

  private static String grant(Drift.GrantChange g) {
    return g.principal()
        + (g.principalName() == null ? "" : " " + g.principalName())
        + ": "
        + (g.module().isEmpty() ? "" : g.module() + " / ")
        + g.function()
        + " "
        + g.verb()
        + " "
        + g.from()
        + " -> "
        + g.to();
  }

  private static String finding(State.Finding f) {
    return f.severity().toUpperCase(Locale.ROOT)
        + " "
        + f.ruleId()
        + " "
        + f.principalKey()
        + (f.cell() == null ? "" : " " + f.cell() + " " + f.actual())
        + ("open".equals(f.status()) ? "" : " [" + f.status() + "]");
  }

  private static String change(Drift.FindingChange c) {
    StringBuilder s = new StringBuilder(finding(c.after()));
    if (!c.before().severity().equals(c.after().severity())) {
      s.append(": severity ")
          .append(c.before().severity())
          .append(" -> ")
          .append(c.after().severity());
    }
    if (!c.before().status().equals(c.after().status())) {
      s.append(": status ").append(c.before().status()).append(" -> ").append(c.after().status());
    }
    return s.toString();
  }
}
