package dev.psapolicy.source.http;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Timeouts, retry policy and TLS trust of the HTTP layer.
 *
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param readTimeout how long one request may take from sending to the last body byte
 * @param maxAttempts attempts per request (1 = no retry) on 5xx, 429 and network errors
 * @param initialBackoff wait before the first retry when the server gives no Retry-After; doubled
 *     for every further retry
 * @param maxBackoff upper bound of the computed back-off
 * @param maxRetryAfter the longest Retry-After honoured; a longer one fails the request at once
 *     rather than stalling a pipeline for an hour
 * @param sleeper how to wait
 * @param sslContext TLS trust (null: the JDK's default trust store)
 */
public record HttpSettings(
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryAfter,
    Sleeper sleeper,
    SSLContext sslContext) {

  public HttpSettings {
    Objects.requireNonNull(connectTimeout);
    Objects.requireNonNull(readTimeout);
    Objects.requireNonNull(initialBackoff);
    Objects.requireNonNull(maxBackoff);
    Objects.requireNonNull(maxRetryAfter);
    Objects.requireNonNull(sleeper);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** Production defaults: 10 s connect, 30 s read, 4 attempts, back-off 1 s doubling to 30 s. */
  public static HttpSettings defaults() {
    return new HttpSettings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        4,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(120),
        Sleeper.real(),
        null);
  }

  /** A copy with another read timeout. */
  public HttpSettings withReadTimeout(Duration d) {
    return new HttpSettings(
        connectTimeout,
        d,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        maxRetryAfter,
        sleeper,
        sslContext);
  }

  /** A copy with another number of attempts. */
  public HttpSettings withMaxAttempts(int n) {
    return new HttpSettings(
        connectTimeout,
        readTimeout,
        n,
        initialBackoff,
        maxBackoff,
        maxRetryAfter,
        sleeper,
        sslContext);
  }

  /** A copy with another back-off. */
  public HttpSettings withBackoff(Duration initial, Duration max) {
    return new HttpSettings(
        connectTimeout, readTimeout, maxAttempts, initial, max, maxRetryAfter, sleeper, sslContext);
  }

  /** A copy with another sleeper. */
  public HttpSettings withSleeper(Sleeper s) {
    return new HttpSettings(
        connectTimeout,
        readTimeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        maxRetryAfter,
        s,
        sslContext);
  }

  /** A copy that trusts the given TLS context. */
  public HttpSettings withSslContext(SSLContext ctx) {
    return new HttpSettings(
        connectTimeout,
        readTimeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        maxRetryAfter,
        sleeper,
        ctx);
  }
}
