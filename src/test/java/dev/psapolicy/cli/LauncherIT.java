package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher ({@code target/psa-policy}): on a machine with a JDK 25 the build recorded
 * an AOT cache for it, and whichever way it starts the JVM, its verdict is the jar's.
 */
class LauncherIT {
  static final Path TARGET = Path.of("target");

  @TempDir Path dir;

  private static boolean jdk25Installed() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return false;
    }
    try (Stream<Path> s = Files.list(jvms)) {
      return s.anyMatch(
          p ->
              p.getFileName().toString().matches(".*-(2[5-9]|[3-9][0-9])(-.*)?")
                  && Files.isExecutable(p.resolve("bin/java")));
    }
  }

  private JsonNode run(List<String> java, String out) throws Exception {
    return run(java, List.of("--demo"), out);
  }

  private JsonNode run(List<String> java, List<String> inputs, String out) throws Exception {
    List<String> command =
        Stream.of(
                java.stream(),
                Stream.of("check"),
                inputs.stream(),
                Stream.of("--format", "json", "-o", out))
            .flatMap(x -> x)
            .toList();
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(out + ".log").toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
    String log = Files.readString(dir.resolve(out + ".log"), StandardCharsets.UTF_8);
    assertEquals(1, p.exitValue(), "the demo MSP has violations by design\n" + log);
    assertEquals("", log, "nothing on the console: no JVM warning leaks from the launcher");
    return new ObjectMapper().readTree(dir.resolve(out).toFile());
  }

  @Test
  void theLauncherGivesTheJarsVerdictAndUsesTheAotCacheWhereAJdk25Is() throws Exception {
    Path launcher = TARGET.resolve("psa-policy").toAbsolutePath();
    Path jar = TARGET.resolve("psa-policy.jar").toAbsolutePath();
    assertTrue(Files.isExecutable(launcher), "mvn package writes " + launcher);
    if (jdk25Installed()) {
      assertTrue(
          Files.size(TARGET.resolve("psa-policy.aot")) > 0,
          "a JDK 25 is installed, so the build records the launcher's AOT cache");
      assertTrue(
          Files.isExecutable(
              Path.of(Files.readString(TARGET.resolve("psa-policy.aot.jdk")).strip(), "bin/java")),
          "the launcher names the JDK that recorded the cache");
      assertTrue(
          Files.size(TARGET.resolve("psa-policy-files.aot")) > 0,
          "and the cache a check of snapshot files starts on");
    }
    JsonNode viaLauncher = run(List.of(launcher.toString()), "l.json").path("violations");
    JsonNode viaJar = run(List.of("java", "-jar", jar.toString()), "j.json").path("violations");
    assertTrue(viaJar.size() > 0);
    assertEquals(viaJar, viaLauncher);
  }

  /** A check of snapshot files starts on the other cache (LauncherScriptTest): the same verdict. */
  @Test
  void aCheckOfFilesThroughTheLauncherGivesTheJarsVerdict() throws Exception {
    Path demo = Path.of("target/classes/dev/psapolicy/demo").toAbsolutePath();
    List<String> inputs =
        List.of(
            "--snapshot",
            demo.resolve("acme-connectwise.json").toString(),
            "--snapshot",
            demo.resolve("acme-autotask.json").toString());
    Path launcher = TARGET.resolve("psa-policy").toAbsolutePath();
    Path jar = TARGET.resolve("psa-policy.jar").toAbsolutePath();
    JsonNode viaLauncher = run(List.of(launcher.toString()), inputs, "l.json").path("violations");
    JsonNode viaJar =
        run(List.of("java", "-jar", jar.toString()), inputs, "j.json").path("violations");
    assertTrue(viaJar.size() > 0);
    assertEquals(viaJar, viaLauncher);
  }
}
