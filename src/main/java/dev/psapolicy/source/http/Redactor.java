package dev.psapolicy.source.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes credentials from anything psa-policy prints or writes: messages, raw responses, paths.
 * Every secret is known up front (the values of the credential variables and the header values
 * built from them), so redaction is a plain replacement, longest first.
 */
public final class Redactor {
  /** What a redacted secret is replaced with. */
  public static final String MASK = "***";

  // Shorter values are not replaced: masking "a" would garble every message, and no real PSA
  // key, secret or integration code is that short.
  private static final int MIN_LENGTH = 4;

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /** A redactor for the given secret values (null and short values are ignored). */
  public static Redactor of(List<String> values) {
    Set<String> all = new LinkedHashSet<>();
    for (String v : values) {
      if (v == null || v.length() < MIN_LENGTH) {
        continue;
      }
      all.add(v);
      all.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
      all.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
    }
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(sorted));
  }

  /** A redactor that knows no secret. */
  public static Redactor none() {
    return new Redactor(List.of());
  }

  /** A redactor that also masks {@code more} (e.g. a header value built from secrets). */
  public Redactor and(List<String> more) {
    List<String> all = new ArrayList<>(secrets);
    all.addAll(more);
    return of(all);
  }

  /** The text with every secret masked; null stays null. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String t = text;
    for (String s : secrets) {
      if (t.contains(s)) {
        t = t.replace(s, MASK);
      }
    }
    return t;
  }

  /** The bytes (read as UTF-8) with every secret masked; the same array when none occurs. */
  public byte[] redact(byte[] body) {
    if (secrets.isEmpty() || body.length == 0) {
      return body;
    }
    String text = new String(body, StandardCharsets.UTF_8);
    String red = redact(text);
    return red.equals(text) ? body : red.getBytes(StandardCharsets.UTF_8);
  }
}
