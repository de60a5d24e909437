package dev.psapolicy.testing;

import dev.psapolicy.source.http.HttpSettings;
import dev.psapolicy.source.http.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** HTTP settings for tests: short timeouts and a sleeper that records instead of sleeping. */
public final class FastHttp implements Sleeper {
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  /** Every wait the client asked for, in order. */
  public List<Duration> sleeps() {
    synchronized (sleeps) {
      return List.copyOf(sleeps);
    }
  }

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
  }

  /** 2 s connect and read timeouts, 4 attempts, back-off 1 s doubling (recorded, not slept). */
  public HttpSettings settings() {
    return new HttpSettings(
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        4,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(120),
        this,
        null);
  }
}
