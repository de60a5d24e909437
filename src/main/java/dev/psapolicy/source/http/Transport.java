package dev.psapolicy.source.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which URLs psa-policy may send credentials to: HTTPS anywhere, plain HTTP only to a loopback
 * address (a simulator or a local mock). A host name other than {@code localhost} is never resolved
 * to decide this, so DNS cannot turn a remote host into a "loopback" one.
 */
public final class Transport {
  private Transport() {}

  /**
   * Parses an API root (or site) URL and checks its transport.
   *
   * @throws IllegalArgumentException with a one-line reason when the URL is malformed, not http(s),
   *     carries user info, or is plain http to a non-loopback host
   */
  public static URI checked(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + url + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("'" + url + "' is not an http(s) URL");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("'" + url + "' has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "'"
              + uri.getHost()
              + "' URL carries user info; give credentials through the environment instead");
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      throw new IllegalArgumentException(
          "plain http:// is allowed only to loopback addresses;"
              + " use https://"
              + uri.getHost()
              + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
              + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }
    return uri;
  }

  /** True for {@code localhost} and literal loopback addresses (127.0.0.0/8, ::1). */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost")) {
      return true;
    }
    boolean literal = h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || h.contains(":");
    if (!literal) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** True when both URIs have the same scheme, host and port (the same origin). */
  public static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && b.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && b.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }
}
