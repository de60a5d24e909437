package dev.psapolicy.testing;

import dev.psapolicy.cli.Context;
import dev.psapolicy.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Runs the CLI in-process, as a function, capturing both streams. */
public final class Cli {
  /** The fixed clock of CLI tests. */
  public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  /** The fixed run id of CLI tests. */
  public static final UUID RUN_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");

  private final Path cwd;
  private final Map<String, String> env = new HashMap<>();
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  public Cli(Path cwd) {
    this.cwd = cwd;
  }

  public Cli env(String key, String value) {
    env.put(key, value);
    return this;
  }

  public Cli clock(Clock c) {
    this.clock = c;
    return this;
  }

  /** The outcome of one run. */
  public record Result(int exit, String out, String err) {}

  public Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code =
        new Main().run(args, new Context(o, e, Map.copyOf(env), cwd, clock, false, () -> RUN_ID));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
