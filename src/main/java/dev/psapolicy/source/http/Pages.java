package dev.psapolicy.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The two paging styles of the PSAs. Both are forward-only walks that stop on the last page and
 * refuse loops; a failed page fails the whole list (fail closed, never a silently short list).
 */
public final class Pages {
  /** Upper bound on pages of one list: a server that never stops is an error, not a hang. */
  public static final int MAX_PAGES = 10_000;

  private Pages() {}

  /**
   * ConnectWise: bare JSON arrays, the next page in a {@code Link} header. Requests {@code
   * pageSize} items per page; in navigable mode also {@code page=1}, in forward-only mode the
   * {@code pagination-type: forward-only} header (the server then pages by {@code pageId}). Follows
   * {@code rel="next"} (forward-only: the first link when none is marked next) and stops when there
   * is none or a page is shorter than {@code pageSize}.
   *
   * @param path path below the API root, with any query already encoded
   */
  public static List<JsonNode> linked(
      PsaHttpClient http, String path, int pageSize, boolean forwardOnly) throws HttpFailure {
    String first =
        path
            + (path.contains("?") ? "&" : "?")
            + "pageSize="
            + pageSize
            + (forwardOnly ? "" : "&page=1");
    Map<String, String> extra = forwardOnly ? Map.of("pagination-type", "forward-only") : Map.of();
    List<JsonNode> items = new ArrayList<>();
    Set<URI> seen = new HashSet<>();
    ApiResponse r = http.get(first, extra);
    for (int page = 1; ; page++) {
      JsonNode body = r.json();
      if (!body.isArray()) {
        throw r.bad("expected a JSON array, found " + kind(body));
      }
      body.forEach(items::add);
      if (body.size() < pageSize) {
        return items;
      }
      List<LinkHeader.Link> links = LinkHeader.parse(r.headers("link"));
      String next = LinkHeader.find(links, "next");
      if (next == null && forwardOnly && !links.isEmpty() && links.get(0).rels().isEmpty()) {
        next = links.get(0).url();
      }
      if (next == null) {
        return items;
      }
      URI target;
      try {
        target = r.uri().resolve(next);
      } catch (IllegalArgumentException e) {
        throw r.bad("the Link header's next page is not a URL");
      }
      if (!seen.add(target) || target.equals(r.uri())) {
        throw r.bad("the Link header's next page repeats an earlier page");
      }
      if (page >= MAX_PAGES) {
        throw r.bad("more than " + MAX_PAGES + " pages");
      }
      r = http.get(target, extra, r);
    }
  }

  /**
   * Autotask: {@code {"items": [...], "pageDetails": {"nextPageUrl": ...}}}; follows {@code
   * nextPageUrl} until it is null or empty.
   */
  public static List<JsonNode> nextPageUrl(PsaHttpClient http, ApiResponse first)
      throws HttpFailure {
    List<JsonNode> items = new ArrayList<>();
    Set<URI> seen = new HashSet<>();
    ApiResponse r = first;
    for (int page = 1; ; page++) {
      JsonNode body = r.json();
      if (!body.isObject() || !body.path("items").isArray()) {
        throw r.bad("expected an object with an 'items' array, found " + kind(body));
      }
      body.get("items").forEach(items::add);
      JsonNode next = body.path("pageDetails").path("nextPageUrl");
      if (!next.isTextual() || next.asText().isBlank()) {
        return items;
      }
      URI target;
      try {
        target = r.uri().resolve(next.asText().strip());
      } catch (IllegalArgumentException e) {
        throw r.bad("pageDetails.nextPageUrl is not a URL");
      }
      if (!seen.add(target)) {
        throw r.bad("pageDetails.nextPageUrl repeats an earlier page");
      }
      if (page >= MAX_PAGES) {
        throw r.bad("more than " + MAX_PAGES + " pages");
      }
      r = http.get(target, Map.of(), r);
    }
  }

  /** "an object", "a string", ... for messages. */
  public static String kind(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "null";
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isTextual()) {
      return "a string";
    }
    if (n.isNumber()) {
      return "a number";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    return n.getNodeType().toString().toLowerCase(Locale.ROOT);
  }
}
