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

/**
 * A vendor's published least-privilege table for its PSA API user, as data. Anything the table does
 * not list is allowed None.
 *
 * @param id stable id (e.g. {@code hatz-ai-connectwise}); principals and config refer to it
 * @param platform the PSA the guide is for
 * @param title the guide's title
 * @param product the integration product
 * @param source URL of the published guide
 * @param retrieved the date the table was transcribed
 * @param vendor the company that publishes the guide (the product's maker), or null
 * @param partial whether the published table was cut off, so the baseline may lack rows the vendor
 *     has (a principal judged only by partial baselines gets an info finding saying so)
 * @param input the file it was loaded from, with its bytes
 * @param rows the resolved rows
 * @param recognise how its API user is usually recognised ({@link Recognise#NONE} when not said)
 */
public record Baseline(
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

  public Baseline {
    rows = List.copyOf(rows);
    recognise = recognise == null ? Recognise.NONE : recognise;
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
    for (BaselineRow r : rows) {
      map.merge(r.cell(), r, (a, b) -> a);
    }
    return map;
  }

  /** The level this baseline allows on a cell (None when not listed). */
  public Level allowed(Cell cell, Verb verb) {
    for (BaselineRow r : rows) {
      if (r.cell().equals(cell)) {
        return r.level(verb);
      }
    }
    return Level.NONE;
  }
}
