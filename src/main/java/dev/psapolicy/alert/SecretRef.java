package dev.psapolicy.alert;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.input.Utf8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where the config says a secret is, read only when it is needed ({@link #resolve}): so {@code
 * check} and {@code validate} can read a config whose secrets exist only where the service runs.
 * Never holds a secret's value except a URL the config writes out itself ({@link Kind#LITERAL}).
 *
 * @param kind where the value is
 * @param name the environment variable, the file as the config names it, or the literal URL
 * @param path the file resolved against the config's folder (null unless a file)
 * @param key the config key it is the value of ({@code url}, {@code secret})
 * @param file the config as the user named it
 * @param line the line of the reference in the config
 * @param column the column of the reference in the config
 */
public record SecretRef(
    Kind kind, String name, Path path, String key, String file, int line, int column) {
  /** Where a value is. */
  public enum Kind {
    /** Written in the config (a URL only; never an HMAC key). */
    LITERAL,
    /** {@code {env: NAME}}. */
    ENV,
    /** {@code {file: path}}, readable by its owner only. */
    FILE
  }

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  public SecretRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
  }

  /** Never the literal: it may carry a token. */
  @Override
  public String toString() {
    return switch (kind) {
      case LITERAL -> "'" + key + "' at " + file + ":" + line + ":" + column;
      case ENV -> "environment variable " + name;
      case FILE -> "file " + name;
    };
  }

  /**
   * Reads the value; null with a problem (at the reference's place) when the variable is not set,
   * the file cannot be read, is empty, or is open to group or others.
   */
  public Secret resolve(Map<String, String> env, Problems problems) {
    switch (kind) {
      case LITERAL:
        return Secret.of(name, toString());
      case ENV:
        String v = env.get(name);
        if (v == null || v.isBlank()) {
          problem(problems, "environment variable " + name + " for '" + key + "' is not set");
          return null;
        }
        return Secret.of(v.strip(), toString());
      default:
        break;
    }
    try {
      Set<PosixFilePermission> all = Files.getPosixFilePermissions(path);
      Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
      open.addAll(all);
      open.retainAll(GROUP_OR_OTHERS);
      if (!open.isEmpty() && Files.isRegularFile(path)) {
        problem(
            problems,
            "secret file "
                + name
                + " is accessible to group or others ("
                + PosixFilePermissions.toString(all)
                + "); make it readable only by its owner: chmod 600 "
                + name);
        return null;
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its ACLs are the user's responsibility
    } catch (IOException e) {
      // reported by the read below, which names the problem
    }
    String value;
    try {
      value = Utf8.decode(StructuredFiles.readBytes(path, name), name).strip();
    } catch (InvalidInputException e) {
      for (InputProblem q : e.problems()) {
        problem(problems, "secret file " + q.file() + ": " + q.message());
      }
      return null;
    }
    if (value.isEmpty()) {
      problem(problems, "secret file " + name + " is empty");
      return null;
    }
    return Secret.of(value, toString());
  }

  private void problem(Problems problems, String message) {
    problems.add(new InputProblem(file, line, column, message));
  }
}
