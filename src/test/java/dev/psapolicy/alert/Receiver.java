package dev.psapolicy.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A real webhook receiver for the tests: the JDK's HTTP server on 127.0.0.1 that records every
 * request (headers and raw body) and answers with scripted statuses (200 once the script is used
 * up).
 */
final class Receiver implements AutoCloseable {
  /**
   * One request as received.
   *
   * @param path the request path and query
   * @param headers lower-case names, first value
   * @param body the raw bytes
   */
  record Request(String path, Map<String, String> headers, byte[] body) {}

  private final HttpServer server;
  private final Deque<int[]> script = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>();

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/",
        ex -> {
          byte[] body;
          try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
          }
          Map<String, String> h = new LinkedHashMap<>();
          ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v.get(0)));
          int status;
          int retryAfter;
          synchronized (this) {
            requests.add(new Request(ex.getRequestURI().toString(), h, body));
            int[] next = script.poll();
            status = next == null ? 200 : next[0];
            retryAfter = next == null ? -1 : next[1];
          }
          if (retryAfter >= 0) {
            ex.getResponseHeaders().add("Retry-After", Integer.toString(retryAfter));
          }
          byte[] answer = ("{\"status\":" + status + "}").getBytes();
          ex.sendResponseHeaders(status, answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    server.start();
  }

  /** Answers the next requests with these statuses. */
  synchronized Receiver answer(int... statuses) {
    for (int s : statuses) {
      script.add(new int[] {s, -1});
    }
    return this;
  }

  /** Answers the next request with a status and a Retry-After in seconds. */
  synchronized Receiver answerRetryAfter(int status, int seconds) {
    script.add(new int[] {status, seconds});
    return this;
  }

  /** The URL of a path on this receiver. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
