package dev.psapolicy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes are atomic and exclusive: a failure or a kill mid-write leaves the previous file, a
 * create-new has exactly one winner, and a folder is published whole or not at all.
 */
class OutputFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aContentThatFailsHalfWayLeavesThePreviousFileAndNoTemporaryFile() throws Exception {
    Path file = dir.resolve("report.json");
    Files.writeString(file, "previous");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                OutputFiles.write(
                    file,
                    out -> {
                      out.write("{\"half\":".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("renderer broke");
                    }));
    assertEquals("renderer broke", e.getMessage());
    assertEquals("previous", Files.readString(file));
    assertEquals(List.of("report.json"), names());
  }

  @Test
  void aProcessKilledMidWriteLeavesThePreviousFile() throws Exception {
    Path file = dir.resolve("report.json");
    Files.writeString(file, "previous");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SlowWriter.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Path tmp = null;
      while (tmp == null && System.nanoTime() < deadline) {
        try (Stream<Path> s = Files.list(dir)) {
          tmp =
              s.filter(f -> f.getFileName().toString().startsWith(".report.json."))
                  .filter(f -> f.toFile().length() > 64 * 1024)
                  .findFirst()
                  .orElse(null);
        }
        Thread.sleep(20);
      }
      assertTrue(tmp != null, "the writer never got going");
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    assertEquals("previous", Files.readString(file));
  }

  @Test
  void aReplacedFileKeepsItsPermissions() throws Exception {
    Path file = dir.resolve("r.json");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    OutputFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));
    assertEquals("new", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void aPrivateFileIsOwnerOnlyAndNeverReplaced() throws Exception {
    Path key = dir.resolve("ci.key");
    assertTrue(OutputFiles.createNewPrivate(key, "secret".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertFalse(OutputFiles.createNewPrivate(key, "other".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("secret", Files.readString(key));
    assertEquals(List.of("ci.key"), names());
  }

  private static <T> List<T> race(int n, IntFunction<Callable<T>> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<T> c = task.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return c.call();
                }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ofEightRacingCreateNewsExactlyOneWins() throws Exception {
    Path file = dir.resolve("accepted.yaml");
    List<Boolean> won =
        race(
            8,
            i -> () -> OutputFiles.createNew(file, ("run " + i).getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, won.stream().filter(b -> b).count(), won.toString());
    assertEquals("run " + won.indexOf(true), Files.readString(file));
    assertEquals(List.of("accepted.yaml"), names());
  }

  @Test
  void ofEightRacingFoldersExactlyOneIsPublished() throws Exception {
    Path pack = dir.resolve("pack");
    List<String> outcome =
        race(
            8,
            i ->
                () -> {
                  Path tmp = OutputFiles.tempFolder(pack);
                  Files.writeString(tmp.resolve("run.txt"), "run " + i);
                  try {
                    OutputFiles.publishFolder(tmp, pack);
                    return "won";
                  } catch (RequestException e) {
                    return e.getMessage();
                  }
                });
    assertEquals(1, outcome.stream().filter("won"::equals).count(), outcome.toString());
    for (String o : outcome) {
      if (!o.equals("won")) {
        assertEquals(
            "cannot write " + pack + ": it appeared while this run built it (another run?)", o);
      }
    }
    assertEquals("run " + outcome.indexOf("won"), Files.readString(pack.resolve("run.txt")));
    assertEquals(List.of("pack"), names(), "no temporary folder is left behind");
  }

  @Test
  void anEmptyFolderMayBePublishedOntoAndAFileInTheWayIsSaid() throws Exception {
    Path pack = dir.resolve("pack");
    Files.createDirectory(pack);
    OutputFiles.checkFolderWritable(pack);
    Path tmp = OutputFiles.tempFolder(pack);
    Files.writeString(tmp.resolve("a"), "a");
    OutputFiles.publishFolder(tmp, pack);
    assertEquals("a", Files.readString(pack.resolve("a")));
    RequestException full =
        assertThrows(RequestException.class, () -> OutputFiles.checkFolderWritable(pack));
    assertEquals("cannot write " + pack + ": it is not empty", full.getMessage());
    Files.writeString(dir.resolve("blocker"), "x");
    RequestException blocked =
        assertThrows(
            RequestException.class,
            () -> OutputFiles.checkFolderWritable(dir.resolve("blocker/pack")));
    assertEquals(
        "cannot write " + dir.resolve("blocker/pack") + ": a file of that name is in the way",
        blocked.getMessage());
  }
}
