package dev.psapolicy.service;

import dev.psapolicy.service.history.FindingRow;
import dev.psapolicy.service.history.History;
import dev.psapolicy.service.history.RunRecord;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Writes finished runs to the history. A run that cannot be written (the database is away) is kept
 * in memory, in order, and written before the next one, or by {@link #flush} (the scheduler calls
 * it every few seconds): no finished run is lost while the process lives. Until then {@link
 * #problem} says what is wrong, and {@code /healthz} answers 503 with it.
 */
public final class RunRecorder {
  /** A run waiting to be written. */
  record Pending(RunRecord run, String reportJson, List<FindingRow> findings) {}

  private final History history;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private volatile String problem;

  /** A recorder writing to {@code history}. */
  public RunRecorder(History history) {
    this.history = history;
  }

  /** The history. */
  public History history() {
    return history;
  }

  /** Records a run: written now, or kept until the database is back. */
  public synchronized void record(RunRecord run, String reportJson, List<FindingRow> findings) {
    pending.addLast(new Pending(run, reportJson, List.copyOf(findings)));
    flush();
  }

  /** Writes what is waiting; true when nothing is left. */
  public synchronized boolean flush() {
    while (!pending.isEmpty()) {
      Pending p = pending.peekFirst();
      try {
        history.insert(p.run(), p.reportJson(), p.findings());
        pending.removeFirst();
      } catch (SQLException e) {
        problem = "history database unavailable: " + oneLine(e.getMessage());
        return false;
      }
    }
    problem = null;
    return true;
  }

  /** Checks the database now; sets or clears {@link #problem}. */
  public synchronized boolean check() {
    try {
      history.ping();
      return flush();
    } catch (SQLException e) {
      problem = "history database unavailable: " + oneLine(e.getMessage());
      return false;
    }
  }

  /** What is wrong with the history, or null when it is written. */
  public String problem() {
    return problem;
  }

  /** The runs waiting to be written, oldest first. */
  public synchronized List<RunRecord> pendingRuns() {
    List<RunRecord> out = new ArrayList<>();
    pending.forEach(p -> out.add(p.run()));
    return out;
  }

  /** A run's JSON report while it waits to be written. */
  synchronized Optional<String> pendingReport(String runId) {
    return pending.stream()
        .filter(p -> p.run().runId().equals(runId))
        .map(Pending::reportJson)
        .findFirst();
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).replace('\r', ' ').strip();
  }
}
