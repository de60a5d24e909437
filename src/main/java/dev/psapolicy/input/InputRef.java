package dev.psapolicy.input;

/**
 * A file a run read, without its bytes: what run metadata and every output carry about it.
 *
 * @param kind what the file is
 * @param origin where it came from
 * @param path its path: as the user named it ({@link Origin#FILE}), below the jar's root for a
 *     bundled file ({@code baselines/x.yaml}, {@code rules/x.drl}), or the demo's label
 * @param id the id the file declares (a baseline's id), or null
 * @param sha256 lower-case hex SHA-256 of its bytes
 */
public record InputRef(InputKind kind, Origin origin, String path, String id, String sha256) {

  /** Where it is, for messages: the path with its origin's prefix ({@code builtin:rules/x.drl}). */
  public String location() {
    return origin.prefix() + path;
  }

  /** Its name in run metadata: the location, or {@code id (location)} when it declares an id. */
  public String name() {
    return id == null ? location() : id + " (" + location() + ")";
  }
}
