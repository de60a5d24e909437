package dev.psapolicy.service.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.render.Renderer;
import dev.psapolicy.render.Renderers;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.Severity;
import dev.psapolicy.service.Decision;
import dev.psapolicy.service.Metrics;
import dev.psapolicy.service.Service;
import dev.psapolicy.service.ServiceInstance;
import dev.psapolicy.service.dashboard.DashboardPage;
import dev.psapolicy.service.history.RunRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP API of {@code serve} (described by {@value #OPENAPI}): Jetty's core {@link Handler}, one
 * route table, JSON bodies, bearer tokens, a bounded request body, a graceful stop.
 */
public final class ApiServer implements AutoCloseable {
  /** The OpenAPI document on the class path (also served at {@code /v1/openapi.json}). */
  public static final String OPENAPI = "/dev/psapolicy/service/api/openapi.json";

  /** Largest request body (a snapshot of many thousand grants fits). */
  public static final int MAX_BODY = 16 * 1024 * 1024;

  /** Most runs one {@code GET /v1/runs} returns. */
  static final int MAX_RUNS = 500;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String PLACEHOLDER =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>psa-policy"
          + " serve</title></head><body><h1>psa-policy serve</h1><p>The dashboard is not built"
          + " yet. See <a href=\"/v1/instances\">instances</a>, <a href=\"/v1/runs\">runs</a>,"
          + " <a href=\"/healthz\">health</a>, <a href=\"/metrics\">metrics</a> and the <a"
          + " href=\"/v1/openapi.json\">API</a>.</p></body></html>\n";

  /**
   * Where and how to listen.
   *
   * @param host the address to bind
   * @param port the port (0: any free one)
   * @param keystore a PKCS#12 key store for TLS, or null for plain HTTP (loopback only)
   * @param keystorePassword its password, or null
   * @param tokens the accepted bearer tokens
   */
  public record Listen(
      String host, int port, Path keystore, char[] keystorePassword, Tokens tokens) {}

  /** The page {@code GET /} shows (the dashboard replaces the placeholder). */
  @FunctionalInterface
  public interface Page {
    /** Renders the page. */
    byte[] render() throws Exception;
  }

  private final Service service;
  private final Decision decision;
  private final Tokens tokens;
  private final Server server;
  private final ServerConnector connector;
  private final boolean tls;
  private volatile Page home = () -> PLACEHOLDER.getBytes(StandardCharsets.UTF_8);

  /** Whether an address is a loopback one (plain HTTP may only bind there). */
  public static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /** A server (not yet started). */
  public ApiServer(Service service, Decision decision, Listen listen) {
    this.service = service;
    this.decision = decision;
    this.tokens = listen.tokens();
    QueuedThreadPool pool = new QueuedThreadPool(32, 4);
    pool.setName("psa-policy-http");
    pool.setDaemon(true);
    server = new Server(pool);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    tls = listen.keystore() != null;
    if (tls) {
      config.addCustomizer(new SecureRequestCustomizer(false));
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(listen.keystore().toString());
      ssl.setKeyStoreType("PKCS12");
      ssl.setKeyStorePassword(
          listen.keystorePassword() == null ? "" : new String(listen.keystorePassword()));
      connector =
          new ServerConnector(
              server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(config));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(config));
    }
    connector.setHost(listen.host());
    connector.setPort(listen.port());
    server.addConnector(connector);
    server.setHandler(new GracefulHandler(new Routes()));
    server.setStopTimeout(5_000);
  }

  /** Replaces the page {@code GET /} shows (the dashboard hooks in here). */
  public void home(Page page) {
    this.home = page;
  }

  /** Starts listening. */
  public void start() throws Exception {
    server.start();
  }

  /** The bound URL, e.g. {@code http://127.0.0.1:8080}. */
  public URI url() {
    String host = connector.getHost();
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create((tls ? "https" : "http") + "://" + h + ":" + connector.getLocalPort());
  }

  /** Stops gracefully: requests in flight finish (up to 5 s), new ones are refused. */
  @Override
  public void close() throws Exception {
    server.stop();
  }

  // ---- routes ----

  private record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static Reply json(int status, Object value) throws IOException {
      return new Reply(status, "application/json", JSON.writeValueAsBytes(value), Map.of());
    }

    static Reply error(int status, String message) throws IOException {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("error", message);
      return json(status, m);
    }
  }

  private final class Routes extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      long t0 = System.nanoTime();
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      String route = route(path);
      Reply reply;
      try {
        if (!route.equals("/healthz")
            && !tokens.accepts(request.getHeaders().get("Authorization"))) {
          reply =
              new Reply(
                  401,
                  "application/json",
                  JSON.writeValueAsBytes(Map.of("error", "a valid bearer token is required")),
                  Map.of("WWW-Authenticate", "Bearer"));
        } else {
          reply = dispatch(method, path, route, request);
        }
      } catch (Exception | Error e) {
        try {
          reply =
              Reply.error(
                  500,
                  "internal error: "
                      + e.getClass().getSimpleName()
                      + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
        } catch (IOException x) {
          reply = new Reply(500, "text/plain", new byte[0], Map.of());
        }
      }
      response.setStatus(reply.status());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
      service.metrics().request(method + " " + route, reply.status(), System.nanoTime() - t0);
      response.write(true, ByteBuffer.wrap(reply.body()), callback);
      return true;
    }
  }

  private static String route(String path) {
    if (path.startsWith("/v1/runs/")) {
      return path.endsWith("/evidence") ? "/v1/runs/{id}/evidence" : "/v1/runs/{id}";
    }
    if (path.startsWith("/v1/instances/") && path.endsWith("/runs")) {
      return "/v1/instances/{name}/runs";
    }
    return switch (path) {
      case "/",
          "/healthz",
          "/metrics",
          "/v1/check",
          "/v1/instances",
          "/v1/runs",
          "/v1/openapi.json" ->
          path;
      default -> "other";
    };
  }

  private Reply dispatch(String method, String path, String route, Request request)
      throws Exception {
    boolean get = method.equals("GET") || method.equals("HEAD");
    Fields q = Request.extractQueryParameters(request);
    switch (route) {
      case "/":
        return get
            ? new Reply(
                200,
                "text/html; charset=utf-8",
                home.render(),
                Map.of("Content-Security-Policy", DashboardPage.CSP))
            : no();
      case "/healthz":
        return get ? health() : no();
      case "/metrics":
        return get
            ? new Reply(200, Metrics.CONTENT_TYPE, service.metrics().scrape(), Map.of())
            : no();
      case "/v1/openapi.json":
        return get ? new Reply(200, "application/json", openApi(), Map.of()) : no();
      case "/v1/check":
        return method.equals("POST") ? check(request, q) : no();
      case "/v1/instances":
        return get ? instances() : no();
      case "/v1/instances/{name}/runs":
        return method.equals("POST")
            ? trigger(path.substring("/v1/instances/".length(), path.length() - "/runs".length()))
            : no();
      case "/v1/runs":
        return get ? runs(q) : no();
      case "/v1/runs/{id}":
        return get ? run(path.substring("/v1/runs/".length()), q) : no();
      case "/v1/runs/{id}/evidence":
        return get
            ? evidence(path.substring("/v1/runs/".length(), path.length() - "/evidence".length()))
            : no();
      default:
        return Reply.error(404, "no such resource: " + path);
    }
  }

  private static Reply no() throws IOException {
    return Reply.error(405, "method not allowed");
  }

  private Reply health() throws IOException {
    String problem = service.recorder().problem();
    return Reply.json(
        problem == null ? 200 : 503, health(problem, service.recorder().pendingRuns().size()));
  }

  /**
   * The health answer. {@code /healthz} needs no token, so it says only that the history database
   * is unavailable: the driver's message can name the database's host, user or schema, and stays in
   * the serve log and the runs' {@code error} (behind the token).
   */
  static Map<String, Object> health(String problem, int pendingRuns) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", problem == null ? "ok" : "unavailable");
    if (problem != null) {
      m.put("reason", "history database unavailable (the serve log has the cause)");
    }
    m.put("pendingRuns", pendingRuns);
    return m;
  }

  private static byte[] openApi() throws IOException {
    try (InputStream in = ApiServer.class.getResourceAsStream(OPENAPI)) {
      return in.readAllBytes();
    }
  }

  private Reply check(Request request, Fields q) throws IOException {
    String format = q.getValue("format") == null ? "json" : q.getValue("format");
    Renderer r = Renderers.byName(format);
    if (r == null) {
      return Reply.error(400, Renderers.FORMATS.unknown(format));
    }
    String name = q.getValue("name") == null ? "snapshot.json" : q.getValue("name");
    if (!name.matches("[A-Za-z0-9._-]{1,128}")) {
      return Reply.error(400, "name must be 1 to 128 letters, digits, '.', '_' or '-'");
    }
    long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (declared > MAX_BODY) {
      return Reply.error(413, "the snapshot is larger than " + MAX_BODY + " bytes");
    }
    byte[] body;
    try (InputStream in = Request.asInputStream(request)) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      return Reply.error(413, "the snapshot is larger than " + MAX_BODY + " bytes");
    }
    if (body.length == 0) {
      return Reply.error(400, "the request has no body: POST a snapshot (JSON or YAML)");
    }
    Decision.Result result;
    try {
      result = decision.check(body, name, r, "true".equals(q.getValue("allowUnknown")));
    } catch (InvalidInputException e) {
      service.metrics().check("invalid");
      Map<String, Object> m = new LinkedHashMap<>();
      List<String> lines = e.problems().stream().map(InputProblem::toString).toList();
      m.put("error", lines.get(0));
      m.put("problems", lines);
      return Reply.json(400, m);
    }
    service.metrics().check(result.report().verdict().outcome().name().toLowerCase(Locale.ROOT));
    return new Reply(
        200,
        contentType(format),
        result.body(),
        Map.of(
            "X-Psa-Policy-Outcome",
            result.report().verdict().outcome().name(),
            "X-Psa-Policy-Exit-Code",
            Integer.toString(result.report().verdict().exitCode()),
            "X-Psa-Policy-Run-Id",
            result.report().run().runId()));
  }

  static String contentType(String format) {
    return switch (format) {
      case "json" -> "application/json";
      case "sarif" -> "application/sarif+json";
      case "junit" -> "application/xml";
      case "html" -> "text/html; charset=utf-8";
      case "csv" -> "text/csv; charset=utf-8";
      case "markdown" -> "text/markdown; charset=utf-8";
      default -> "text/plain; charset=utf-8";
    };
  }

  private Reply instances() throws IOException {
    List<Object> out = new ArrayList<>();
    for (ServiceInstance i : service.instances()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", i.name());
      m.put("platform", i.platform().id());
      m.put("schedule", i.schedule().text());
      m.put("runningRun", service.runningRun(i.name()));
      RunRecord latest = null;
      try {
        latest = service.recorder().history().latest(i.name()).orElse(null);
      } catch (SQLException e) {
        // health says why
      }
      for (RunRecord p : service.recorder().pendingRuns()) {
        if (p.instance().equals(i.name())) {
          latest = p;
        }
      }
      m.put("latestRun", latest == null ? null : runJson(latest));
      out.add(m);
    }
    return Reply.json(200, Map.of("instances", out));
  }

  private Reply trigger(String name) throws IOException {
    if (service.instances().stream().noneMatch(i -> i.name().equals(name))) {
      return Reply.error(404, "no instance named '" + name + "'");
    }
    String id = service.trigger(name);
    if (id == null) {
      return Reply.error(503, "the service is shutting down");
    }
    return Reply.json(202, Map.of("runId", id, "run", "/v1/runs/" + id));
  }

  private Reply runs(Fields q) throws IOException {
    int limit = 50;
    String l = q.getValue("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_RUNS) {
        return Reply.error(400, "limit must be a whole number from 1 to " + MAX_RUNS);
      }
    }
    String instance = q.getValue("instance");
    List<RunRecord> runs = new ArrayList<>();
    for (RunRecord p : service.recorder().pendingRuns()) {
      if (instance == null || p.instance().equals(instance)) {
        runs.add(0, p);
      }
    }
    try {
      runs.addAll(service.recorder().history().runs(instance, limit));
    } catch (SQLException e) {
      return Reply.error(503, "history database unavailable: " + firstLine(e.getMessage()));
    }
    List<Object> out = new ArrayList<>();
    for (RunRecord r : runs.subList(0, Math.min(limit, runs.size()))) {
      out.add(runJson(r));
    }
    return Reply.json(200, Map.of("runs", out));
  }

  private Optional<RunRecord> find(String id) throws SQLException {
    for (RunRecord p : service.recorder().pendingRuns()) {
      if (p.runId().equals(id)) {
        return Optional.of(p);
      }
    }
    return service.recorder().history().run(id);
  }

  private Reply run(String id, Fields q) throws Exception {
    Optional<RunRecord> rec;
    try {
      rec = find(id);
    } catch (SQLException e) {
      return Reply.error(503, "history database unavailable: " + firstLine(e.getMessage()));
    }
    if (rec.isEmpty()) {
      return Reply.error(404, "no run with id '" + id + "'");
    }
    String format = q.getValue("format");
    if (format == null) {
      return Reply.json(200, runJson(rec.get()));
    }
    Renderer r = Renderers.byName(format);
    if (r == null) {
      return Reply.error(400, Renderers.FORMATS.unknown(format));
    }
    if (rec.get().gateOutcome() == null) {
      return Reply.error(404, "run '" + id + "' has no report (" + rec.get().status().id() + ")");
    }
    Optional<Report> report = service.report(id);
    if (report.isPresent()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      r.render(report.get(), out);
      return new Reply(200, contentType(format), out.toByteArray(), Map.of());
    }
    if (format.equals("json")) {
      Optional<String> json = service.recorder().history().reportJson(id);
      if (json.isPresent()) {
        return new Reply(
            200, contentType(format), json.get().getBytes(StandardCharsets.UTF_8), Map.of());
      }
    }
    if (format.equals("html") && rec.get().evidencePath() != null) {
      Path html = Path.of(rec.get().evidencePath()).resolve("report.html");
      if (Files.isRegularFile(html)) {
        return new Reply(200, contentType(format), Files.readAllBytes(html), Map.of());
      }
    }
    return Reply.error(
        410,
        "run '"
            + id
            + "' is no longer in memory: its report is kept as json (and html in its evidence"
            + " pack)");
  }

  private Reply evidence(String id) throws IOException {
    Optional<RunRecord> rec;
    try {
      rec = find(id);
    } catch (SQLException e) {
      return Reply.error(503, "history database unavailable: " + firstLine(e.getMessage()));
    }
    if (rec.isEmpty()) {
      return Reply.error(404, "no run with id '" + id + "'");
    }
    if (rec.get().evidencePath() == null || !Files.isDirectory(Path.of(rec.get().evidencePath()))) {
      return Reply.error(404, "run '" + id + "' has no evidence pack");
    }
    Path dir = Path.of(rec.get().evidencePath());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes);
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        ZipEntry e = new ZipEntry(id + "/" + dir.relativize(f).toString().replace('\\', '/'));
        e.setTime(0);
        zip.putNextEntry(e);
        zip.write(Files.readAllBytes(f));
        zip.closeEntry();
      }
    }
    return new Reply(
        200,
        "application/zip",
        bytes.toByteArray(),
        Map.of("Content-Disposition", "attachment; filename=\"evidence-" + id + ".zip\""));
  }

  /** A run as the API shows it (never the evidence folder's path on the server). */
  static Map<String, Object> runJson(RunRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", r.runId());
    m.put("instance", r.instance());
    m.put("startedAt", r.startedAt().toString());
    m.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
    m.put("status", r.status().id());
    m.put("exitCode", r.exitCode());
    m.put("gateOutcome", r.gateOutcome());
    m.put("failOn", r.failOn() == null ? null : r.failOn().id());
    Map<String, Integer> open = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      open.put(s.id(), r.open().get(s));
    }
    m.put("openViolations", open);
    m.put("violations", r.violationsTotal());
    List<Object> inputs = new ArrayList<>();
    for (RunRecord.InputHash h : r.inputs()) {
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("name", h.name());
      in.put("sha256", h.sha256());
      inputs.add(in);
    }
    m.put("inputs", inputs);
    m.put("report", r.gateOutcome() == null ? null : "/v1/runs/" + r.runId() + "?format=json");
    m.put("evidence", r.evidencePath() == null ? null : "/v1/runs/" + r.runId() + "/evidence");
    m.put("manifestSha256", r.manifestSha256());
    m.put("error", r.error());
    return m;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
