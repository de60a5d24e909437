package dev.psapolicy.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The HTTP plumbing shared by the simulators: a JDK {@link HttpServer} (or {@code HttpsServer}),
 * request logging, concurrency tracking and fault injection. Subclasses only route requests to
 * responses.
 */
public abstract class SimulatorServer implements AutoCloseable {
  static {
    // The JDK server leaves Nagle's algorithm on, so every small JSON response waits for the
    // client's delayed ACK (~40 ms a request on loopback): a demo fetch took seconds longer.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Jackson for the vendor JSON the simulators write. */
  protected static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One request as a route sees it.
   *
   * @param method HTTP method
   * @param rawPath the raw path
   * @param rawQuery the raw query (null when none)
   * @param path the decoded path, lower case (the PSAs match paths case-insensitively)
   * @param query decoded query parameters (names lower case, first value)
   * @param headers request headers (names lower case, first value)
   * @param body request body
   * @param origin scheme://host:port as the client addressed the server
   */
  protected record Request(
      String method,
      String rawPath,
      String rawQuery,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] body,
      String origin) {
    /** A header (name in any case), or null. */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Path and query as the client sent them. */
    String pathAndQuery() {
      return rawPath + (rawQuery == null ? "" : "?" + rawQuery);
    }
  }

  /**
   * A response.
   *
   * @param status HTTP status
   * @param headers response headers
   * @param body body bytes
   */
  protected record Response(int status, Map<String, String> headers, byte[] body) {
    /** A JSON response. */
    static Response json(int status, String contentType, JsonNode body) {
      try {
        return new Response(
            status, Map.of("Content-Type", contentType), JSON.writeValueAsBytes(body));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A copy with one more header. */
    Response with(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Response(status, h, body);
    }
  }

  /**
   * A request the simulator received, for tests and the {@code simulate} log.
   *
   * @param method HTTP method
   * @param pathAndQuery raw path and query
   * @param headers request headers (names lower case)
   * @param status the status answered (0 when the connection was cut)
   * @param body the request body as UTF-8 text for a write (any method but GET and HEAD), else null
   */
  public record LoggedRequest(
      String method, String pathAndQuery, Map<String, String> headers, int status, String body) {
    /** True for a request that may change the data (any method but GET and HEAD). */
    public boolean write() {
      return !method.equals("GET") && !method.equals("HEAD");
    }
  }

  private final SimulatorOptions options;
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<LoggedRequest> log = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final Map<String, AtomicInteger> perEndpoint = new HashMap<>();
  private volatile Consumer<LoggedRequest> onRequest = r -> {};

  /** Binds and starts the server. */
  protected SimulatorServer(SimulatorOptions options) throws IOException {
    this.options = options;
    InetSocketAddress addr = new InetSocketAddress(options.host(), options.port());
    if (options.tls() != null) {
      HttpsServer s = HttpsServer.create(addr, 64);
      s.setHttpsConfigurator(new HttpsConfigurator(options.tls()));
      server = s;
    } else {
      server = HttpServer.create(addr, 64);
    }
    executor =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "psa-simulator");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The options it runs with. */
  public SimulatorOptions options() {
    return options;
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http(s)://host:port} of the bound address (127.0.0.1 when bound to all). */
  public String origin() {
    String host = options.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
      host = "127.0.0.1";
    }
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return (options.tls() != null ? "https" : "http") + "://" + host + ":" + port();
  }

  /** Every request received so far. */
  public List<LoggedRequest> requests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /**
   * Every write received so far (any method but GET and HEAD, refused ones included), with its body
   * and the status answered.
   */
  public List<LoggedRequest> writes() {
    return requests().stream().filter(LoggedRequest::write).toList();
  }

  /** The most requests that were in flight at the same time. */
  public int maxConcurrent() {
    return maxInFlight.get();
  }

  /** Calls {@code c} after every request (from a server thread). */
  public void onRequest(Consumer<LoggedRequest> c) {
    onRequest = c;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Answers a request. */
  protected abstract Response route(Request r);

  /** At most this many concurrent requests per endpoint (0: no limit). */
  protected int threadLimit() {
    return 0;
  }

  /** The endpoint a request counts against for {@link #threadLimit}. */
  protected String endpoint(Request r) {
    return r.path();
  }

  /** The response to a thread-limit breach. */
  protected Response threadLimitExceeded(Request r) {
    return Response.json(
        429, "application/json", JSON.createObjectNode().put("message", "thread limit exceeded"));
  }

  /** The response an injected status fault gives (vendor error shape). */
  protected abstract Response error(int status, String message);

  private void handle(HttpExchange ex) throws IOException {
    Request req;
    try {
      req = read(ex);
    } catch (IOException e) {
      ex.close();
      return;
    }
    Fault fault = options.faults().next(req.method(), req.pathAndQuery());
    Response resp;
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    AtomicInteger endpointCount;
    synchronized (perEndpoint) {
      endpointCount = perEndpoint.computeIfAbsent(endpoint(req), k -> new AtomicInteger());
    }
    int atEndpoint = endpointCount.incrementAndGet();
    try {
      if (fault != null && fault.kind() == Fault.Kind.SLOW) {
        Thread.sleep(Long.parseLong(fault.arg()));
        fault = null;
      }
      if (fault != null && fault.kind() == Fault.Kind.STATUS) {
        resp = error(fault.status(), "injected fault " + fault.spec());
        if (fault.status() == 429 || fault.status() == 503) {
          resp =
              resp.with(
                  "Retry-After", fault.arg() == null || fault.arg().isEmpty() ? "1" : fault.arg());
        }
      } else if (fault != null && fault.kind() == Fault.Kind.AUTH) {
        resp = error(401, "injected fault: credentials rejected");
      } else if (fault != null && fault.kind() == Fault.Kind.REDIRECT) {
        resp = new Response(302, Map.of("Location", fault.arg()), new byte[0]);
      } else if (threadLimit() > 0 && atEndpoint > threadLimit()) {
        resp = threadLimitExceeded(req);
      } else {
        resp = route(req);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.close();
      return;
    } catch (RuntimeException e) {
      resp = error(500, "simulator error: " + e.getClass().getSimpleName());
    } finally {
      // Counted out before the response leaves: once the client has it, it may send its next
      // request, which must not find this one still counted.
      endpointCount.decrementAndGet();
      inFlight.decrementAndGet();
    }
    boolean cut = fault != null && fault.kind() == Fault.Kind.TRUNCATE;
    boolean write = !req.method().equals("GET") && !req.method().equals("HEAD");
    LoggedRequest logged =
        new LoggedRequest(
            req.method(),
            req.pathAndQuery(),
            req.headers(),
            cut ? 0 : resp.status(),
            write ? new String(req.body(), StandardCharsets.UTF_8) : null);
    log.add(logged);
    onRequest.accept(logged);
    if (cut) {
      sendTruncated(ex, resp);
      // An exception out of the handler is what makes the JDK server drop the connection;
      // closing the short stream alone would leave the client waiting for the missing bytes.
      throw new IOException("simulated truncation: connection cut");
    }
    try {
      if (fault != null && fault.kind() == Fault.Kind.GARBLE) {
        byte[] half = Arrays.copyOf(resp.body(), resp.body().length / 2);
        send(ex, new Response(resp.status(), resp.headers(), half));
      } else {
        send(ex, resp);
      }
    } catch (IOException e) {
      // The client went away (e.g. after its read timeout): nothing to answer.
    } finally {
      ex.close();
    }
  }

  private Request read(HttpExchange ex) throws IOException {
    String rawPath = ex.getRequestURI().getRawPath();
    String rawQuery = ex.getRequestURI().getRawQuery();
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery != null) {
      for (String part : rawQuery.split("&")) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        String k = decodeQuery(eq < 0 ? part : part.substring(0, eq)).toLowerCase(Locale.ROOT);
        String v = eq < 0 ? "" : decodeQuery(part.substring(eq + 1));
        query.putIfAbsent(k, v);
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders()
        .forEach(
            (k, v) -> {
              if (!v.isEmpty()) {
                headers.put(k.toLowerCase(Locale.ROOT), v.get(0));
              }
            });
    byte[] body = ex.getRequestBody().readAllBytes();
    String host = headers.getOrDefault("host", options.host() + ":" + port());
    String origin = (options.tls() != null ? "https" : "http") + "://" + host;
    return new Request(
        ex.getRequestMethod().toUpperCase(Locale.ROOT),
        rawPath,
        rawQuery,
        decode(rawPath).toLowerCase(Locale.ROOT),
        Collections.unmodifiableMap(query),
        Collections.unmodifiableMap(headers),
        body,
        origin);
  }

  private static void send(HttpExchange ex, Response resp) throws IOException {
    resp.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    boolean noBody = resp.body().length == 0;
    ex.sendResponseHeaders(resp.status(), noBody ? -1 : resp.body().length);
    if (!noBody) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(resp.body());
      }
    }
  }

  /** Announces the whole body and sends half of it (the caller then drops the connection). */
  private static void sendTruncated(HttpExchange ex, Response resp) throws IOException {
    resp.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(resp.status(), Math.max(resp.body().length, 2));
    OutputStream os = ex.getResponseBody();
    os.write(resp.body(), 0, resp.body().length / 2);
    os.flush();
  }

  /** Decodes a path: '+' is a literal plus there. */
  static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Decodes a query component: '+' is a space there. */
  static String decodeQuery(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
