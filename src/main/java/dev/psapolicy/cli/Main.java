package dev.psapolicy.cli;

import dev.psapolicy.engine.RuleRunException;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.run.IncompleteDataException;
import dev.psapolicy.run.RequestException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.ParseException;

/**
 * Entry point. {@link #run} is the whole program as a function (tests call it); {@link #main} is
 * the only caller of {@code System.exit}.
 */
public final class Main {
  private final Map<String, Command> commands = new LinkedHashMap<>();

  /** The CLI with every command registered. */
  public Main() {
    for (Command c :
        List.of(
            new CheckCommand(),
            new PlanCommand(),
            new ApplyCommand(),
            new AcceptCommand(),
            new FetchCommand(),
            new SimulateCommand(),
            new RulesCommand(),
            new ValidateCommand(),
            new TestCommand(),
            new KeygenCommand(),
            new VerifyCommand(),
            new DiffCommand(),
            new ServeCommand())) {
      commands.put(c.name(), c);
    }
  }

  /**
   * The commands, in the order {@code psa-policy --help} lists them (the docs are made from them).
   */
  public List<Command> commands() {
    return List.copyOf(commands.values());
  }

  /** A CLI with one more command (package-private: tests add a command that fails on purpose). */
  Main with(Command c) {
    commands.put(c.name(), c);
    return this;
  }

  public static void main(String[] args) {
    System.exit(new Main().run(args, Context.system()));
  }

  /** Runs the CLI and returns the exit code. */
  public int run(String[] args, Context ctx) {
    if (args.length == 0
        || "--help".equals(args[0])
        || "-h".equals(args[0])
        || "help".equals(args[0])) {
      printCommands(ctx);
      return args.length == 0 ? ExitCode.USAGE.code() : ExitCode.OK.code();
    }
    if ("--version".equals(args[0])) {
      ctx.out().println("psa-policy " + Version.get());
      return ExitCode.OK.code();
    }
    Command command = commands.get(args[0]);
    if (command == null) {
      ctx.err()
          .println(
              "psa-policy: unknown command '"
                  + args[0]
                  + "' (commands: "
                  + String.join(", ", commands.keySet())
                  + ")");
      return ExitCode.USAGE.code();
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    boolean debug = Arrays.asList(rest).contains("--debug");
    if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
      printHelp(command, ctx);
      return ExitCode.OK.code();
    }
    command.prepare(Arrays.asList(rest));
    try {
      CommandLine cmd = new DefaultParser().parse(command.options(), rest, false);
      return command.run(cmd, ctx);
    } catch (ParseException | UsageException | RequestException e) {
      ctx.err()
          .println(
              "psa-policy "
                  + command.name()
                  + ": "
                  + oneLine(e.getMessage())
                  + " (see psa-policy "
                  + command.name()
                  + " --help)");
      return ExitCode.USAGE.code();
    } catch (InvalidInputException e) {
      for (InputProblem p : e.problems()) {
        ctx.err().println(p);
      }
      if (debug) {
        e.printStackTrace(ctx.err());
      }
      return ExitCode.INVALID_INPUT.code();
    } catch (VerificationFailedException e) {
      ctx.err()
          .println(
              "psa-policy " + command.name() + ": verification failed: " + oneLine(e.getMessage()));
      return ExitCode.VERIFICATION_FAILED.code();
    } catch (IncompleteDataException e) {
      ctx.err()
          .println(
              "psa-policy " + command.name() + ": incomplete data: " + oneLine(e.getMessage()));
      if (debug) {
        e.printStackTrace(ctx.err());
      }
      return ExitCode.INCOMPLETE_DATA.code();
    } catch (RuleRunException e) {
      // A runaway or failing rule: one line naming it, never a pass.
      ctx.err().println("psa-policy " + command.name() + ": " + oneLine(e.getMessage()));
      if (debug) {
        e.printStackTrace(ctx.err());
      }
      return e.exitCode().code();
    } catch (OutOfMemoryError | StackOverflowError e) {
      // Caught here the stack has unwound and what filled the heap is garbage: one line still
      // prints. Exit 1 would read as "violations" (check) or "widened" (diff).
      ctx.err()
          .println(
              "psa-policy "
                  + command.name()
                  + ": internal error: "
                  + (e instanceof OutOfMemoryError
                      ? "out of memory (give the JVM more heap, e.g. java -Xmx4g -jar ...)"
                      : "stack overflow (an input or a rule nests too deeply)"));
      return ExitCode.INTERNAL_ERROR.code();
    } catch (Exception | Error e) {
      ctx.err()
          .println(
              "psa-policy "
                  + command.name()
                  + ": internal error: "
                  + e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage()))
                  + (debug ? "" : " (run with --debug for details)"));
      if (debug) {
        StringWriter sw = new StringWriter();
        e.printStackTrace(new PrintWriter(sw));
        ctx.err().print(sw);
      }
      return ExitCode.INTERNAL_ERROR.code();
    }
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    return s.replace('\n', ' ').replace('\r', ' ').strip();
  }

  private void printCommands(Context ctx) {
    ctx.out().println("usage: psa-policy <command> [options]   (psa-policy <command> --help)");
    ctx.out().println();
    for (Command c : commands.values()) {
      ctx.out().printf("  %-10s %s%n", c.name(), c.summary());
    }
    ctx.out().println();
    StringBuilder codes = new StringBuilder("exit codes:");
    for (ExitCode c : ExitCode.values()) {
      codes
          .append(c.ordinal() == 0 ? " " : ", ")
          .append(c.code())
          .append(' ')
          .append(c.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
    ctx.out().println(codes.append(" (docs/reference/exit-codes.md)"));
  }

  private static void printHelp(Command c, Context ctx) {
    HelpFormatter f = new HelpFormatter();
    PrintWriter pw = new PrintWriter(ctx.out());
    f.printHelp(
        pw,
        100,
        "psa-policy " + c.name() + " " + c.usage(),
        c.summary(),
        c.options(),
        2,
        4,
        "",
        false);
    pw.flush();
  }
}
