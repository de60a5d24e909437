package dev.psapolicy.cli;

import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.run.InstanceFetch;
import dev.psapolicy.run.RequestException;
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
   * @throws RequestException when a value has a control character
   * @throws InvalidInputException when the file is missing, unreadable, open to group or others, or
   *     has a line that is not KEY=VALUE for a known key
   */
  static Map<String, String> load(String file, Context ctx, List<String> keys)
      throws UsageException, RequestException, InvalidInputException {
    Map<String, String> values =
        InstanceFetch.values(file == null ? null : ctx.path(file), file, ctx.env(), "", keys);
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
