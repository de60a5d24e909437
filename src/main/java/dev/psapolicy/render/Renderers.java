package dev.psapolicy.render;

import dev.psapolicy.report.Report;
import java.util.Set;

/** The formats of a run's report, by name (a {@link Formats} registry like drift's and tests'). */
public final class Renderers {
  /** Every report format, in the order help lists them. */
  public static final Formats<Report> FORMATS =
      Formats.of(
          new TextRenderer(),
          new JsonRenderer(),
          new SarifRenderer(),
          new JunitRenderer(),
          new MarkdownRenderer(),
          new CsvRenderer(),
          new HtmlRenderer());

  private Renderers() {}

  /** The renderer of a format, or null. */
  public static Renderer byName(String name) {
    return (Renderer) FORMATS.byName(name);
  }

  /** Every format name, in registration order. */
  public static Set<String> names() {
    return FORMATS.names();
  }
}
