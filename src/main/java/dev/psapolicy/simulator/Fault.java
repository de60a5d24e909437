package dev.psapolicy.simulator;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One fault the simulator injects, written {@code KIND[:ARG][@PATH-REGEX][*TIMES]}:
 *
 * <ul>
 *   <li>{@code 429[:SECONDS]}: Too Many Requests with {@code Retry-After} (default 1)
 *   <li>{@code 500}, {@code 503}, any other status {@code NNN}: that status with a vendor error
 *       body
 *   <li>{@code slow:MILLIS}: answer after a delay
 *   <li>{@code truncate}: announce the full body length, send half, drop the connection
 *   <li>{@code garble}: a complete HTTP response whose JSON body is cut in half
 *   <li>{@code auth}: answer 401 as if the credentials were wrong
 *   <li>{@code redirect:URL}: 302 to the URL
 * </ul>
 *
 * {@code @PATH-REGEX} limits it to requests whose path and query contain a match (case insensitive;
 * default: every request), and a method before the regex ({@code @PATCH /system/apiMembers}) to
 * requests of that method; {@code #AFTER} lets the first AFTER matching requests through; {@code
 * *TIMES} limits it to the first TIMES matching requests after those (default: all of them).
 * Examples: {@code 500@/system/apiMembers*1} fails the first member page once; {@code 500@PATCH
 * /system/apiMembers#1*1} lets the first write to an API member through and refuses the second (a
 * write that fails halfway).
 *
 * @param kind what to do
 * @param status the status for {@link Kind#STATUS}
 * @param arg Retry-After seconds, delay millis or redirect URL (as given)
 * @param method the only HTTP method it applies to (null: every method)
 * @param path where it applies (null: everywhere)
 * @param after how many matching requests it lets through first
 * @param times how many matching requests it affects (-1: unlimited)
 * @param spec the text it was parsed from
 */
public record Fault(
    Kind kind,
    int status,
    String arg,
    String method,
    Pattern path,
    int after,
    int times,
    String spec) {
  private static final Pattern SPEC =
      Pattern.compile(
          "^(?<kind>[A-Za-z0-9]+)(?::(?<arg>[^@]*?))?(?:@(?:(?<method>GET|PUT|PATCH|POST|DELETE)"
              + " )?(?<path>.*?))?(?:#(?<after>\\d{1,9}))?(?:\\*(?<times>\\d+))?$");

  /** What a fault does. */
  public enum Kind {
    /** Answer with a status (429 with Retry-After). */
    STATUS,
    /** Delay the response. */
    SLOW,
    /** Cut the connection mid-body. */
    TRUNCATE,
    /** Send a well-framed response with half the JSON. */
    GARBLE,
    /** Answer 401. */
    AUTH,
    /** Answer 302 to another URL. */
    REDIRECT
  }

  /**
   * Parses a fault spec.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  public static Fault parse(String spec) {
    Matcher m = SPEC.matcher(spec.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "fault '" + spec + "' is not KIND[:ARG][@[METHOD ]PATH-REGEX][#AFTER][*TIMES]");
    }
    String k = m.group("kind").toLowerCase(Locale.ROOT);
    String arg = m.group("arg");
    Pattern path = null;
    if (m.group("path") != null && !m.group("path").isEmpty()) {
      try {
        path = Pattern.compile(m.group("path"), Pattern.CASE_INSENSITIVE);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("fault '" + spec + "' has an invalid path regex");
      }
    }
    int times = m.group("times") == null ? -1 : Integer.parseInt(m.group("times"));
    int after = m.group("after") == null ? 0 : Integer.parseInt(m.group("after"));
    Kind kind;
    int status = 0;
    switch (k) {
      case "slow" -> {
        kind = Kind.SLOW;
        requireNumber(spec, arg, "slow:MILLIS");
      }
      case "truncate" -> kind = Kind.TRUNCATE;
      case "garble" -> kind = Kind.GARBLE;
      case "auth" -> kind = Kind.AUTH;
      case "redirect" -> {
        kind = Kind.REDIRECT;
        if (arg == null || arg.isBlank()) {
          throw new IllegalArgumentException("fault '" + spec + "' needs redirect:URL");
        }
      }
      default -> {
        if (!k.matches("[1-5]\\d\\d")) {
          throw new IllegalArgumentException(
              "fault '"
                  + spec
                  + "' has unknown kind '"
                  + k
                  + "' (a status like 429 or 500, slow, truncate, garble, auth, redirect)");
        }
        kind = Kind.STATUS;
        status = Integer.parseInt(k);
        if (arg != null && !arg.isEmpty()) {
          requireNumber(spec, arg, k + ":RETRY_AFTER_SECONDS");
        }
      }
    }
    return new Fault(kind, status, arg, m.group("method"), path, after, times, spec.strip());
  }

  private static void requireNumber(String spec, String arg, String form) {
    if (arg == null || !arg.matches("\\d{1,9}")) {
      throw new IllegalArgumentException("fault '" + spec + "' must be " + form);
    }
  }

  /** True when it applies to a request with this path and query (any method). */
  public boolean matches(String pathAndQuery) {
    return path == null || path.matcher(pathAndQuery).find();
  }

  /** True when it applies to a request with this method (null: any), path and query. */
  public boolean matches(String requestMethod, String pathAndQuery) {
    return (method == null || requestMethod == null || method.equalsIgnoreCase(requestMethod))
        && matches(pathAndQuery);
  }
}
