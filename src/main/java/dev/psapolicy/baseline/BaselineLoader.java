package dev.psapolicy.baseline;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.Fields;
import dev.psapolicy.input.Glob;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Origin;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.input.Suggest;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.CustomizeList;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Loads baseline YAML files: validates every key, level and module/function against the catalog and
 * reports all problems of a file together with {@code file:line:col}.
 */
public final class BaselineLoader {
  /** Folder of the built-in baselines inside the jar. */
  public static final String BUNDLED_DIR = "dev/psapolicy/baselines";

  /** The keys a baseline file may have at the top. */
  public static final Set<String> TOP_KEYS =
      Set.of(
          "id",
          "platform",
          "title",
          "product",
          "vendor",
          "source",
          "retrieved",
          "partial",
          "notes",
          "recognise",
          "rows");

  /** The keys of a ConnectWise row. */
  public static final Set<String> CW_ROW_KEYS =
      Set.of(
          "module",
          "function",
          "add",
          "edit",
          "delete",
          "inquire",
          "needs",
          "optional",
          "note",
          "customize");

  /** The keys of an Autotask row. */
  public static final Set<String> AT_ROW_KEYS =
      Set.of(
          "entity",
          "section",
          "setting",
          "category",
          "permissions",
          "published",
          "view",
          "add",
          "edit",
          "delete",
          "needs",
          "optional",
          "note");

  /** The keys of a ConnectWise row's {@code needs} mapping: its verbs. */
  public static final Set<String> CW_NEEDS_KEYS = Set.of("add", "edit", "delete", "inquire");

  /** The keys of an Autotask row's {@code needs} mapping: the security level's verbs. */
  public static final Set<String> AT_NEEDS_KEYS = Set.of("view", "add", "edit", "delete");

  /** Autotask row keys and the verb each sets. */
  private static final String[][] AT_VERBS = {
    {"view", "inquire"}, {"add", "add"}, {"edit", "edit"}, {"delete", "delete"}
  };

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]{1,62}");

  private static volatile List<Baseline> builtIn;

  private final PermissionCatalog catalog;

  public BaselineLoader(PermissionCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Loads every baseline bundled in the jar. Against the built-in catalog they are the same every
   * time (immutable), so they are read once per process and shared, each resolving its rows on
   * first use (the build's tests resolve every one against that catalog). Against a catalog the
   * user extended they are read and checked whole, so that a name the extension makes ambiguous is
   * an input problem at its place, as in a user's file.
   */
  public List<Baseline> loadBuiltIn() throws InvalidInputException {
    if (catalog != PermissionCatalog.builtIn()) {
      return readBuiltIn(false);
    }
    List<Baseline> b = builtIn;
    if (b == null) {
      synchronized (BaselineLoader.class) {
        b = builtIn;
        if (b == null) {
          b = List.copyOf(readBuiltIn(true));
          builtIn = b;
        }
      }
    }
    return b;
  }

  private List<Baseline> readBuiltIn(boolean rowsOnDemand) throws InvalidInputException {
    if (rowsOnDemand) {
      byte[] prepared = Bundled.read(PreparedBaselines.RESOURCE);
      if (prepared != null) {
        return fromPrepared(prepared);
      }
    }
    return readBundled(rowsOnDemand);
  }

  /** The bundled baselines from their files (the build's preparation reads them so). */
  List<Baseline> readBundledFiles() throws InvalidInputException {
    return readBundled(true);
  }

  /**
   * The bundled baselines from the build's preparation of their headers ({@link
   * PreparedBaselines}), each resolving its rows from its tree on first use, as {@link #parse} does
   * for a bundled file.
   */
  private List<Baseline> fromPrepared(byte[] prepared) {
    try {
      return PreparedBaselines.decode(
          prepared,
          (in, resource, platform) ->
              () -> bundledRows(in.location(), platform, rowNodes(in, resource)));
    } catch (IOException e) {
      throw new IllegalStateException(
          "bundled " + PreparedBaselines.RESOURCE + " is damaged: " + e.getMessage(), e);
    }
  }

  /** A bundled file's rows, from its pre-parsed tree. */
  private static List<Node> rowNodes(InputFile in, String resource) {
    try {
      Node root = StructuredFiles.parseBundled(in, resource, in.location());
      Node rows = root.isMap() ? root.fields().get("rows") : null;
      return rows == null || !rows.isList() ? List.of() : rows.items();
    } catch (InvalidInputException e) {
      throw new IllegalStateException("bundled baseline is invalid: " + e.getMessage(), e);
    }
  }

  private List<Baseline> readBundled(boolean rowsOnDemand) throws InvalidInputException {
    List<Baseline> out = new ArrayList<>();
    Problems problems = new Problems();
    for (String name : Bundled.list(BUNDLED_DIR, ".yaml")) {
      byte[] bytes = Bundled.read(BUNDLED_DIR + "/" + name);
      try {
        InputFile in =
            InputFile.of(InputKind.BASELINE, Origin.BUILT_IN, "baselines/" + name, null, bytes);
        out.add(
            parse(
                in,
                StructuredFiles.parseBundled(in, BUNDLED_DIR + "/" + name, in.location()),
                rowsOnDemand));
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
    return parse(
        file,
        StructuredFiles.parse(StructuredFiles.text(file), display, display.endsWith(".json")),
        false);
  }

  /**
   * A baseline from its file and the file's parsed tree. A user's file is checked whole here, every
   * problem at its place. A bundled file read against the built-in catalog ({@code rowsOnDemand})
   * has its header checked here and its rows resolved on first use: the build's tests resolve every
   * bundled row against that catalog, so a run pays only for the tables it judges by.
   */
  private Baseline parse(InputFile file, Node root, boolean rowsOnDemand)
      throws InvalidInputException {
    String display = file.location();
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
    String vendor = top.optText("vendor");
    boolean partial = top.optBoolean("partial", false);
    String source = top.requireText("source");
    if (source != null && !source.startsWith("https://") && !source.startsWith("http://")) {
      problems.add(display, top.raw("source"), "'source' must be the URL of the published guide");
    }
    LocalDate retrieved = top.requireDate("retrieved");
    top.optText("notes");
    Recognise recognise =
        platform == null ? Recognise.NONE : recognise(display, top, platform, problems);
    List<Node> rowNodes = top.optList("rows");
    if (!top.has("rows")) {
      problems.add(display, root, "missing required key 'rows'");
    }
    Supplier<List<BaselineRow>> rows =
        rowsOnDemand
            ? () -> bundledRows(display, platform, rowNodes)
            : Baseline.resolved(rows(display, platform, rowNodes, problems));
    problems.throwIfAny();
    return new Baseline(
        id,
        platform,
        title,
        product,
        source,
        retrieved,
        vendor,
        partial,
        file.withId(id),
        rows,
        recognise);
  }

  private List<BaselineRow> rows(
      String display, Platform platform, List<Node> rowNodes, Problems problems) {
    List<BaselineRow> rows = new ArrayList<>();
    if (platform == Platform.CONNECTWISE) {
      Map<Cell, BaselineRow> byCell = new LinkedHashMap<>();
      for (Node rowNode : rowNodes) {
        connectWiseRow(display, rowNode, problems, byCell);
      }
      rows.addAll(byCell.values());
    } else if (platform == Platform.AUTOTASK) {
      rows.addAll(autotaskRows(display, rowNodes, problems));
    }
    return rows;
  }

  /** A bundled file's rows; a problem there is a broken build, as for the bundled catalog. */
  private List<BaselineRow> bundledRows(String display, Platform platform, List<Node> rowNodes) {
    Problems problems = new Problems();
    List<BaselineRow> rows = rows(display, platform, rowNodes, problems);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("bundled baseline is invalid: " + problems.list().get(0));
    }
    return rows;
  }

  /**
   * The {@code recognise:} mapping: per key of the platform (see {@link Recognise#keys}) one glob
   * or a list of globs. Unknown keys and malformed globs are problems at their place.
   */
  private static Recognise recognise(
      String file, Fields top, Platform platform, Problems problems) {
    Node n = top.raw("recognise");
    if (n == null || n.isNull()) {
      return Recognise.NONE;
    }
    if (!n.isMap()) {
      problems.add(
          file,
          n,
          "'recognise' must be a mapping like { name: [\"Rewst*\"] }, found " + n.describe());
      return Recognise.NONE;
    }
    Map<String, Recognise.Field> keys = Recognise.keys(platform);
    List<String> allowed = keys.keySet().stream().sorted().toList();
    List<Recognise.Pattern> patterns = new ArrayList<>();
    for (Map.Entry<String, Node> e : n.fields().entrySet()) {
      Recognise.Field field = keys.get(e.getKey());
      if (field == null) {
        String hint = Suggest.closest(e.getKey(), keys.keySet());
        Platform other = platform == Platform.AUTOTASK ? Platform.CONNECTWISE : Platform.AUTOTASK;
        boolean otherKey = Recognise.keys(other).containsKey(e.getKey());
        problems.add(
            file,
            n.keyNode(e.getKey()),
            "unknown key '"
                + e.getKey()
                + "' in 'recognise' for "
                + platform.label()
                + " "
                + (otherKey
                    ? "('"
                        + e.getKey()
                        + "' belongs to "
                        + other.label()
                        + " baselines; allowed here: "
                        + String.join(", ", allowed)
                        + ")"
                    : hint != null
                        ? "(did you mean '" + hint + "'?)"
                        : "(allowed: " + String.join(", ", allowed) + ")"));
        continue;
      }
      Node v = e.getValue();
      List<Node> items = v.isList() ? v.items() : List.of(v);
      if (items.isEmpty()) {
        problems.add(file, v, "'" + e.getKey() + "' in 'recognise' lists no pattern");
      }
      for (Node item : items) {
        if (!item.isScalar() || item.isNull()) {
          problems.add(
              file,
              item,
              "a pattern of '" + e.getKey() + "' must be text, found " + item.describe());
          continue;
        }
        Glob g = Glob.parse(file, item, item.text(), problems);
        if (g == null) {
          continue;
        }
        if (literalLetters(item.text()) < MIN_RECOGNISE_LETTERS) {
          problems.add(
              file,
              item,
              "pattern '"
                  + item.text()
                  + "' of '"
                  + e.getKey()
                  + "' would recognise almost any API user: a pattern must name the integration"
                  + " with at least "
                  + MIN_RECOGNISE_LETTERS
                  + " letters or digits outside wildcards (assign every user with"
                  + " defaultBaselines or --baseline instead)");
          continue;
        }
        patterns.add(new Recognise.Pattern(e.getKey(), field, g));
      }
    }
    if (patterns.isEmpty() && n.fields().isEmpty()) {
      problems.add(file, n, "'recognise' gives no pattern (leave it out instead)");
    }
    return new Recognise(patterns);
  }

  /** The fewest letters or digits a {@code recognise} pattern must spell out. */
  static final int MIN_RECOGNISE_LETTERS = 3;

  /** Letters and digits of a glob outside its wildcards and character classes. */
  private static int literalLetters(String glob) {
    int n = 0;
    boolean inClass = false;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '\\' && i + 1 < glob.length()) {
        i++;
        n += Character.isLetterOrDigit(glob.charAt(i)) ? 1 : 0;
      } else if (Character.isLetterOrDigit(c)) {
        n++;
      }
    }
    return n;
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
    Map<Verb, Level> needs = needs(file, row, Platform.CONNECTWISE, levels, problems);
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
              + "'"
              + hint(function, catalog.functions(module)));
      return;
    }
    BaselineRow first = rows.get(cell);
    if (first != null) {
      problems.add(
          file, node, "duplicate row for " + cell + " (first at line " + first.line() + ")");
      return;
    }
    List<String> customize = null;
    if (row.has("customize")) {
      customize = customize(file, row.raw("customize"), cell, problems);
    }
    rows.put(
        cell,
        new BaselineRow(cell, levels, needs, module + " / " + function, node.line(), customize));
  }

  /**
   * A row's {@code customize}: the items the guide allows in the function's "Customize: allow
   * access to these" list. Only a function that has such a list may state one; an item named twice
   * is an error.
   */
  private List<String> customize(String file, Node node, Cell cell, Problems problems) {
    if (catalog.customizeId(cell) == null) {
      problems.add(
          file,
          node,
          cell
              + " has no Customize list (functions that have one: "
              + String.join(
                  ", ", catalog.customizeIds().keySet().stream().map(Cell::toString).toList())
              + ")");
      return null;
    }
    if (!node.isList()) {
      problems.add(
          file,
          node,
          "'customize' must be a list of the items the guide allows, e.g. [Service / Service"
              + " Board]; found "
              + node.describe());
      return null;
    }
    List<String> items = new ArrayList<>();
    Map<String, Node> seen = new HashMap<>();
    for (Node item : node.items()) {
      if (!item.isScalar() || item.text().isBlank()) {
        problems.add(
            file, item, "a customize item must be a name such as 'Service / Service Board'");
        continue;
      }
      String text = item.text().strip();
      Node first = seen.putIfAbsent(CustomizeList.key(text), item);
      if (first != null) {
        problems.add(
            file,
            item,
            "customize item '" + text + "' is listed twice (first at line " + first.line() + ")");
        continue;
      }
      items.add(text);
    }
    return items;
  }

  /** What an Autotask row names: one entity, or a section or category of several. */
  private enum Target {
    ENTITY("entity", 3),
    SECTION("section", 0),
    SETTING("setting", 2),
    CATEGORY("category", 1);

    final String key;

    /** Where rows of two kinds cover one entity, the more specific kind decides. */
    final int specificity;

    Target(String key, int specificity) {
      this.key = key;
      this.specificity = specificity;
    }
  }

  /** What an Autotask row names, as the key that finds a second row naming it too. */
  private record Named(Target target, String name) {}

  /**
   * One Autotask row as written, before it is spread over entities.
   *
   * @param target what kind of name the row gives
   * @param name the canonical entity, section or category name
   * @param entities the entities it covers
   * @param levels what it allows
   * @param needs what it needs
   * @param published how the guide wrote it
   * @param line its line
   */
  private record AtRow(
      Target target,
      String name,
      List<String> entities,
      Map<Verb, Level> levels,
      Map<Verb, Level> needs,
      String published,
      int line) {}

  /**
   * Autotask rows. An entity row is what the guide says for that entity: it allows and needs its
   * levels, whatever other row also covers the entity. A setting, category or section row is what
   * the guide's wider grant allows on every entity it covers; it needs nothing unless it says
   * {@code needs}. Where rows of different kinds cover one entity, the most specific decides
   * (entity, then setting, then category, then section), so a guide can allow a section and
   * restrict one of its settings; two rows of one kind covering an entity join. Naming the same
   * entity, setting, section or category twice is an error.
   */
  private List<BaselineRow> autotaskRows(String file, List<Node> nodes, Problems problems) {
    List<AtRow> written = new ArrayList<>();
    Map<Named, AtRow> seen = new HashMap<>();
    for (Node node : nodes) {
      AtRow r = autotaskRow(file, node, problems);
      if (r == null) {
        continue;
      }
      AtRow first = seen.putIfAbsent(new Named(r.target(), r.name()), r);
      if (first != null) {
        problems.add(
            file,
            node,
            "duplicate row for "
                + r.target().key
                + " '"
                + r.name()
                + "' (first at line "
                + first.line()
                + ")");
        continue;
      }
      written.add(r);
    }
    // Per entity, the most specific rows that cover it decide: an entity row over a setting row
    // over a category row over a section row; rows of one kind join.
    Map<String, List<AtRow>> covering = new LinkedHashMap<>();
    for (AtRow r : written) {
      for (String entity : r.entities()) {
        covering.computeIfAbsent(entity, e -> new ArrayList<>()).add(r);
      }
    }
    List<BaselineRow> out = new ArrayList<>();
    for (Map.Entry<String, List<AtRow>> e : covering.entrySet()) {
      int best = e.getValue().stream().mapToInt(r -> r.target().specificity).max().orElse(0);
      Cell cell = new Cell(catalog.sectionOf(e.getKey()), e.getKey());
      BaselineRow joined = null;
      for (AtRow r : e.getValue()) {
        if (r.target().specificity != best) {
          continue;
        }
        BaselineRow fresh = new BaselineRow(cell, r.levels(), r.needs(), r.published(), r.line());
        joined = joined == null ? fresh : join(joined, fresh);
      }
      out.add(joined);
    }
    return out;
  }

  private AtRow autotaskRow(String file, Node node, Problems problems) {
    Fields row = Fields.of(file, node, "a row", AT_ROW_KEYS, problems);
    if (row == null) {
      return null;
    }
    row.optText("permissions");
    String published = row.optText("published");
    row.optText("note");
    Map<Verb, Level> levels = new EnumMap<>(Verb.class);
    for (String[] v : AT_VERBS) {
      Level l = level(file, row, v[0], Platform.AUTOTASK, problems);
      if (l != null) {
        levels.put(Verb.parse(v[1]), l);
      }
    }
    List<Target> named = new ArrayList<>();
    for (Target t : Target.values()) {
      if (row.has(t.key)) {
        named.add(t);
      }
    }
    if (named.contains(Target.SETTING)) {
      if (!named.remove(Target.SECTION)) {
        problems.add(
            file,
            row.raw("setting"),
            "a 'setting' row names its section too, e.g. { section: Admin, setting:"
                + " Resources/Users (HR) }");
        return null;
      }
    }
    if (named.size() != 1) {
      problems.add(
          file,
          node,
          named.isEmpty()
              ? "a row must name an 'entity', a 'section' (with or without a 'setting') or a"
                  + " 'category'"
              : "a row names one of 'entity', 'section' or 'category', not "
                  + String.join(" and ", named.stream().map(t -> "'" + t.key + "'").toList()));
      return null;
    }
    Target target = named.get(0);
    String given = row.requireText(target.key);
    Map<Verb, Level> needs =
        needs(file, row, Platform.AUTOTASK, target == Target.ENTITY ? levels : Map.of(), problems);
    if (given == null) {
      return null;
    }
    String name;
    List<String> entities;
    switch (target) {
      case ENTITY -> {
        name = catalog.entity(given);
        entities = name == null ? List.of() : List.of(name);
        if (name == null) {
          problems.add(
              file,
              row.raw("entity"),
              "unknown Autotask entity '"
                  + given
                  + "'"
                  + hint(given, entityNames())
                  + " (entities are the REST API's names, e.g. TicketNotes)");
          return null;
        }
      }
      case SECTION -> {
        name = catalog.module(Platform.AUTOTASK, given);
        if (name == null) {
          problems.add(
              file,
              row.raw("section"),
              "unknown Autotask security-level section '"
                  + given
                  + "'"
                  + hint(given, catalog.modules(Platform.AUTOTASK)));
          return null;
        }
        entities = catalog.sectionEntities(name);
      }
      case SETTING -> {
        String section = catalog.module(Platform.AUTOTASK, row.requireText("section"));
        if (section == null) {
          problems.add(
              file,
              row.raw("section"),
              "unknown Autotask security-level section '"
                  + row.raw("section").text()
                  + "'"
                  + hint(row.raw("section").text(), catalog.modules(Platform.AUTOTASK)));
          return null;
        }
        String setting = catalog.setting(section, given);
        if (setting == null) {
          problems.add(
              file,
              row.raw("setting"),
              "section '"
                  + section
                  + "' has no setting '"
                  + given
                  + "' (its settings: "
                  + String.join("; ", catalog.settings(section))
                  + ")");
          return null;
        }
        name = section + " / " + setting;
        entities = catalog.settingEntities(section, setting);
      }
      default -> {
        name = catalog.category(given);
        if (name == null) {
          problems.add(
              file,
              row.raw("category"),
              "unknown Autotask category '"
                  + given
                  + "'"
                  + hint(given, catalog.categories())
                  + (catalog.module(Platform.AUTOTASK, given) != null
                      ? " ('"
                          + given
                          + "' is a security-level section: write section: "
                          + given
                          + ")"
                      : ""));
          return null;
        }
        entities = catalog.categoryEntities(name);
      }
    }
    String label =
        switch (target) {
          case ENTITY -> name;
          case SECTION -> name + " (section)";
          case SETTING, CATEGORY -> name;
        };
    return new AtRow(
        target,
        name,
        entities,
        levels,
        needs,
        label + (published == null ? "" : ": " + published),
        node.line());
  }

  private List<String> entityNames() {
    return catalog.known(Platform.AUTOTASK).stream().map(Cell::function).toList();
  }

  /**
   * What a row needs: {@code optional: true} needs nothing; {@code needs:} names the verbs and
   * levels the integration needs (each at most what the row allows); otherwise {@code dflt}.
   */
  private static Map<Verb, Level> needs(
      String file, Fields row, Platform platform, Map<Verb, Level> dflt, Problems problems) {
    boolean optional = row.optBoolean("optional", false);
    Node n = row.raw("needs");
    if (n == null || n.isNull()) {
      return optional ? Map.of() : dflt;
    }
    if (optional) {
      problems.add(
          file,
          row.raw("optional"),
          "a row is 'optional' (needs nothing) or says what it 'needs', not both");
      return Map.of();
    }
    Set<String> keys = platform == Platform.AUTOTASK ? AT_NEEDS_KEYS : CW_NEEDS_KEYS;
    Fields nf = Fields.of(file, n, "'needs'", keys, problems);
    if (nf == null) {
      return Map.of();
    }
    Map<Verb, Level> needs = new EnumMap<>(Verb.class);
    for (String key : keys) {
      if (!nf.has(key)) {
        continue;
      }
      Level l = level(file, nf, key, platform, problems);
      Verb verb = Verb.parse(key);
      Level allowed = allowedOf(file, row, key, platform);
      if (l == null || verb == null) {
        continue;
      }
      if (allowed != null && l.exceeds(allowed)) {
        problems.add(
            file,
            nf.raw(key),
            "'needs' asks for "
                + key
                + " "
                + l.label()
                + " but the row allows "
                + allowed.label()
                + " (a baseline never needs more than it allows)");
        continue;
      }
      needs.put(verb, l);
    }
    return needs;
  }

  /** The level a row allows for a key, without reporting problems (those are reported once). */
  private static Level allowedOf(String file, Fields row, String key, Platform platform) {
    Node n = row.raw(key);
    if (n == null || n.isNull()) {
      return Level.NONE;
    }
    return n.isScalar() ? Level.parse(platform, n.text()) : null;
  }

  private static BaselineRow join(BaselineRow a, BaselineRow b) {
    Map<Verb, Level> levels = new EnumMap<>(Verb.class);
    Map<Verb, Level> needs = new EnumMap<>(Verb.class);
    for (Verb v : Verb.values()) {
      levels.put(v, Level.max(a.level(v), b.level(v)));
      needs.put(v, Level.max(a.needed(v), b.needed(v)));
    }
    return new BaselineRow(a.cell(), levels, needs, a.published() + "; " + b.published(), a.line());
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
    return Suggest.hint(word, known);
  }
}
