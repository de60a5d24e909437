package dev.psapolicy.cli;

import dev.psapolicy.report.Severity;
import dev.psapolicy.vocabulary.Platform;
import java.util.List;
import org.apache.commons.cli.CommandLine;

/** Reading option values that several commands share. */
final class Inputs {
  private Inputs() {}

  static Severity severity(String option, String value) throws UsageException {
    Severity s = Severity.parse(value);
    if (s == null) {
      throw new UsageException(
          option
              + " has unknown severity '"
              + value
              + "' (expected one of "
              + Severity.names()
              + ")");
    }
    return s;
  }

  static List<String> values(CommandLine cmd, String opt) {
    String[] v = cmd.getOptionValues(opt);
    return v == null ? List.of() : List.of(v);
  }

  /** The one argument naming the PSA of {@code fetch} and {@code simulate}. */
  static Platform platformArgument(CommandLine cmd, String command) throws UsageException {
    List<String> args = cmd.getArgList();
    if (args.isEmpty()) {
      throw new UsageException("give the PSA: " + command + " connectwise|autotask");
    }
    if (args.size() > 1) {
      throw new UsageException("unexpected argument '" + args.get(1) + "'");
    }
    Platform platform = Platform.parse(args.get(0));
    if (platform == null) {
      throw new UsageException("unknown PSA '" + args.get(0) + "' (connectwise, autotask)");
    }
    return platform;
  }

  /** A whole-number option between {@code min} and {@code max}, or {@code dflt}. */
  static int intOption(CommandLine cmd, String name, int dflt, int min, int max)
      throws UsageException {
    String v = cmd.getOptionValue(name);
    if (v == null) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v.strip());
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new UsageException("--" + name + " must be a whole number from " + min + " to " + max);
  }
}
