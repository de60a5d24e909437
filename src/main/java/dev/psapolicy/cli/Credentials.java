package dev.psapolicy.cli;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PSA credentials from the environment or from a file readable only by its owner. Values never
 * appear in a message: problems name the file, the line and the key.
 */
final class Credentials {
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private Credentials() {}

  /**
   * The values of {@code keys}: from {@code file} when given (KEY=VALUE lines, {@code #} comments,
   * optional {@code export}), else from the environment.
   *
   * @throws UsageException when a key has no value
   * @throws InvalidInputException when the file is missing, unreadable, open to group or others, or
   *     has a line that is not KEY=VALUE for a known key
   */
  static Map<String, String> load(String file, Context ctx, List<String> keys)
      throws UsageException, InvalidInputException {
    Map<String, String> values = new LinkedHashMap<>();
    if (file != null) {
      values.putAll(readFile(ctx.path(file), file, keys));
    } else {
      for (String k : keys) {
        String v = ctx.env().get(k);
        if (v != null && !v.isBlank()) {
          values.put(k, v.strip());
        }
      }
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getValue().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        // Never echo the value: it may be a secret.
        throw new UsageException(e.getKey() + " contains a control character");
      }
    }
    List<String> missing = keys.stream().filter(k -> !values.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      throw new UsageException(
          "missing credentials: "
              + String.join(", ", missing)
              + (file == null
                  ? " (set the environment variable"
                      + (missing.size() > 1 ? "s" : "")
                      + " or give --credentials FILE)"
                  : " (not in " + file + ")"));
    }
    return values;
  }

  private static Map<String, String> readFile(Path path, String display, List<String> keys)
      throws InvalidInputException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
      Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
      open.addAll(perms);
      open.retainAll(GROUP_OR_OTHERS);
      if (!open.isEmpty()) {
        throw new InvalidInputException(
            InputProblem.at(
                display,
                "credentials file is accessible to group or others ("
                    + PosixFilePermissions.toString(perms)
                    + "); make it readable only by its owner: chmod 600 "
                    + display));
      }
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(InputProblem.at(display, "file not found"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (e.g. Windows): its ACLs are the user's responsibility.
    } catch (IOException e) {
      throw new InvalidInputException(InputProblem.at(display, "cannot read file"));
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(InputProblem.at(display, "cannot read file"));
    }
    Map<String, String> out = new LinkedHashMap<>();
    Problems problems = new Problems();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        problems.add(new InputProblem(display, i + 1, 0, "expected KEY=VALUE"));
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2
          && (value.startsWith("\"") && value.endsWith("\"")
              || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      if (!keys.contains(key)) {
        problems.add(
            new InputProblem(
                display,
                i + 1,
                1,
                "unknown key '" + key + "' (expected " + String.join(", ", keys) + ")"));
        continue;
      }
      if (!value.isEmpty()) {
        out.put(key, value);
      }
    }
    problems.throwIfAny();
    return out;
  }
}
