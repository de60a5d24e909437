package dev.psapolicy.source.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses RFC 8288 {@code Link} headers as ConnectWise sends them for paging. */
public final class LinkHeader {
  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,<]*)*)");
  private static final Pattern REL =
      Pattern.compile("rel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,]+))", Pattern.CASE_INSENSITIVE);

  /**
   * One link.
   *
   * @param url the target as written
   * @param rels its relation types, lower case (empty when it has none)
   */
  public record Link(String url, List<String> rels) {}

  private LinkHeader() {}

  /** Every link of one or more header values, in order. */
  public static List<Link> parse(List<String> values) {
    List<Link> out = new ArrayList<>();
    for (String v : values) {
      Matcher m = LINK.matcher(v);
      while (m.find()) {
        List<String> rels = new ArrayList<>();
        Matcher r = REL.matcher(m.group(2));
        while (r.find()) {
          String rel = r.group(1) != null ? r.group(1) : r.group(2);
          for (String one : rel.trim().split("\\s+")) {
            if (!one.isEmpty()) {
              rels.add(one.toLowerCase(Locale.ROOT));
            }
          }
        }
        out.add(new Link(m.group(1).trim(), List.copyOf(rels)));
      }
    }
    return out;
  }

  /** The target of the first link with the relation, or null. */
  public static String find(List<Link> links, String rel) {
    for (Link l : links) {
      if (l.rels().contains(rel)) {
        return l.url();
      }
    }
    return null;
  }
}
