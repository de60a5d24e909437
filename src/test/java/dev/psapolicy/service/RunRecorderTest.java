package dev.psapolicy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.report.Severity;
import dev.psapolicy.service.history.FindingRow;
import dev.psapolicy.service.history.History;
import dev.psapolicy.service.history.RunRecord;
import dev.psapolicy.service.history.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the database did not take survive a stop: spilled to files, written at the next start. */
class RunRecorderTest {
  @TempDir Path dir;

  static RunRecord run(String id, int minute) {
    return new RunRecord(
        id,
        "acme",
        Instant.parse("2026-03-01T10:00:00Z").plusSeconds(60L * minute),
        Instant.parse("2026-03-01T10:00:05Z").plusSeconds(60L * minute),
        RunStatus.FAILED,
        1,
        "FAIL",
        Severity.HIGH,
        Map.of(Severity.CRITICAL, 1),
        1,
        List.of(new RunRecord.InputHash("demo:acme", "ab".repeat(32))),
        null,
        null,
        null);
  }

  @Test
  void waitingRunsAreSpilledAtStopAndWrittenAtTheNextStart() throws Exception {
    Server tcp =
        Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString());
    tcp.start();
    String url = "jdbc:h2:tcp://127.0.0.1:" + tcp.getPort() + "/history";
    History h = History.open(url, null, null);
    tcp.stop();
    RunRecorder before = new RunRecorder(h);
    FindingRow f =
        new FindingRow(
            "fp1",
            "CW-X",
            Severity.CRITICAL,
            "connectwise",
            "187",
            "Rewst",
            "A / B",
            "add",
            "open",
            null);
    before.record(run("r2", 2), "{\"r\":2}", List.of(f));
    before.record(run("r1", 1), null, List.of());
    assertTrue(before.problem().startsWith("history database unavailable: "), before.problem());
    Path spill = dir.resolve("pending-runs");
    assertEquals(2, before.spill(spill));
    assertEquals(List.of(), before.pendingRuns());
    try (Stream<Path> s = Files.list(spill)) {
      assertEquals(2, s.count());
    }

    tcp =
        Server.createTcpServer(
            "-tcpPort", "" + tcp.getPort(), "-ifNotExists", "-baseDir", dir.toString());
    tcp.start();
    try {
      RunRecorder after = new RunRecorder(History.open(url, null, null));
      assertEquals(new RunRecorder.Restored(2, List.of()), after.restore(spill));
      assertNull(after.problem());
      try (Stream<Path> s = Files.list(spill)) {
        assertEquals(0, s.count());
      }
      History again = after.history();
      assertEquals(run("r2", 2), again.run("r2").orElseThrow());
      assertEquals("{\"r\":2}", again.reportJson("r2").orElseThrow());
      assertEquals(List.of(f), again.findings("r2"));
      assertEquals(
          List.of("r2", "r1"), again.runs("acme", 10).stream().map(RunRecord::runId).toList());
    } finally {
      tcp.stop();
    }
  }

  @Test
  void nothingSpilledIsNothingRestored() throws Exception {
    RunRecorder r =
        new RunRecorder(History.open("jdbc:h2:mem:recorder;DB_CLOSE_DELAY=-1", null, null));
    assertEquals(new RunRecorder.Restored(0, List.of()), r.restore(dir.resolve("none")));
  }

  /**
   * A spilled file that cannot be read back (cut short, edited, not a run) does not keep serve from
   * starting: the readable runs are written, the others are set aside, kept, and named in one line
   * each.
   */
  @Test
  void anUnreadableSpilledFileIsSetAsideAndNamedNotFatal() throws Exception {
    History h = History.open("jdbc:h2:mem:recorder-bad;DB_CLOSE_DELAY=-1", null, null);
    Path spill = dir.resolve("pending-runs");
    // a run spilled the way a stop spills it: its database went away
    Server tcp =
        Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString());
    tcp.start();
    History gone = History.open("jdbc:h2:tcp://127.0.0.1:" + tcp.getPort() + "/gone", null, null);
    tcp.stop();
    RunRecorder offline = new RunRecorder(gone);
    offline.record(run("r3", 3), null, List.of());
    assertEquals(1, offline.spill(spill));
    Files.writeString(spill.resolve("cut.json"), "{\"run\": {\"runId\": \"r9\", \"sta");
    Files.writeString(spill.resolve("other.json"), "[1, 2, 3]");
    Files.writeString(spill.resolve("empty.json"), "{}");

    RunRecorder.Restored back = new RunRecorder(h).restore(spill);
    assertEquals(1, back.runs(), "the readable run is written");
    assertEquals(3, back.unreadable().size(), "" + back.unreadable());
    for (String line : back.unreadable()) {
      assertTrue(line.contains(": cannot be read back (") && !line.contains("\n"), line);
    }
    assertTrue(h.run("r3").isPresent());
    try (Stream<Path> s = Files.list(spill)) {
      assertEquals(
          List.of("cut.json.unreadable", "empty.json.unreadable", "other.json.unreadable"),
          s.map(p -> p.getFileName().toString()).sorted().toList(),
          "nothing is lost, and the next start does not read them again");
    }
    assertEquals(new RunRecorder.Restored(0, List.of()), new RunRecorder(h).restore(spill));
  }
}
