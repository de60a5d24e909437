package dev.psapolicy.alert;

import dev.psapolicy.source.http.PsaHttpClient;
import dev.psapolicy.source.http.Sleeper;
import dev.psapolicy.source.http.WebhookPost;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Delivers one alert to one webhook: builds the body, signs it (JSON format with a key), POSTs it,
 * and retries on 5xx, 429 and connection errors with exponential back-off and jitter, up to a
 * number of attempts. A redirect or another 4xx is not retried (resending will not help). Failures
 * name the webhook and its host, never its URL (whose path may be a token) or key.
 */
public final class WebhookSender {
  /** Sends one request; {@link WebhookPost#post} in production, anything in tests. */
  @FunctionalInterface
  public interface Poster {
    /** POSTs once. */
    WebhookPost.Answer post(URI url, Map<String, String> headers, byte[] body) throws IOException;
  }

  /**
   * What became of one delivery.
   *
   * @param delivered whether the receiver answered 2xx
   * @param attempts requests made
   * @param failure why it was not delivered (one line, no secret); null when delivered
   * @param unavailable the receiver did not answer usefully through every attempt (5xx, 429 or no
   *     connection): the dispatcher sends it nothing more in the same dispatch
   */
  public record Outcome(boolean delivered, int attempts, String failure, boolean unavailable) {
    /** An outcome that does not mark the receiver unavailable. */
    public Outcome(boolean delivered, int attempts, String failure) {
      this(delivered, attempts, failure, false);
    }
  }

  private final Poster poster;
  private final Sleeper sleeper;
  private final Clock clock;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final DoubleSupplier jitter;

  /**
   * A sender.
   *
   * @param poster sends one request
   * @param sleeper waits between attempts
   * @param clock the signature's timestamp
   * @param maxAttempts attempts per delivery, at least 1
   * @param initialBackoff the wait before the second attempt, doubled for each further one
   * @param maxBackoff the longest wait (a longer {@code Retry-After} is cut to it)
   * @param jitter a number in [0, 1): each wait is its back-off times (0.5 + jitter / 2), so that
   *     many senders do not retry in step
   */
  public WebhookSender(
      Poster poster,
      Sleeper sleeper,
      Clock clock,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      DoubleSupplier jitter) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.poster = Objects.requireNonNull(poster);
    this.sleeper = Objects.requireNonNull(sleeper);
    this.clock = Objects.requireNonNull(clock);
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.jitter = jitter;
  }

  /** Production: the JDK client, real sleeps, 1 s back-off doubling to 30 s, random jitter. */
  public static WebhookSender standard(int maxAttempts, Clock clock) {
    WebhookPost post = WebhookPost.defaults();
    return new WebhookSender(
        post::post,
        Sleeper.real(),
        clock,
        maxAttempts,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The headers of one request for a body: content type, and for a keyed webhook the signature. */
  public Map<String, String> headers(Webhook w, byte[] body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json; charset=utf-8");
    if (w.format() == Webhook.Format.JSON && w.hmacKey() != null) {
      long ts = clock.instant().getEpochSecond();
      h.put(Signature.TIMESTAMP_HEADER, Long.toString(ts));
      h.put(
          Signature.SIGNATURE_HEADER,
          Signature.sign(w.hmacKey().reveal().getBytes(StandardCharsets.UTF_8), ts, body));
    }
    return h;
  }

  /** Delivers the alert, retrying as described. */
  public Outcome send(Webhook w, Alert a) {
    byte[] body = Payloads.body(w.format(), a);
    URI url;
    try {
      url = w.uri();
    } catch (IllegalArgumentException e) {
      return new Outcome(false, 0, w.describe() + ": the URL is not valid");
    }
    String last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Duration retryAfter = null;
      try {
        // signed per attempt: a retry carries a fresh timestamp
        WebhookPost.Answer answer = poster.post(url, headers(w, body), body);
        int s = answer.status();
        if (s >= 200 && s < 300) {
          return new Outcome(true, attempt, null);
        }
        last = "HTTP " + s;
        if (s != 429 && s < 500) {
          return new Outcome(
              false,
              attempt,
              w.describe()
                  + ": HTTP "
                  + s
                  + (s >= 300 && s < 400 ? " (redirects are not followed)" : ""));
        }
        retryAfter = answer.retryAfter();
      } catch (IOException e) {
        last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      if (attempt < maxAttempts) {
        try {
          sleeper.sleep(wait(attempt, retryAfter));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Outcome(false, attempt, w.describe() + ": interrupted while waiting to retry");
        }
      }
    }
    return new Outcome(
        false,
        maxAttempts,
        w.describe() + ": " + last + " after " + maxAttempts + " attempt(s)",
        true);
  }

  /** The wait after a failed attempt: Retry-After when given, else the jittered back-off. */
  Duration wait(int attempt, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
    }
    Duration d = PsaHttpClient.backoff(initialBackoff, maxBackoff, attempt);
    double factor = 0.5 + Math.min(Math.max(jitter.getAsDouble(), 0), 1) / 2;
    return Duration.ofMillis(Math.round(d.toMillis() * factor));
  }
}
