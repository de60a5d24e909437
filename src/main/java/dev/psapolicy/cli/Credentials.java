package dev.psapolicy.cli;

import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.source.http.CredentialsFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PSA credentials from the environment or from a file readable only by its owner. Values never
 * appear in a message: problems name the file, the line and the key.
 */
final class Credentials {
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
      values.putAll(CredentialsFile.read(ctx.path(file), file, keys));
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
}
