package dev.psapolicy.source.http;

import java.time.Duration;

/**
 * Waits between retries. Injected so that tests exercise back-off and {@code Retry-After} without
 * real multi-second sleeps.
 */
@FunctionalInterface
public interface Sleeper {
  /** Waits for {@code d}. */
  void sleep(Duration d) throws InterruptedException;

  /** The real clock: {@link Thread#sleep}. */
  static Sleeper real() {
    return d -> Thread.sleep(d.toMillis());
  }
}
