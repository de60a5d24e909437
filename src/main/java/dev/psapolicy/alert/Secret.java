package dev.psapolicy.alert;

import java.util.Objects;

/**
 * A value that must never be printed: a webhook URL with a token in it, an HMAC key. {@link
 * #toString()} shows where it came from, never the value; only {@link #reveal()} gives it, for the
 * one use that needs it (the request, the signature).
 */
public final class Secret {
  private final String value;
  private final String source;

  private Secret(String value, String source) {
    this.value = Objects.requireNonNull(value, "value");
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * A secret.
   *
   * @param value the value
   * @param source where it was read from, for messages ("environment variable X", "file y")
   */
  public static Secret of(String value, String source) {
    return new Secret(value, source);
  }

  /** The value. Never log or print it. */
  public String reveal() {
    return value;
  }

  /** Where it came from. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "secret from " + source;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value) && s.source.equals(source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, source);
  }
}
