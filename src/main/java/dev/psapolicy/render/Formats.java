package dev.psapolicy.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of the formats of one kind of result, by name: the one output-format system of
 * {@code check} (report), {@code diff} (drift) and {@code test} (rule-test report).
 *
 * @param <T> what its formats render
 */
public final class Formats<T> {
  private final Map<String, Format<T>> byName = new LinkedHashMap<>();

  private Formats(List<Format<T>> formats) {
    for (Format<T> f : formats) {
      if (byName.putIfAbsent(f.name(), f) != null) {
        throw new IllegalArgumentException("two formats named " + f.name());
      }
    }
  }

  /** A registry of the given formats, in their order. */
  @SafeVarargs
  public static <T> Formats<T> of(Format<T>... formats) {
    return new Formats<>(List.of(formats));
  }

  /** The format of a name, or null. */
  public Format<T> byName(String name) {
    return byName.get(name);
  }

  /** Every format name, in registration order. */
  public Set<String> names() {
    return byName.keySet();
  }

  /** The one wording of a format name that is not one of these. */
  public String unknown(String name) {
    return "unknown format '" + name + "' (formats: " + String.join(", ", names()) + ")";
  }

  /** Renders {@code subject} in the named format (which must exist) to bytes. */
  public byte[] render(String name, T subject) throws IOException {
    Format<T> f = byName.get(name);
    if (f == null) {
      throw new IllegalArgumentException(unknown(name));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    f.write(subject, out);
    return out.toByteArray();
  }
}
