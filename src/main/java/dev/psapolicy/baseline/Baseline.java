package dev.psapolicy.baseline;

import dev.psapolicy.input.InputFile;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A vendor's published least-privilege table for its PSA API user, as data. Anything the table does
 * not list is allowed None.
 *
 * <p>Immutable; its fields: {@code id}, the stable id (e.g. {@code hatz-ai-connectwise}) that
 * principals and config refer to; the {@code platform} the guide is for; the guide's {@code title};
 * the integration {@code product}; {@code source}, the URL of the published guide; {@code
 * retrieved}, the date the table was transcribed; {@code vendor}, the company that publishes it (or
 * null); {@code partial}, whether the published table was cut off (a principal judged only by
 * partial baselines gets an info finding saying so); the {@code input} file with its bytes; the
 * resolved {@code rows}; and how its API user is usually {@code recognise}d ({@link Recognise#NONE}
 * when not said).
 */
public final class Baseline {
  private final String id;
  private final Platform platform;
  private final String title;
  private final String product;
  private final String source;
  private final LocalDate retrieved;
  private final String vendor;
  private final boolean partial;
  private final InputFile input;
  private final Recognise recognise;
  private final Supplier<List<BaselineRow>> rowSource;
  private volatile List<BaselineRow> rows;

  public Baseline(
      String id,
      Platform platform,
      String title,
      String product,
      String source,
      LocalDate retrieved,
      String vendor,
      boolean partial,
      InputFile input,
      List<BaselineRow> rows,
      Recognise recognise) {
    this(
        id,
        platform,
        title,
        product,
        source,
        retrieved,
        vendor,
        partial,
        input,
        resolved(rows),
        recognise);
  }

  /**
   * A baseline whose rows {@code rowSource} resolves on first use: for the bundled files, which the
   * build checks, a run then resolves only the tables it judges by (a cold start reads 35 and uses
   * one or two).
   *
   * @param rowSource resolves the rows; called at most once, from the first {@link #rows()}
   */
  Baseline(
      String id,
      Platform platform,
      String title,
      String product,
      String source,
      LocalDate retrieved,
      String vendor,
      boolean partial,
      InputFile input,
      Supplier<List<BaselineRow>> rowSource,
      Recognise recognise) {
    this.id = id;
    this.platform = platform;
    this.title = title;
    this.product = product;
    this.source = source;
    this.retrieved = retrieved;
    this.vendor = vendor;
    this.partial = partial;
    this.input = input;
    this.rowSource = Objects.requireNonNull(rowSource);
    this.recognise = recognise == null ? Recognise.NONE : recognise;
  }

  /** Rows already resolved (copied now, so that a null row fails here, not at first use). */
  static Supplier<List<BaselineRow>> resolved(List<BaselineRow> rows) {
    List<BaselineRow> copy = List.copyOf(rows);
    return () -> copy;
  }

  /** A baseline that does not say how its API user is recognised. */
  public Baseline(
      String id,
      Platform platform,
      String title,
      String product,
      String source,
      LocalDate retrieved,
      String vendor,
      boolean partial,
      InputFile input,
      List<BaselineRow> rows) {
    this(id, platform, title, product, source, retrieved, vendor, partial, input, rows, null);
  }

  /** A complete baseline without a separate vendor name. */
  public Baseline(
      String id,
      Platform platform,
      String title,
      String product,
      String source,
      LocalDate retrieved,
      InputFile input,
      List<BaselineRow> rows) {
    this(id, platform, title, product, source, retrieved, null, false, input, rows);
  }

  public String id() {
    return id;
  }

  public Platform platform() {
    return platform;
  }

  public String title() {
    return title;
  }

  public String product() {
    return product;
  }

  public String source() {
    return source;
  }

  public LocalDate retrieved() {
    return retrieved;
  }

  public String vendor() {
    return vendor;
  }

  public boolean partial() {
    return partial;
  }

  public InputFile input() {
    return input;
  }

  public Recognise recognise() {
    return recognise;
  }

  /** The resolved rows, in file order. */
  public List<BaselineRow> rows() {
    List<BaselineRow> r = rows;
    if (r == null) {
      synchronized (this) {
        r = rows;
        if (r == null) {
          r = List.copyOf(rowSource.get());
          rows = r;
        }
      }
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Baseline b
        && partial == b.partial
        && id.equals(b.id)
        && platform == b.platform
        && Objects.equals(title, b.title)
        && Objects.equals(product, b.product)
        && Objects.equals(source, b.source)
        && Objects.equals(retrieved, b.retrieved)
        && Objects.equals(vendor, b.vendor)
        && Objects.equals(input, b.input)
        && recognise.equals(b.recognise)
        && rows().equals(b.rows());
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, platform, input);
  }

  @Override
  public String toString() {
    return "Baseline[" + id + ", " + platform + ", " + input + "]";
  }

  /** The vendor, else the product: who published the guide, for listings. */
  public String publisher() {
    return vendor != null ? vendor : product;
  }

  /** Where it was loaded from, for messages ({@code builtin:baselines/x.yaml}, a path). */
  public String file() {
    return input.location();
  }

  /** Hash of the file's bytes. */
  public String sha256() {
    return input.sha256();
  }

  /** Allowed level per cell and verb; cells not listed are absent (= None). */
  public Map<Cell, BaselineRow> byCell() {
    Map<Cell, BaselineRow> map = new LinkedHashMap<>();
    for (BaselineRow r : rows()) {
      map.merge(r.cell(), r, (a, b) -> a);
    }
    return map;
  }

  /** The level this baseline allows on a cell (None when not listed). */
  public Level allowed(Cell cell, Verb verb) {
    for (BaselineRow r : rows()) {
      if (r.cell().equals(cell)) {
        return r.level(verb);
      }
    }
    return Level.NONE;
  }
}
