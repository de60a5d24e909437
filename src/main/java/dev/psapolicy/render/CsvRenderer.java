package dev.psapolicy.render;

import dev.psapolicy.report.PrincipalInfo;
import dev.psapolicy.report.PrincipalRef;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An action plan for a spreadsheet: one row per violation, in the one order of every output, with
 * the fix and blank {@code owner} and {@code due_date} columns to fill in. RFC 4180 quoting and
 * CRLF line ends. Each row carries the run id, start time, tool version and completeness, since a
 * CSV has no other place for run metadata (the inputs and their hashes are in the other formats).
 *
 * <p>A cell that a spreadsheet would read as a formula (starting with {@code = + - @}, tab or
 * carriage return) is prefixed with an apostrophe: principal names and roles come from the PSA, and
 * whoever can rename an API user there must not be able to plant a formula in the plan.
 */
public final class CsvRenderer implements Renderer {
  /** The header row, in column order. */
  public static final List<String> COLUMNS =
      List.of(
          "severity",
          "rule",
          "status",
          "disposed_by",
          "platform",
          "instance",
          "principal_id",
          "principal_name",
          "role",
          "module",
          "function",
          "verb",
          "actual",
          "allowed",
          "fix",
          "message",
          "baseline",
          "assigned_by",
          "fingerprint",
          "owner",
          "due_date",
          "run_id",
          "run_started",
          "tool_version",
          "data_complete");

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public void render(Report r, OutputStream out) throws IOException {
    StringBuilder b = new StringBuilder();
    row(b, COLUMNS);
    Map<PrincipalRef, PrincipalInfo> principals = new HashMap<>();
    for (PrincipalInfo p : r.principals()) {
      principals.put(p.ref(), p);
    }
    for (Violation v : r.violations()) {
      PrincipalInfo p = principals.get(v.principalRef());
      List<String> cells = new ArrayList<>();
      cells.add(v.severity().id());
      cells.add(v.ruleId());
      cells.add(v.disposition().status().id());
      cells.add(v.disposition().reference());
      cells.add(v.platform());
      cells.add(v.instance());
      cells.add(v.principalId());
      cells.add(v.principalName());
      cells.add(v.role());
      cells.add(v.module());
      cells.add(v.function());
      // the platform's words: create/update/delete/query and Restricted on Autotask
      cells.add(Verb.id(v.platform(), v.verb()));
      cells.add(Level.word(v.platform(), v.actual()));
      cells.add(Level.word(v.platform(), v.allowed()));
      cells.add(v.fix());
      cells.add(v.message());
      cells.add(v.baseline());
      cells.add(p == null || p.assignedBy() == null ? "" : p.assignedBy().describe());
      cells.add(v.fingerprint());
      cells.add("");
      cells.add("");
      cells.add(r.run().runId());
      cells.add(r.run().startedAt().toString());
      cells.add(r.run().toolVersion());
      cells.add(Boolean.toString(r.run().complete()));
      row(b, cells);
    }
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void row(StringBuilder b, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(Escape.csv(cells.get(i)));
    }
    b.append("\r\n");
  }
}
