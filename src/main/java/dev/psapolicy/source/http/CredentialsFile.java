package dev.psapolicy.source.http;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.input.Utf8;
import java.io.IOException;
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
import java.util.regex.Pattern;

/**
 * A credentials file: {@code KEY=VALUE} lines, {@code #} comments, an optional {@code export}, read
 * only when no one but its owner can read it. It is read like every other input (a regular file,
 * UTF-8, within the size limit), and values never appear in a message: problems name the file, the
 * line and the key.
 */
public final class CredentialsFile {
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private static final Pattern KEY_SHAPE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  private CredentialsFile() {}

  /**
   * The values of {@code keys} that the file sets (an empty value sets nothing).
   *
   * @param path the file
   * @param display the file as the user named it
   * @param keys the keys it may set
   * @throws InvalidInputException when the file is missing, unreadable, not a regular file, open to
   *     group or others, or has a line that is not KEY=VALUE for a known key
   */
  public static Map<String, String> read(Path path, String display, List<String> keys)
      throws InvalidInputException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
      Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
      open.addAll(perms);
      open.retainAll(GROUP_OR_OTHERS);
      if (!open.isEmpty() && Files.isRegularFile(path)) {
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
    return parse(StructuredFiles.readBytes(path, display), display, keys);
  }

  /**
   * Parses the bytes of a credentials file.
   *
   * @param bytes the file's bytes
   * @param display the file, for messages
   * @param keys the keys it may set
   * @throws InvalidInputException for a line that is not KEY=VALUE for a known key
   */
  public static Map<String, String> parse(byte[] bytes, String display, List<String> keys)
      throws InvalidInputException {
    List<String> lines = Utf8.decode(bytes, display).lines().toList();
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
        // A key is echoed only when it has the shape of one: a pasted secret with a '=' in it
        // (Base64 padding) must not end up in a CI log.
        problems.add(
            new InputProblem(
                display,
                i + 1,
                1,
                (KEY_SHAPE.matcher(key).matches() ? "unknown key '" + key + "'" : "unknown key")
                    + " (expected "
                    + String.join(", ", keys)
                    + ")"));
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
