package dev.psapolicy.cli;

import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One sub-command of the CLI. */
public interface Command {
  /** The sub-command name, e.g. {@code check}. */
  String name();

  /** One line for the command list. */
  String summary();

  /** The options it accepts (for parsing and --help). */
  Options options();

  /** Usage line after the command name, e.g. {@code [options]}. */
  default String usage() {
    return "[options]";
  }

  /**
   * Called with the raw arguments before they are parsed, so that work the run will need whatever
   * its options say (the built-in rule base) can start on another core while the main thread parses
   * and reads inputs. Must not fail: a wrong argument is reported by {@link #run}.
   */
  default void prepare(List<String> args) {}

  /** Runs it; returns the exit code. Throws for usage and input errors. */
  int run(CommandLine cmd, Context ctx) throws Exception;
}
