package dev.psapolicy.source.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads of vendor JSON that fail with a precise reason instead of guessing: a field of the
 * wrong type is a {@link Mismatch}, which the PSA clients turn into incomplete data naming the
 * request.
 */
public final class Shape {
  private Shape() {}

  /** A field that does not have the type the vendor's spec gives it. */
  public static final class Mismatch extends Exception {
    private static final long serialVersionUID = 1L;

    public Mismatch(String message) {
      super(message);
    }
  }

  /** A required integer. */
  public static long requireLong(JsonNode obj, String field, String where) throws Mismatch {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      throw new Mismatch(where + " has no '" + field + "'");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new Mismatch(where + ": '" + field + "' must be an integer, found " + Pages.kind(v));
    }
    return v.asLong();
  }

  /** An optional integer (null when absent or null). */
  public static Long optLong(JsonNode obj, String field, String where) throws Mismatch {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return requireLong(obj, field, where);
  }

  /** An optional string (null when absent or null). */
  public static String optText(JsonNode obj, String field, String where) throws Mismatch {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Mismatch(where + ": '" + field + "' must be a string, found " + Pages.kind(v));
    }
    return v.asText();
  }

  /** An optional boolean (null when absent or null). */
  public static Boolean optBool(JsonNode obj, String field, String where) throws Mismatch {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new Mismatch(where + ": '" + field + "' must be a boolean, found " + Pages.kind(v));
    }
    return v.asBoolean();
  }

  /** An optional object (null when absent or null). */
  public static JsonNode optObject(JsonNode obj, String field, String where) throws Mismatch {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new Mismatch(where + ": '" + field + "' must be an object, found " + Pages.kind(v));
    }
    return v;
  }

  /** The node itself must be an object. */
  public static JsonNode object(JsonNode n, String where) throws Mismatch {
    if (n == null || !n.isObject()) {
      throw new Mismatch(where + " must be an object, found " + Pages.kind(n));
    }
    return n;
  }
}
