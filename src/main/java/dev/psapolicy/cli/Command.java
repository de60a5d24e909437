package dev.psapolicy.cli;

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

  /** Runs it; returns the exit code. Throws for usage and input errors. */
  int run(CommandLine cmd, Context ctx) throws Exception;
}
