package dev.psapolicy.plan;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The formats a plan is written in: {@code text} for a terminal, {@code markdown} for a change
 * ticket, {@code json} for {@code apply} and pipelines. Renderers are pure: plan in, bytes out.
 */
public enum PlanRenderer {
  /** For a terminal. */
  TEXT("text", PlanText::render),
  /** A change ticket an admin can follow. */
  MARKDOWN("markdown", PlanMarkdown::render),
  /** The plan file {@code apply} reads ({@link PlanJson}). */
  JSON("json", PlanJson::write);

  private final String id;
  private final Function<Plan, byte[]> render;

  PlanRenderer(String id, Function<Plan, byte[]> render) {
    this.id = id;
    this.render = render;
  }

  /** The format's name. */
  public String id() {
    return id;
  }

  /** The plan in this format (its hash set). */
  public byte[] render(Plan plan) {
    return render.apply(plan);
  }

  /** The format with this name, or null. */
  public static PlanRenderer byName(String name) {
    return Arrays.stream(values()).filter(r -> r.id.equals(name)).findFirst().orElse(null);
  }

  /** Every format name, in declaration order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(PlanRenderer::id).toList();
  }
}
