package dev.psapolicy.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Programs some tests drive (the SARIF validator, a headless browser). On a developer machine
 * without them such a test is skipped; in CI ({@code CI=true}) a missing tool fails the test, so
 * that a skip never passes for a check (.ci/run installs them).
 */
public final class ExternalTools {
  private ExternalTools() {}

  /** The first of {@code names} found on the PATH (or as an absolute path), else skip or fail. */
  public static Path require(String why, String... names) {
    return require(System.getenv(), why, names);
  }

  static Path require(Map<String, String> env, String why, String... names) {
    for (String name : names) {
      Path p = find(name);
      if (p != null) {
        return p;
      }
    }
    String message =
        why + ": none of " + String.join(", ", names) + " is installed (.ci/run installs it)";
    if ("true".equalsIgnoreCase(env.get("CI"))) {
      fail("CI=true and " + message);
    }
    Assumptions.abort(message);
    return null;
  }

  private static Path find(String name) {
    if (name.startsWith("/")) {
      Path p = Path.of(name);
      return Files.isExecutable(p) ? p : null;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return p;
      }
    }
    return null;
  }

  /** The outcome of a program run. */
  public record Run(int exit, String output) {}

  /** Runs a program with a time limit, standard error folded into the output. */
  public static Run run(Path workDir, long timeoutSeconds, List<String> command)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(workDir, "tool", ".log");
    Process p =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      fail(
          command.get(0)
              + " did not finish within "
              + timeoutSeconds
              + " s:\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
