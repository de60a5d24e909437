package dev.psapolicy.source.http;

/** Told how far a fetch is, e.g. to draw a progress line on a terminal. */
@FunctionalInterface
public interface Progress {
  /**
   * The fetch moved on.
   *
   * @param what the unit being counted ("roles", "entities")
   * @param done how many are done
   * @param total how many there are
   * @param requests HTTP requests sent so far
   */
  void update(String what, int done, int total, int requests);

  /** Progress that is not shown. */
  static Progress none() {
    return (w, d, t, r) -> {};
  }
}
