package dev.psapolicy.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What a command may touch besides its arguments: streams, environment, working directory, clock
 * and run ids, all injectable so that commands are plain functions under test.
 *
 * @param out standard output
 * @param err standard error
 * @param env environment variables
 * @param cwd working directory that relative paths resolve against
 * @param clock the clock
 * @param stderrIsTerminal whether progress may be drawn on stderr
 * @param runIds source of run ids (random UUIDs; fixed in tests so that outputs are golden)
 */
public record Context(
    PrintStream out,
    PrintStream err,
    Map<String, String> env,
    Path cwd,
    Clock clock,
    boolean stderrIsTerminal,
    Supplier<UUID> runIds) {

  /** A context whose run ids are random UUIDs. */
  public Context(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Path cwd,
      Clock clock,
      boolean stderrIsTerminal) {
    this(out, err, env, cwd, clock, stderrIsTerminal, UUID::randomUUID);
  }

  /** The real process context. */
  public static Context system() {
    return new Context(
        System.out,
        System.err,
        System.getenv(),
        Path.of("").toAbsolutePath(),
        Clock.systemUTC(),
        System.console() != null);
  }

  /** Resolves a user-given path against the working directory. */
  public Path path(String p) {
    return cwd.resolve(p);
  }

  /** A new run id. */
  public String newRunId() {
    return runIds.get().toString();
  }
}
