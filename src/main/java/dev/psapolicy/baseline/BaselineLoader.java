package dev.psapolicy.baseline;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.Fields;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Origin;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.input.Suggest;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads baseline YAML files: validates every key, level and module/function against the catalog and
 * reports all problems of a file together with {@code file:line:col}.
 */
public final class BaselineLoader {
  /** Folder of the built-in baselines inside the jar. */
  public static final String BUNDLED_DIR = "dev/psapolicy/baselines";

  private static final Set<String> TOP_KEYS =
      Set.of("id", "platform", "title", "product", "source", "retrieved", "notes", "rows");
  private static final Set<String> CW_ROW_KEYS =
      Set.of("module", "function", "add", "edit", "delete", "inquire", "note");
  private static final Set<String> AT_ROW_KEYS =
      Set.of("category", "permissions", "published", "view", "add", "edit", "delete", "note");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]{1,62}");

  private final PermissionCatalog catalog;

  public BaselineLoader(PermissionCatalog catalog) {
    this.catalog = catalog;
  }

  /** Loads every baseline bundled in the jar. */
  public List<Baseline> loadBuiltIn() throws InvalidInputException {
    List<Baseline> out = new ArrayList<>();
    Problems problems = new Problems();
    for (String name : Bundled.list(BUNDLED_DIR, ".yaml")) {
      byte[] bytes = Bundled.read(BUNDLED_DIR + "/" + name);
      try {
        out.add(
            parse(
                InputFile.of(
                    InputKind.BASELINE, Origin.BUILT_IN, "baselines/" + name, null, bytes)));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    problems.throwIfAny();
    return out;
  }

  /** Loads one baseline file, named in messages by its path. */
  public Baseline load(Path file) throws InvalidInputException {
    return load(file, file.toString());
  }

  /** Loads one baseline file; {@code display} names it in messages. */
  public Baseline load(Path file, String display) throws InvalidInputException {
    return parse(
        InputFile.file(InputKind.BASELINE, display, StructuredFiles.readBytes(file, display)));
  }

  /** Parses a baseline file; its location names it in messages. */
  public Baseline parse(InputFile file) throws InvalidInputException {
    String display = file.location();
    Node root =
        StructuredFiles.parse(StructuredFiles.text(file), display, display.endsWith(".json"));
    Problems problems = new Problems();
    Fields top = Fields.of(display, root, "a baseline", TOP_KEYS, problems);
    if (top == null) {
      problems.throwIfAny();
    }
    String id = top.requireText("id");
    if (id != null && !ID.matcher(id).matches()) {
      problems.add(
          display,
          top.raw("id"),
          "'id' must be lower-case letters, digits, '.' or '-'" + " (found '" + id + "')");
    }
    String platformText = top.requireOneOf("platform", List.of("connectwise", "autotask"));
    Platform platform = Platform.parse(platformText);
    String title = top.requireText("title");
    String product = top.optText("product");
    String source = top.requireText("source");
    if (source != null && !source.startsWith("https://") && !source.startsWith("http://")) {
      problems.add(display, top.raw("source"), "'source' must be the URL of the published guide");
    }
    LocalDate retrieved = top.requireDate("retrieved");
    top.optText("notes");
    List<Node> rowNodes = top.optList("rows");
    if (!top.has("rows")) {
      problems.add(display, root, "missing required key 'rows'");
    }
    Map<Cell, BaselineRow> rows = new LinkedHashMap<>();
    if (platform != null) {
      for (Node rowNode : rowNodes) {
        if (platform == Platform.CONNECTWISE) {
          connectWiseRow(display, rowNode, problems, rows);
        } else {
          autotaskRow(display, rowNode, problems, rows);
        }
      }
    }
    problems.throwIfAny();
    return new Baseline(
        id,
        platform,
        title,
        product,
        source,
        retrieved,
        file.withId(id),
        List.copyOf(rows.values()));
  }

  private void connectWiseRow(
      String file, Node node, Problems problems, Map<Cell, BaselineRow> rows) {
    Fields row = Fields.of(file, node, "a row", CW_ROW_KEYS, problems);
    if (row == null) {
      return;
    }
    String module = row.requireText("module");
    String function = row.requireText("function");
    Map<Verb, Level> levels = new EnumMap<>(Verb.class);
    for (Verb v : Verb.values()) {
      Level l = level(file, row, v.id(), Platform.CONNECTWISE, problems);
      if (l != null) {
        levels.put(v, l);
      }
    }
    row.optText("note");
    if (module == null || function == null) {
      return;
    }
    if (catalog.module(Platform.CONNECTWISE, module) == null) {
      problems.add(
          file,
          row.raw("module"),
          "unknown ConnectWise module '"
              + module
              + "'"
              + hint(module, catalog.modules(Platform.CONNECTWISE)));
      return;
    }
    Cell cell = catalog.resolve(Platform.CONNECTWISE, module, function).orElse(null);
    if (cell == null) {
      problems.add(
          file,
          row.raw("function"),
          "unknown function '"
              + function
              + "' in module '"
              + catalog.module(Platform.CONNECTWISE, module)
              + "'");
      return;
    }
    if (rows.containsKey(cell)) {
      problems.add(file, node, "duplicate row for " + cell);
      return;
    }
    rows.put(cell, new BaselineRow(cell, levels, module + " / " + function, node.line()));
  }

  private void autotaskRow(String file, Node node, Problems problems, Map<Cell, BaselineRow> rows) {
    Fields row = Fields.of(file, node, "a row", AT_ROW_KEYS, problems);
    if (row == null) {
      return;
    }
    String category = row.requireText("category");
    row.optText("permissions");
    String published = row.optText("published");
    row.optText("note");
    Map<Verb, Level> levels = new EnumMap<>(Verb.class);
    String[][] verbs = {
      {"view", "inquire"}, {"add", "add"}, {"edit", "edit"}, {"delete", "delete"}
    };
    for (String[] v : verbs) {
      Level l = level(file, row, v[0], Platform.AUTOTASK, problems);
      if (l != null) {
        levels.put(Verb.parse(v[1]), l);
      }
    }
    if (category == null) {
      return;
    }
    String canonical = catalog.category(category);
    if (canonical == null) {
      problems.add(
          file,
          row.raw("category"),
          "unknown Autotask category '" + category + "'" + hint(category, catalog.categories()));
      return;
    }
    for (String entity : catalog.categoryEntities(canonical)) {
      Cell cell = new Cell(catalog.sectionOf(entity), entity);
      BaselineRow fresh =
          new BaselineRow(
              cell, levels, canonical + (published == null ? "" : ": " + published), node.line());
      rows.merge(cell, fresh, BaselineLoader::join);
    }
  }

  private static BaselineRow join(BaselineRow a, BaselineRow b) {
    Map<Verb, Level> levels = new EnumMap<>(Verb.class);
    for (Verb v : Verb.values()) {
      levels.put(v, Level.max(a.level(v), b.level(v)));
    }
    return new BaselineRow(a.cell(), levels, a.published() + "; " + b.published(), a.line());
  }

  private static Level level(
      String file, Fields row, String key, Platform platform, Problems problems) {
    Node n = row.raw(key);
    if (n == null || n.isNull()) {
      return Level.NONE;
    }
    String text = n.isScalar() ? n.text() : null;
    Level l = Level.parse(platform, text);
    if (l == null) {
      problems.add(
          file,
          n,
          "'"
              + key
              + "' has level "
              + (n.isScalar() ? "'" + n.text() + "'" : n.describe())
              + " outside the lattice"
              + (platform == Platform.AUTOTASK
                  ? " (None, Mine, All; or Yes/No)"
                  : " (None, My, All)"));
    }
    return l;
  }

  private static String hint(String word, Collection<String> known) {
    String s = Suggest.closest(word, known);
    return s == null ? "" : " (did you mean '" + s + "'?)";
  }
}
