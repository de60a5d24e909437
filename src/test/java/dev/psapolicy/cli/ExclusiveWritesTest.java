package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack and accident: several runs at once into one evidence folder or one accepted-findings file.
 * Each run is a {@link Main#run} with a context of its own, on its own thread, all released
 * together.
 */
class ExclusiveWritesTest {
  @TempDir Path dir;

  @BeforeEach
  void msp() throws Exception {
    GateFixture.write(dir, "My", "All");
  }

  private record Run(int exit, String out, String err) {}

  private List<Run> race(int n, String... args) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Run>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        UUID id = UUID.fromString(String.format("00000000-0000-4000-8000-%012d", i + 1));
        futures.add(
            pool.submit(
                () -> {
                  ByteArrayOutputStream out = new ByteArrayOutputStream();
                  ByteArrayOutputStream err = new ByteArrayOutputStream();
                  Context ctx =
                      new Context(
                          new PrintStream(out, true, StandardCharsets.UTF_8),
                          new PrintStream(err, true, StandardCharsets.UTF_8),
                          Map.of(),
                          dir,
                          Clock.fixed(Cli.NOW, ZoneOffset.UTC),
                          false,
                          () -> id);
                  start.await();
                  int code = new Main().run(args, ctx);
                  return new Run(
                      code,
                      out.toString(StandardCharsets.UTF_8),
                      err.toString(StandardCharsets.UTF_8));
                }));
      }
      start.countDown();
      List<Run> runs = new ArrayList<>();
      for (Future<Run> f : futures) {
        runs.add(f.get(5, TimeUnit.MINUTES));
      }
      return runs;
    } finally {
      pool.shutdownNow();
    }
  }

  private List<String> names() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * Of 8 runs into one new --evidence folder exactly one publishes its pack; the others fail with
   * one line and exit 2, print no report, and the surviving pack verifies.
   */
  @Test
  void ofEightRunsIntoOneEvidenceFolderExactlyOneSucceeds() throws Exception {
    List<Run> runs =
        race(
            8,
            "check",
            "--snapshot",
            "snapshot.yaml",
            "--baseline",
            "test-sync.yaml",
            "--evidence",
            "pack");
    List<Run> won = runs.stream().filter(r -> r.exit() == 1).toList();
    assertEquals(1, won.size(), runs.toString());
    assertTrue(won.get(0).out().contains("gate: FAIL"), won.get(0).out());
    for (Run r : runs) {
      if (r.exit() == 1) {
        continue;
      }
      assertEquals(2, r.exit(), r.toString());
      assertEquals("", r.out(), "a run that lost prints no report");
      assertTrue(
          r.err()
              .matches(
                  "psa-policy check: (cannot write "
                      + Pattern.quote(dir.resolve("pack").toString())
                      + ": it appeared while this run built it \\(another run\\?\\)|--evidence pack"
                      + " is not empty: every evidence pack needs a new folder)"
                      + " \\(see psa-policy check --help\\)\\n"),
          r.err());
    }
    assertEquals(
        List.of("pack", "snapshot.yaml", "test-sync.yaml"),
        names(),
        "no temporary folder is left behind");
    Cli.Result v = new Cli(dir).run("verify", "pack");
    assertEquals(0, v.exit(), v.out());
    String winner = won.get(0).err();
    assertTrue(
        v.out().startsWith("pack pack: run 00000000-0000-4000-8000-"), v.out() + "\n" + winner);
  }

  /** Of 8 accepts into one new file exactly one writes it; the others refuse, exit 2. */
  @Test
  void ofEightAcceptsIntoOneNewFileExactlyOneWrites() throws Exception {
    List<Run> runs =
        race(
            8,
            "accept",
            "--snapshot",
            "snapshot.yaml",
            "--baseline",
            "test-sync.yaml",
            "--by",
            "jane.doe@acme.example",
            "-o",
            "accepted.yaml");
    assertEquals(1, runs.stream().filter(r -> r.exit() == 0).count(), runs.toString());
    for (Run r : runs) {
      if (r.exit() != 0) {
        assertEquals(2, r.exit(), r.toString());
        assertEquals(
            "psa-policy accept: accepted.yaml exists; --update removes its resolved entries"
                + " (--update --add-new also adds new violations), or delete it to start over (see"
                + " psa-policy accept --help)\n",
            r.err());
      }
    }
    assertEquals(List.of("accepted.yaml", "snapshot.yaml", "test-sync.yaml"), names());
    assertEquals(
        0,
        new Cli(dir)
            .run(
                "check",
                "--snapshot",
                "snapshot.yaml",
                "--baseline",
                "test-sync.yaml",
                "--accepted",
                "accepted.yaml")
            .exit());
  }
}
