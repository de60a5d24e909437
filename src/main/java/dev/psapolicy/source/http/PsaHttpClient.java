package dev.psapolicy.source.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.input.Hashes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * The one place psa-policy touches the network: a JDK {@link HttpClient} bound to one API root,
 * adding the PSA's authentication headers, with timeouts, retry with back-off on 5xx, 429 and
 * network errors (honouring {@code Retry-After}), no redirects to another origin (so credentials
 * never leave the PSA), and redaction of every secret from what it records and reports.
 *
 * <p>Every response is recorded (redacted, hashed) for the snapshot's provenance and {@code --raw}.
 * Instances are thread-safe.
 */
public final class PsaHttpClient {
  /** Told about every response, e.g. to draw progress. */
  @FunctionalInterface
  public interface Listener {
    /** Called once per response received (including ones that are retried). */
    void onResponse(RecordedResponse response);

    /** A listener that does nothing. */
    static Listener none() {
      return r -> {};
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REDIRECTS = 5;
  private static final Map<Integer, String> REASONS =
      Map.ofEntries(
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(406, "Not Acceptable"),
          Map.entry(409, "Conflict"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"),
          Map.entry(301, "Moved Permanently"),
          Map.entry(302, "Found"),
          Map.entry(303, "See Other"),
          Map.entry(307, "Temporary Redirect"),
          Map.entry(308, "Permanent Redirect"));

  private final URI root;
  private final String rootPath;
  private final Map<String, String> headers;
  private final Redactor redactor;
  private final HttpSettings settings;
  private final Listener listener;
  private final HttpClient client;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<RecordedResponse> recorded = Collections.synchronizedList(new ArrayList<>());
  private final List<RecordedRequest> sent = Collections.synchronizedList(new ArrayList<>());

  /**
   * A client for one API root.
   *
   * @param root the API root the spec's paths are appended to (checked with {@link
   *     Transport#checked})
   * @param headers headers sent on every request (authentication, Accept, ...)
   * @param redactor knows every secret, including header values built from them
   * @param settings timeouts, retries, TLS trust
   * @param listener told about every response
   */
  public PsaHttpClient(
      URI root,
      Map<String, String> headers,
      Redactor redactor,
      HttpSettings settings,
      Listener listener) {
    String r = root.toString();
    this.root = URI.create(r.endsWith("/") ? r.substring(0, r.length() - 1) : r);
    String p = this.root.getPath() == null ? "" : this.root.getPath();
    this.rootPath = p;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.redactor = redactor;
    this.settings = settings;
    this.listener = listener;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1);
    if (settings.sslContext() != null) {
      b.sslContext(settings.sslContext());
    }
    this.client = b.build();
  }

  /** The API root (no trailing slash). */
  public URI root() {
    return root;
  }

  /** HTTP requests sent so far, retries included. */
  public int requestCount() {
    return requests.get();
  }

  /** Every response received so far, in arrival order. */
  public List<RecordedResponse> responses() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /** The redactor (for messages built by the PSA clients). */
  public Redactor redactor() {
    return redactor;
  }

  /** A URL-encoded query parameter {@code name=value}. */
  public static String param(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** GET {@code root + path} ({@code path} starts with '/', query already encoded). */
  public ApiResponse get(String path, Map<String, String> extraHeaders) throws HttpFailure {
    return execute("GET", resolve(path), null, extraHeaders);
  }

  /**
   * GET an absolute URL the server handed out (a next-page link). It must have the API root's
   * origin: credentials are never sent anywhere else.
   */
  public ApiResponse get(URI absolute, Map<String, String> extraHeaders, ApiResponse from)
      throws HttpFailure {
    if (!Transport.sameOrigin(root, absolute)) {
      throw from.bad(
          "the next-page link points to another origin ("
              + redactor.redact(origin(absolute))
              + "); psa-policy never sends credentials there");
    }
    return execute("GET", absolute, null, extraHeaders);
  }

  /** POST a JSON body to {@code root + path}. */
  public ApiResponse postJson(String path, JsonNode body) throws HttpFailure {
    try {
      return execute(
          "POST",
          resolve(path),
          JSON.writeValueAsBytes(body),
          Map.of("Content-Type", "application/json"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise request body", e);
    }
  }

  /**
   * Sends a JSON body with a write method ({@code PUT}, {@code PATCH}, ...) to {@code root + path}.
   * A write is retried (5xx, 429, network errors, as reads are) only when it is idempotent, so that
   * sending it twice leaves the PSA as sending it once: {@code PUT} (a full replacement), and a
   * {@code PATCH} whose operations all {@code replace} a value. Any other write is sent once: after
   * a timeout or a 5xx nobody knows whether the PSA applied it, and a blind retry could apply it
   * twice. The request body is recorded, redacted, with every request ({@link #requests()}).
   */
  public ApiResponse writeJson(String method, String path, JsonNode body) throws HttpFailure {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise request body", e);
    }
    boolean idempotent = idempotent(method, body);
    return execute(
        method,
        resolve(path),
        bytes,
        Map.of("Content-Type", "application/json"),
        idempotent ? settings.maxAttempts() : 1);
  }

  /** True for a write that may be sent again: PUT, or PATCH of replace operations only. */
  static boolean idempotent(String method, JsonNode body) {
    if (method.equals("PUT")) {
      return true;
    }
    if (!method.equals("PATCH") || body == null || !body.isArray() || body.isEmpty()) {
      return false;
    }
    for (JsonNode op : body) {
      if (!"replace".equals(op.path("op").asText(null))) {
        return false;
      }
    }
    return true;
  }

  /** Every request sent so far, in order, retries included, bodies redacted. */
  public List<RecordedRequest> requests() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  private URI resolve(String path) {
    return URI.create(root + path);
  }

  /** How messages name a URL: its path relative to the API root, decoded, with the query. */
  public String describe(URI u) {
    String path = u.getPath() == null ? "" : u.getPath();
    if (!rootPath.isEmpty() && path.startsWith(rootPath) && Transport.sameOrigin(root, u)) {
      path = path.substring(rootPath.length());
    }
    if (path.isEmpty()) {
      path = "/";
    }
    return redactor.redact(path + (u.getQuery() == null ? "" : "?" + u.getQuery()));
  }

  /**
   * The first network failure or timeout that outlasted every retry. Once the PSA has stopped
   * answering, every later request fails at once with a reference to it instead of waiting out its
   * own timeouts and retries: a fetch of 36 Autotask entities from a dead host would otherwise take
   * the timeout times the attempts for each of them before it reports.
   */
  private volatile HttpFailure unreachable;

  private ApiResponse execute(String method, URI uri, byte[] body, Map<String, String> extra)
      throws HttpFailure {
    return execute(method, uri, body, extra, settings.maxAttempts());
  }

  private ApiResponse execute(
      String method, URI uri, byte[] body, Map<String, String> extra, int maxAttempts)
      throws HttpFailure {
    try {
      return attempt(method, uri, body, extra, maxAttempts);
    } catch (HttpFailure f) {
      if (unreachable == null
          && (f.kind() == HttpFailure.Kind.NETWORK || f.kind() == HttpFailure.Kind.TIMEOUT)) {
        unreachable = f;
      }
      throw f;
    }
  }

  private ApiResponse attempt(
      String method, URI uri, byte[] body, Map<String, String> extra, int maxAttempts)
      throws HttpFailure {
    HttpFailure dead = unreachable;
    if (dead != null) {
      String path = describe(uri);
      throw new HttpFailure(
          dead.kind(),
          method,
          path,
          0,
          method
              + " "
              + path
              + ": not sent,"
              + " the PSA stopped answering earlier ("
              + dead.getMessage()
              + ")");
    }
    URI current = uri;
    String currentMethod = method;
    byte[] currentBody = body;
    int redirects = 0;
    int attempt = 0;
    while (true) {
      attempt++;
      String path = describe(current);
      String name = currentMethod + " " + path;
      HttpResponse<byte[]> resp;
      try {
        requests.incrementAndGet();
        resp = send(build(currentMethod, current, currentBody, extra));
        recordRequest(currentMethod, path, currentBody, resp.statusCode());
      } catch (TimeoutException | HttpTimeoutException e) {
        recordRequest(currentMethod, path, currentBody, 0);
        if (e instanceof HttpConnectTimeoutException) {
          if (retry(attempt, maxAttempts, null, currentMethod, path)) {
            continue;
          }
          throw new HttpFailure(
              HttpFailure.Kind.NETWORK,
              currentMethod,
              path,
              0,
              name
                  + ": cannot connect to "
                  + hostPort(current)
                  + " (connect timed out)"
                  + after(attempt));
        }
        if (retry(attempt, maxAttempts, null, currentMethod, path)) {
          continue;
        }
        throw new HttpFailure(
            HttpFailure.Kind.TIMEOUT,
            currentMethod,
            path,
            0,
            name
                + ": no complete response within the read timeout of "
                + seconds(settings.readTimeout())
                + after(attempt));
      } catch (SSLException e) {
        recordRequest(currentMethod, path, currentBody, 0);
        throw new HttpFailure(
            HttpFailure.Kind.NETWORK,
            currentMethod,
            path,
            0,
            name
                + ": TLS with "
                + hostPort(current)
                + " failed ("
                + shortMessage(e)
                + "); is the server certificate trusted? (--ca-cert)");
      } catch (IOException e) {
        recordRequest(currentMethod, path, currentBody, 0);
        if (retry(attempt, maxAttempts, null, currentMethod, path)) {
          continue;
        }
        String what =
            e instanceof ConnectException
                ? "cannot connect to " + hostPort(current)
                : "the connection to " + hostPort(current) + " failed";
        throw new HttpFailure(
            HttpFailure.Kind.NETWORK,
            currentMethod,
            path,
            0,
            name + ": " + what + " (" + shortMessage(e) + ")" + after(attempt));
      }
      int status = resp.statusCode();
      byte[] kept = redactor.redact(resp.body() == null ? new byte[0] : resp.body());
      record(currentMethod, path, status, resp, kept);
      if (status >= 200 && status < 300) {
        return new ApiResponse(
            currentMethod,
            current,
            path,
            status,
            lowerCase(resp.headers().map()),
            resp.body() == null ? new byte[0] : resp.body());
      }
      String statusText = status + reason(status);
      if (status >= 300 && status < 400 && resp.headers().firstValue("Location").isPresent()) {
        URI target = current.resolve(resp.headers().firstValue("Location").get());
        if (!Transport.sameOrigin(root, target)) {
          throw new HttpFailure(
              HttpFailure.Kind.REDIRECT,
              currentMethod,
              path,
              status,
              name
                  + " -> "
                  + statusText
                  + ": redirect to "
                  + redactor.redact(origin(target))
                  + " refused; psa-policy never sends credentials to another origin");
        }
        if (++redirects > MAX_REDIRECTS) {
          throw new HttpFailure(
              HttpFailure.Kind.REDIRECT,
              currentMethod,
              path,
              status,
              name + " -> " + statusText + ": more than " + MAX_REDIRECTS + " redirects");
        }
        if (status == 303) {
          currentMethod = "GET";
          currentBody = null;
        }
        current = target;
        attempt = 0;
        continue;
      }
      String vendor = vendorMessage(resp.body());
      if (status == 401) {
        throw new HttpFailure(
            HttpFailure.Kind.UNAUTHORIZED,
            currentMethod,
            path,
            status,
            name + " -> " + statusText + vendor);
      }
      if (status == 403) {
        throw new HttpFailure(
            HttpFailure.Kind.FORBIDDEN,
            currentMethod,
            path,
            status,
            name + " -> " + statusText + vendor);
      }
      if (status == 429 || status >= 500) {
        Duration wait = retryAfter(resp);
        if (wait != null && wait.compareTo(settings.maxRetryAfter()) > 0) {
          throw new HttpFailure(
              HttpFailure.Kind.STATUS,
              currentMethod,
              path,
              status,
              name
                  + " -> "
                  + statusText
                  + ": Retry-After of "
                  + seconds(wait)
                  + " is longer than psa-policy waits ("
                  + seconds(settings.maxRetryAfter())
                  + ")"
                  + vendor);
        }
        if (retry(attempt, maxAttempts, wait, currentMethod, path)) {
          continue;
        }
        throw new HttpFailure(
            HttpFailure.Kind.STATUS,
            currentMethod,
            path,
            status,
            name + " -> " + statusText + after(attempt) + vendor);
      }
      throw new HttpFailure(
          HttpFailure.Kind.STATUS,
          currentMethod,
          path,
          status,
          name + " -> " + statusText + vendor);
    }
  }

  private HttpRequest build(String method, URI uri, byte[] body, Map<String, String> extra) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.readTimeout());
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(extra);
    for (Map.Entry<String, String> h : all.entrySet()) {
      try {
        b.header(h.getKey(), h.getValue());
      } catch (IllegalArgumentException e) {
        // The JDK's message quotes the value, which may be a secret: name the header only.
        throw new IllegalArgumentException("invalid value for the " + h.getKey() + " header");
      }
    }
    b.header("User-Agent", "psa-policy");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return b.build();
  }

  private HttpResponse<byte[]> send(HttpRequest req) throws IOException, TimeoutException {
    CompletableFuture<HttpResponse<byte[]>> f =
        client.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray());
    try {
      // The request timeout covers the wait for the response headers; this bound also covers a
      // body that trickles or stalls after them.
      return f.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw e;
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IOException(c == null ? "request failed" : c.getClass().getSimpleName(), c);
    }
  }

  /** Waits before another attempt; false when the attempts are used up. */
  private boolean retry(
      int attempt, int maxAttempts, Duration retryAfter, String method, String path)
      throws HttpFailure {
    if (attempt >= maxAttempts) {
      return false;
    }
    Duration wait = retryAfter != null ? retryAfter : backoff(attempt);
    try {
      settings.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpFailure(
          HttpFailure.Kind.NETWORK,
          method,
          path,
          0,
          method + " " + path + ": interrupted while waiting to retry");
    }
    return true;
  }

  private Duration backoff(int attempt) {
    return backoff(settings.initialBackoff(), settings.maxBackoff(), attempt);
  }

  /**
   * The exponential back-off before retry {@code attempt} (1 for the first): {@code initial}
   * doubled per attempt, never above {@code max}. The one rule for every HTTP retry psa-policy
   * makes (the PSA clients here, the webhooks in {@code alert}).
   */
  public static Duration backoff(Duration initial, Duration max, int attempt) {
    Duration d = initial.multipliedBy(1L << Math.min(Math.max(attempt, 1) - 1, 20));
    return d.compareTo(max) > 0 ? max : d;
  }

  /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(HttpResponse<?> resp) {
    Optional<String> v = resp.headers().firstValue("Retry-After");
    if (v.isEmpty()) {
      return null;
    }
    String s = v.get().strip();
    if (s.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private void recordRequest(String method, String path, byte[] body, int status) {
    synchronized (sent) {
      sent.add(
          new RecordedRequest(
              sent.size() + 1, method, path, body == null ? null : redactor.redact(body), status));
    }
  }

  private void record(
      String method, String path, int status, HttpResponse<byte[]> resp, byte[] kept) {
    RecordedResponse r;
    synchronized (recorded) {
      r =
          new RecordedResponse(
              recorded.size() + 1,
              method,
              path,
              status,
              resp.headers().firstValue("Content-Type").orElse(null),
              kept,
              Hashes.sha256(kept));
      recorded.add(r);
    }
    listener.onResponse(r);
  }

  /** ": message" from a vendor error body (ConnectWise code/message, Autotask errors[]). */
  private String vendorMessage(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    try {
      JsonNode n = JSON.readTree(body);
      List<String> parts = new ArrayList<>();
      if (n != null && n.isObject()) {
        if (n.path("code").isTextual()) {
          parts.add(n.get("code").asText());
        }
        if (n.path("message").isTextual()) {
          parts.add(n.get("message").asText());
        }
        for (JsonNode e : n.path("errors")) {
          if (e.isTextual()) {
            parts.add(e.asText());
          } else if (e.path("message").isTextual()) {
            parts.add(e.get("message").asText());
          }
        }
      }
      if (parts.isEmpty()) {
        return "";
      }
      String m = String.join(": ", parts).replace('\n', ' ').replace('\r', ' ').strip();
      if (m.length() > 200) {
        m = m.substring(0, 200) + "...";
      }
      return ": " + redactor.redact(m);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static Map<String, List<String>> lowerCase(Map<String, List<String>> h) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    h.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    return Collections.unmodifiableMap(out);
  }

  private static String reason(int status) {
    String r = REASONS.get(status);
    return r == null ? "" : " " + r;
  }

  private static String after(int attempt) {
    return attempt <= 1 ? "" : " after " + attempt + " attempts";
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  private static String hostPort(URI u) {
    return u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
  }

  private static String origin(URI u) {
    return (u.getScheme() == null ? "" : u.getScheme() + "://") + hostPort(u);
  }

  private String shortMessage(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    m = m.replace('\n', ' ').strip();
    if (m.length() > 160) {
      m = m.substring(0, 160) + "...";
    }
    return redactor.redact(m);
  }
}
