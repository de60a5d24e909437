package dev.psapolicy.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.psapolicy.service.history.FindingRow;
import dev.psapolicy.service.history.History;
import dev.psapolicy.service.history.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes finished runs to the history. A run that cannot be written (the database is away) is kept
 * in memory, in order, and written before the next one, or by {@link #flush} (the scheduler calls
 * it every few seconds). Until then {@link #problem} says what is wrong, and {@code /healthz}
 * answers 503 with it. What still waits when the process stops is {@link #spill spilled} to files
 * in the state folder and {@link #restore restored} at the next start: no finished run is lost.
 */
public final class RunRecorder {
  /** A run waiting to be written. */
  record Pending(RunRecord run, String reportJson, List<FindingRow> findings) {}

  private static final ObjectMapper FILES = new ObjectMapper().registerModule(new JavaTimeModule());

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

  /**
   * Writes every run still waiting into {@code dir}, one file per run, and returns how many; they
   * are no longer waiting in memory.
   */
  public synchronized int spill(Path dir) throws IOException {
    int n = 0;
    Files.createDirectories(dir);
    for (Pending p : pending) {
      Path f = dir.resolve(p.run().runId() + ".json");
      Path tmp = dir.resolve(p.run().runId() + ".json.tmp");
      Files.write(tmp, FILES.writeValueAsBytes(p));
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      n++;
    }
    pending.clear();
    return n;
  }

  /**
   * What {@link #restore} found.
   *
   * @param runs how many spilled runs were queued again
   * @param unreadable one line per spilled file that could not be read back; each is kept next to
   *     where it was, renamed to end in {@code .unreadable}, so that nothing is lost and the next
   *     start does not stumble on it again
   */
  public record Restored(int runs, List<String> unreadable) {
    public Restored {
      unreadable = List.copyOf(unreadable);
    }
  }

  /**
   * Queues the runs a previous process {@link #spill spilled} into {@code dir} (oldest first),
   * removes their files, and tries to write them. A file that cannot be read back (damaged on disk,
   * edited by hand) does not stop the service: it is set aside and named in {@link
   * Restored#unreadable}.
   */
  public synchronized Restored restore(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return new Restored(0, List.of());
    }
    List<Pending> found = new ArrayList<>();
    List<Path> read = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    for (Path f : files) {
      try {
        Pending p = FILES.readValue(f.toFile(), Pending.class);
        if (p == null || p.run() == null || p.run().runId() == null) {
          throw new IOException("it holds no run");
        }
        found.add(p);
        read.add(f);
      } catch (IOException e) {
        Path aside = f.resolveSibling(f.getFileName() + ".unreadable");
        Files.move(f, aside, StandardCopyOption.REPLACE_EXISTING);
        unreadable.add(
            f
                + ": cannot be read back ("
                + oneLine(e.getClass().getSimpleName() + ": " + e.getMessage())
                + "); kept as "
                + aside.getFileName());
      }
    }
    found.sort(Comparator.comparing(p -> p.run().startedAt()));
    pending.addAll(found);
    for (Path f : read) {
      Files.delete(f);
    }
    flush();
    return new Restored(found.size(), unreadable);
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).replace('\r', ' ').strip();
  }
}
