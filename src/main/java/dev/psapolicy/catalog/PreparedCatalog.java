package dev.psapolicy.catalog;

import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.PreparedLines;
import dev.psapolicy.vocabulary.Cell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled catalog as a run needs it, prepared at build time ({@link PreparedLines}): every
 * name, alias, cell, section, setting and category already resolved and normalised, in the order
 * the data files give them. Reading it makes the catalog's maps directly, without walking the
 * files' trees, checking their fields or normalising a name: the largest part of a cold check's own
 * work before this.
 *
 * <p>The build writes it (this class's {@code main}, after the data files are copied and parsed);
 * {@link PermissionCatalog#builtIn()} reads it, and reads the data files themselves where it is
 * absent (class folders of an IDE). {@code PreparedCatalogTest} holds what the build wrote to the
 * catalog read from the data files, so a changed data file cannot run on a stale preparation.
 */
public final class PreparedCatalog {
  /** Where the build puts it, next to the data files. */
  static final String RESOURCE = "dev/psapolicy/baselines/catalog/catalog.prepared";

  /** The first field, naming this layout: a reader refuses any other. */
  private static final String FORMAT = "psa-policy prepared catalog 1";

  private PreparedCatalog() {}

  /** {@code args[0]}: the classes folder, on the class path with the data files and their trees. */
  public static void main(String[] args) throws IOException, InvalidInputException {
    Files.write(Path.of(args[0]).resolve(RESOURCE), encode(PermissionCatalog.fromDataFiles()));
    System.out.println("prepared the bundled catalog");
  }

  /** The catalog's state, in order (a Customize map has none, so its cells are sorted). */
  static byte[] encode(PermissionCatalog c) {
    PreparedLines.Writer out = new PreparedLines.Writer(FORMAT);
    strings(out, c.cwModules);
    out.add(c.cwFunctions.size());
    for (Map.Entry<String, Map<String, String>> e : c.cwFunctions.entrySet()) {
      out.add(e.getKey());
      strings(out, e.getValue());
    }
    cells(out, c.cwCells);
    List<Map.Entry<Cell, String>> customize = new ArrayList<>(c.cwCustomize.entrySet());
    customize.sort(Comparator.comparing(e -> e.getKey().toString()));
    out.add(customize.size());
    for (Map.Entry<Cell, String> e : customize) {
      cell(out, e.getKey());
      out.add(e.getValue());
    }
    out.add(c.atEntities.size());
    for (Map.Entry<String, Cell> e : c.atEntities.entrySet()) {
      out.add(e.getKey());
      cell(out, e.getValue());
    }
    strings(out, c.atSettings);
    strings(out, c.atSections);
    lists(out, c.atSectionEntities);
    out.add(c.atSettingEntities.size());
    for (Map.Entry<String, Map<String, List<String>>> e : c.atSettingEntities.entrySet()) {
      out.add(e.getKey());
      lists(out, e.getValue());
    }
    lists(out, c.atCategories);
    strings(out, c.atCategoryNames);
    cells(out, c.atCells);
    cells(out, c.atProbed);
    return out.bytes();
  }

  /**
   * The catalog {@link #encode} wrote.
   *
   * @throws IOException when the bytes are not a whole preparation of this layout
   */
  static PermissionCatalog decode(byte[] prepared) throws IOException {
    PreparedLines.Reader in = new PreparedLines.Reader(prepared, FORMAT);
    PermissionCatalog.ConnectWise cw = new PermissionCatalog.ConnectWise();
    readStrings(in, cw.modules);
    for (int n = in.count(); n > 0; n--) {
      String module = in.next();
      Map<String, String> fns = new LinkedHashMap<>();
      readStrings(in, fns);
      cw.functions.put(module, fns);
    }
    readCells(in, cw.cells);
    for (int n = in.count(); n > 0; n--) {
      cw.customize.put(readCell(in), in.next());
    }
    PermissionCatalog.Autotask at = new PermissionCatalog.Autotask();
    for (int n = in.count(); n > 0; n--) {
      at.entities.put(in.next(), readCell(in));
    }
    readStrings(in, at.settings);
    readStrings(in, at.sections);
    readLists(in, at.sectionEntities, true);
    for (int n = in.count(); n > 0; n--) {
      String section = in.next();
      Map<String, List<String>> bySetting = new LinkedHashMap<>();
      readLists(in, bySetting, false);
      at.settingEntities.put(section, bySetting);
    }
    readLists(in, at.categories, true);
    readStrings(in, at.categoryNames);
    readCells(in, at.all);
    readCells(in, at.probed);
    in.end();
    return new PermissionCatalog(cw, at);
  }

  private static void strings(PreparedLines.Writer out, Map<String, String> map) {
    out.add(map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      out.add(e.getKey()).add(e.getValue());
    }
  }

  private static void readStrings(PreparedLines.Reader in, Map<String, String> into)
      throws IOException {
    for (int n = in.count(); n > 0; n--) {
      into.put(in.next(), in.next());
    }
  }

  private static void lists(PreparedLines.Writer out, Map<String, List<String>> map) {
    out.add(map.size());
    for (Map.Entry<String, List<String>> e : map.entrySet()) {
      out.add(e.getKey()).add(e.getValue().size());
      e.getValue().forEach(out::add);
    }
  }

  /** Lists as the data files' reader makes them: immutable, or growable where a user adds. */
  private static void readLists(
      PreparedLines.Reader in, Map<String, List<String>> into, boolean immutable)
      throws IOException {
    for (int n = in.count(); n > 0; n--) {
      String key = in.next();
      List<String> items = new ArrayList<>();
      for (int k = in.count(); k > 0; k--) {
        items.add(in.next());
      }
      into.put(key, immutable ? List.copyOf(items) : items);
    }
  }

  private static void cell(PreparedLines.Writer out, Cell c) {
    out.add(c.module()).add(c.function());
  }

  private static Cell readCell(PreparedLines.Reader in) throws IOException {
    return new Cell(in.next(), in.next());
  }

  private static void cells(PreparedLines.Writer out, List<Cell> cells) {
    out.add(cells.size());
    cells.forEach(c -> cell(out, c));
  }

  private static void readCells(PreparedLines.Reader in, List<Cell> into) throws IOException {
    for (int n = in.count(); n > 0; n--) {
      into.add(readCell(in));
    }
  }
}
