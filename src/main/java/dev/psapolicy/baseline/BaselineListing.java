package dev.psapolicy.baseline;

import dev.psapolicy.vocabulary.Platform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The library of baselines as a table: id, platform, vendor, product, retrieved, partial and
 * source. {@code rules list --baselines} prints {@link #text}; the docs' table of built-in
 * baselines is {@link #markdown}, kept current by a test.
 */
public final class BaselineListing {
  private BaselineListing() {}

  /** The order of every listing: by platform, then id. */
  public static final Comparator<Baseline> ORDER =
      Comparator.comparing((Baseline b) -> b.platform().id()).thenComparing(Baseline::id);

  /** A plain-text table with a header and a count line. */
  public static String text(List<Baseline> baselines) {
    List<Baseline> sorted = sorted(baselines);
    String[] head = {"ID", "PLATFORM", "VENDOR", "PRODUCT", "RETRIEVED", "PARTIAL", "SOURCE"};
    List<String[]> rows = new ArrayList<>();
    rows.add(head);
    for (Baseline b : sorted) {
      rows.add(
          new String[] {
            b.id(),
            b.platform().id(),
            b.publisher(),
            b.product() == null ? "" : b.product(),
            String.valueOf(b.retrieved()),
            b.partial() ? "partial" : "-",
            b.source()
          });
    }
    int[] width = new int[head.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : pad(r[i], width[i]) + "  ");
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    sb.append(summary(sorted)).append('\n');
    return sb.toString();
  }

  /** A Markdown table (one row per baseline) followed by the count line. */
  public static String markdown(List<Baseline> baselines) {
    List<Baseline> sorted = sorted(baselines);
    StringBuilder sb = new StringBuilder();
    sb.append("| id | platform | vendor | product | retrieved | partial | source |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    for (Baseline b : sorted) {
      sb.append("| `")
          .append(b.id())
          .append("` | ")
          .append(b.platform().id())
          .append(" | ")
          .append(cell(b.publisher()))
          .append(" | ")
          .append(cell(b.product()))
          .append(" | ")
          .append(b.retrieved())
          .append(" | ")
          .append(b.partial() ? "partial" : "")
          .append(" | <")
          .append(b.source())
          .append("> |\n");
    }
    sb.append('\n').append(summary(sorted)).append('\n');
    return sb.toString();
  }

  /** "35 baselines: 25 connectwise, 10 autotask; 8 partial". */
  public static String summary(List<Baseline> baselines) {
    StringBuilder sb = new StringBuilder();
    sb.append(baselines.size()).append(baselines.size() == 1 ? " baseline: " : " baselines: ");
    List<String> parts = new ArrayList<>();
    for (Platform p : List.of(Platform.CONNECTWISE, Platform.AUTOTASK)) {
      parts.add(baselines.stream().filter(b -> b.platform() == p).count() + " " + p.id());
    }
    sb.append(String.join(", ", parts));
    sb.append("; ").append(baselines.stream().filter(Baseline::partial).count()).append(" partial");
    return sb.toString();
  }

  private static List<Baseline> sorted(List<Baseline> baselines) {
    List<Baseline> sorted = new ArrayList<>(baselines);
    sorted.sort(ORDER);
    return sorted;
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace("|", "\\|");
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
