package dev.psapolicy.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The registry of output formats, by name. */
public final class Renderers {
  private static final Map<String, Renderer> BY_NAME = new LinkedHashMap<>();

  static {
    register(new TextRenderer());
    register(new JsonRenderer());
    register(new SarifRenderer());
    register(new JunitRenderer());
    register(new MarkdownRenderer());
    register(new CsvRenderer());
    register(new HtmlRenderer());
  }

  private Renderers() {}

  private static void register(Renderer r) {
    BY_NAME.put(r.name(), r);
  }

  /** The renderer of a format, or null. */
  public static Renderer byName(String name) {
    return BY_NAME.get(name);
  }

  /** Every format name, in registration order. */
  public static Set<String> names() {
    return BY_NAME.keySet();
  }
}
