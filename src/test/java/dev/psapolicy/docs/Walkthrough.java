package dev.psapolicy.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A terminal session as the docs show it: a fenced block of {@code $ command} lines, each followed
 * by the output it prints, with {@code #} comment lines between the steps. Tests read the steps
 * from the Markdown and replay the psa-policy commands in-process, so the docs show what the tool
 * really prints.
 *
 * <p>Only the little shell the docs use is understood: {@code 2>&1}, {@code | tail -N}, {@code |
 * grep [-A N] [-e] PATTERN...} and a trailing {@code ; echo "exit $?"}. Anything else fails the
 * test, so a doc cannot drift into a command nobody replays.
 */
final class Walkthrough {
  private Walkthrough() {}

  /**
   * One command of a session.
   *
   * @param command the command line after {@code $ }
   * @param output what the doc shows it printing, each line ending in a newline
   * @param line the command's line in the Markdown file
   */
  record Step(String command, String output, int line) {}

  /** What the terminal shows for a command, and its exit code. */
  record Shown(int exit, String text) {}

  /** The Markdown file's lines. */
  static List<String> lines(Path markdown) {
    try {
      return Files.readAllLines(markdown);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + markdown + ": " + e.getMessage(), e);
    }
  }

  /** The lines of the first fenced block after the line {@code heading}, without the fences. */
  static List<String> block(Path markdown, String heading) {
    return block(markdown, heading, 0);
  }

  /** The lines of the n-th (from 0) fenced block after the line {@code heading}. */
  static List<String> block(Path markdown, String heading, int n) {
    List<String> lines = lines(markdown);
    int at = lines.indexOf(heading);
    assertTrue(at >= 0, markdown + " lacks the heading '" + heading + "'");
    int seen = -1;
    for (int i = at + 1; i < lines.size(); i++) {
      if (lines.get(i).startsWith("```")) {
        seen++;
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).startsWith("```")) {
          end++;
        }
        if (seen == n) {
          return lines.subList(i + 1, end);
        }
        i = end;
      } else if (lines.get(i).startsWith("#") && lines.get(i).matches("#+ .*")) {
        break;
      }
    }
    throw new AssertionError(
        markdown + ": no code block " + n + " under '" + heading + "' (before the next heading)");
  }

  /** The steps of the first fenced block after {@code heading}. */
  static List<Step> steps(Path markdown, String heading) {
    return steps(markdown, heading, 0);
  }

  /**
   * The steps of the n-th fenced block after {@code heading}. A step's output runs from the line
   * after its command to the next command or {@code #} comment line, without trailing blank lines.
   */
  static List<Step> steps(Path markdown, String heading, int n) {
    List<String> lines = lines(markdown);
    List<String> block = block(markdown, heading, n);
    int offset = lines.indexOf(heading) + 1;
    for (int seen = -1; ; offset++) {
      if (lines.get(offset).startsWith("```")) {
        seen++;
        if (seen == n) {
          break;
        }
        offset++;
        while (!lines.get(offset).startsWith("```")) {
          offset++;
        }
      }
    }
    return parse(markdown, block, offset + 2);
  }

  /**
   * The steps of a block's lines (fences and indentation removed).
   *
   * @param firstLine the line number of the block's first line in the file, for messages
   */
  static List<Step> parse(Path markdown, List<String> block, int firstLine) {
    int offset = firstLine - 2;
    List<Step> steps = new ArrayList<>();
    String command = null;
    int commandLine = 0;
    List<String> output = new ArrayList<>();
    boolean collecting = false;
    for (int i = 0; i < block.size(); i++) {
      String l = block.get(i);
      if (l.startsWith("$ ") || l.startsWith("#")) {
        if (command != null) {
          steps.add(new Step(command, joined(output), commandLine));
          command = null;
        }
        collecting = false;
        if (l.startsWith("$ ")) {
          command = l.substring(2);
          commandLine = offset + i + 2;
          output.clear();
          collecting = true;
        }
      } else if (collecting) {
        output.add(l);
      } else if (!l.isBlank()) {
        fail(markdown + ":" + (offset + i + 2) + ": output without a command: " + l);
      }
    }
    if (command != null) {
      steps.add(new Step(command, joined(output), commandLine));
    }
    return steps;
  }

  private static String joined(List<String> output) {
    int end = output.size();
    while (end > 0 && output.get(end - 1).isBlank()) {
      end--;
    }
    StringBuilder sb = new StringBuilder();
    output.subList(0, end).forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  private static final Pattern ECHO_EXIT = Pattern.compile(";\\s*echo \"exit \\$\\?\"$");

  /**
   * Runs a psa-policy command line in-process and returns what a terminal shows: the standard
   * output through the pipe, then the standard error (merged into the pipe with {@code 2>&1}).
   *
   * @param prefix how the command names psa-policy, e.g. {@code java -jar $psa}
   */
  static Shown run(Cli cli, String prefix, String commandLine) {
    String line = commandLine.strip();
    boolean echoExit = false;
    var m = ECHO_EXIT.matcher(line);
    if (m.find()) {
      echoExit = true;
      line = line.substring(0, m.start()).strip();
    }
    List<List<String>> pipeline = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String token : tokens(line)) {
      if (token.equals("|")) {
        pipeline.add(current);
        current = new ArrayList<>();
      } else {
        current.add(token);
      }
    }
    pipeline.add(current);
    List<String> head = new ArrayList<>(pipeline.get(0));
    boolean merged = head.remove("2>&1");
    List<String> prefixTokens = tokens(prefix);
    assertTrue(
        head.size() >= prefixTokens.size()
            && head.subList(0, prefixTokens.size()).equals(prefixTokens),
        "'" + commandLine + "' does not start with '" + prefix + "'");
    Cli.Result r = cli.run(head.subList(prefixTokens.size(), head.size()).toArray(String[]::new));
    boolean piped = pipeline.size() > 1;
    String stream = merged ? r.out() + r.err() : r.out();
    for (List<String> filter : pipeline.subList(1, pipeline.size())) {
      stream = filter(filter, stream, commandLine);
    }
    if (piped && !merged && !r.err().isEmpty()) {
      fail(
          "'"
              + commandLine
              + "' wrote to standard error, which the doc does not show:\n"
              + r.err());
    }
    String shown = merged || piped ? stream : r.out() + r.err();
    if (echoExit) {
      shown += "exit " + r.exit() + "\n";
    }
    return new Shown(r.exit(), shown);
  }

  private static String filter(List<String> cmd, String in, String commandLine) {
    List<String> lines = in.isEmpty() ? List.of() : Arrays.asList(in.split("\n", -1));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    List<String> out = new ArrayList<>();
    if (cmd.get(0).equals("tail") && cmd.size() == 2 && cmd.get(1).matches("-\\d+")) {
      int n = Integer.parseInt(cmd.get(1).substring(1));
      out.addAll(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } else if (cmd.get(0).equals("grep")) {
      int after = 0;
      List<Pattern> patterns = new ArrayList<>();
      for (int i = 1; i < cmd.size(); i++) {
        String a = cmd.get(i);
        if (a.matches("-A\\d+")) {
          after = Integer.parseInt(a.substring(2));
        } else if (a.equals("-e") && i + 1 < cmd.size()) {
          patterns.add(Pattern.compile(cmd.get(++i)));
        } else if (!a.startsWith("-") && patterns.isEmpty() && i == cmd.size() - 1) {
          patterns.add(Pattern.compile(a));
        } else {
          fail("'" + commandLine + "': grep option '" + a + "' is not replayed by the doc tests");
        }
      }
      int lastPrinted = -1;
      int printUntil = -1;
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i);
        boolean match = patterns.stream().anyMatch(p -> p.matcher(l).find());
        if (match) {
          printUntil = i + after;
        }
        if (i <= printUntil) {
          if (lastPrinted >= 0 && i > lastPrinted + 1) {
            out.add("--");
          }
          out.add(l);
          lastPrinted = i;
        }
      }
    } else {
      fail(
          "'"
              + commandLine
              + "': '"
              + String.join(" ", cmd)
              + "' is not replayed by the doc tests");
    }
    return out.isEmpty() ? "" : String.join("\n", out) + "\n";
  }

  /** Splits a command line into words, honouring single and double quotes. */
  static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          sb.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(sb.toString());
          sb.setLength(0);
          inWord = false;
        }
      } else {
        sb.append(c);
        inWord = true;
      }
    }
    assertTrue(quote == 0, "unbalanced quote in: " + line);
    if (inWord) {
      out.add(sb.toString());
    }
    return out;
  }
}
