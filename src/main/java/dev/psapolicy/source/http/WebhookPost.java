package dev.psapolicy.source.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * One POST of a finished body to a webhook receiver (Teams, Slack, a signed JSON endpoint): the JDK
 * {@link HttpClient} with a connect and a read timeout, HTTP/1.1, and no redirects (a receiver that
 * redirects gets nothing resent elsewhere). It sends exactly once; retrying is the caller's
 * decision. It is not {@link PsaHttpClient}: that one is bound to one PSA's API root, adds its
 * credentials, records every response as provenance and stops after the first network failure, none
 * of which fits a long-lived alert sender.
 *
 * <p>Exceptions carry only the exception's class and the host, never the URL's path or query (an
 * incoming-webhook URL is itself a bearer secret).
 */
public final class WebhookPost {
  /**
   * The receiver's answer.
   *
   * @param status HTTP status
   * @param retryAfter the {@code Retry-After} delay it asked for (seconds or an HTTP date, read as
   *     {@link PsaHttpClient} reads it), or null
   */
  public record Answer(int status, Duration retryAfter) {}

  private final HttpClient client;
  private final Duration readTimeout;

  /**
   * A poster.
   *
   * @param connectTimeout TCP/TLS connect timeout
   * @param readTimeout the longest one request may take
   * @param sslContext TLS trust, or null for the JDK's default trust store
   */
  public WebhookPost(Duration connectTimeout, Duration readTimeout, SSLContext sslContext) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1);
    if (sslContext != null) {
      b.sslContext(sslContext);
    }
    this.client = b.build();
    this.readTimeout = readTimeout;
  }

  /** 10 s to connect, 15 s per request, the JDK's trust store. */
  public static WebhookPost defaults() {
    return new WebhookPost(Duration.ofSeconds(10), Duration.ofSeconds(15), null);
  }

  /**
   * POSTs {@code body} once.
   *
   * @param url the receiver (checked with {@link Transport#checked} by the caller's config)
   * @param headers request headers (Content-Type included)
   * @param body the exact bytes to send
   * @throws IOException on a connection failure or timeout; the message names the host only
   */
  public Answer post(URI url, Map<String, String> headers, byte[] body) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(readTimeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, String> h : headers.entrySet()) {
      try {
        b.header(h.getKey(), h.getValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid value for the " + h.getKey() + " header");
      }
    }
    b.header("User-Agent", "psa-policy");
    HttpResponse<Void> resp;
    try {
      resp = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (IOException e) {
      throw new IOException(
          e.getClass().getSimpleName() + " talking to " + url.getHost() + ":" + port(url));
    }
    return new Answer(resp.statusCode(), PsaHttpClient.retryAfter(resp));
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }
}
