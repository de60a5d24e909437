package dev.psapolicy.catalog;

import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.Fields;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.input.Suggest;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The known PSA permissions: ConnectWise modules and functions (with the aliases vendor guides
 * use), Autotask sections, entities and guide categories. Loaded from the data files in {@code
 * baselines/catalog/}; one instance serves a whole run.
 */
public final class PermissionCatalog {
  /** Resource path of the ConnectWise catalog inside the jar. */
  public static final String CONNECTWISE_RESOURCE =
      "dev/psapolicy/baselines/catalog/connectwise-permissions.yaml";

  /** Resource path of the Autotask catalog inside the jar. */
  public static final String AUTOTASK_RESOURCE =
      "dev/psapolicy/baselines/catalog/autotask-entities.yaml";

  private static volatile PermissionCatalog builtIn;

  final Map<String, String> cwModules; // normalised name/alias -> canonical
  final Map<String, Map<String, String>> cwFunctions; // canonical module -> norm -> canonical
  final List<Cell> cwCells;
  final Map<Cell, String> cwCustomize; // cell -> the API's customizeIdentifier
  final Map<String, Cell> atEntities; // lower entity -> cell
  final Map<String, String> atSettings; // lower entity -> setting
  final Map<String, String> atSections; // normalised section -> canonical
  final Map<String, List<String>> atSectionEntities; // canonical section -> entities
  final Map<String, Map<String, List<String>>> atSettingEntities;
  final Map<String, List<String>> atCategories; // normalised category -> entities
  final Map<String, String> atCategoryNames; // normalised category -> canonical
  final List<Cell> atCells; // every entity
  final List<Cell> atProbed; // the entities a per-entity fetch asks about

  PermissionCatalog(ConnectWise cw, Autotask at) {
    this.cwModules = cw.modules;
    this.cwFunctions = cw.functions;
    this.cwCells = List.copyOf(cw.cells);
    this.cwCustomize = Map.copyOf(cw.customize);
    this.atEntities = at.entities;
    this.atSettings = at.settings;
    this.atSections = at.sections;
    this.atSectionEntities = at.sectionEntities;
    this.atSettingEntities = at.settingEntities;
    this.atCategories = at.categories;
    this.atCategoryNames = at.categoryNames;
    this.atCells = List.copyOf(at.all);
    this.atProbed = List.copyOf(at.probed);
  }

  /** The catalog bundled in the jar (loaded once). */
  public static PermissionCatalog builtIn() {
    PermissionCatalog c = builtIn;
    if (c == null) {
      synchronized (PermissionCatalog.class) {
        c = builtIn;
        if (c == null) {
          try {
            c = prepared();
            if (c == null) {
              c = fromDataFiles();
            }
          } catch (InvalidInputException e) {
            throw new IllegalStateException("bundled catalog is invalid: " + e.getMessage(), e);
          }
          builtIn = c;
        }
      }
    }
    return c;
  }

  /**
   * The bundled catalog from its build-time preparation ({@link PreparedCatalog}), or null where
   * the build left none (class folders outside the jar build) so the data files are read instead.
   */
  private static PermissionCatalog prepared() {
    byte[] bytes = Bundled.read(PreparedCatalog.RESOURCE);
    if (bytes == null) {
      return null;
    }
    try {
      return PreparedCatalog.decode(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(
          "bundled " + PreparedCatalog.RESOURCE + " is damaged: " + e.getMessage(), e);
    }
  }

  /** The bundled catalog read from its data files, as the build prepares it. */
  static PermissionCatalog fromDataFiles() throws InvalidInputException {
    return load(
        StructuredFiles.readResource(
            CONNECTWISE_RESOURCE, "baselines/catalog/connectwise-permissions.yaml"),
        "baselines/catalog/connectwise-permissions.yaml",
        StructuredFiles.readResource(AUTOTASK_RESOURCE, "baselines/catalog/autotask-entities.yaml"),
        "baselines/catalog/autotask-entities.yaml");
  }

  /** Loads a catalog from parsed data files. */
  public static PermissionCatalog load(Node cw, String cwFile, Node at, String atFile)
      throws InvalidInputException {
    Problems problems = new Problems();
    ConnectWise c = new ConnectWise();
    connectWise(cw, cwFile, c, false, problems);
    Autotask a = new Autotask();
    autotask(at, atFile, a, false, problems);
    problems.throwIfAny();
    return new PermissionCatalog(c, a);
  }

  /**
   * This catalog with a user's catalog file merged over it (a new catalog; this one is unchanged).
   * The file says its {@code platform} and has the built-in file's shape. It may add modules,
   * functions, aliases, sections, settings, entities and categories, and may restate what is
   * already known; it may not move or rename anything: an alias that already names something else,
   * an entity already in another section, a built-in category (what a vendor's category covers is
   * the guide's, not the user's), or a name that only looks like a known one (look-alike or
   * invisible characters) is an input error at its place. So a user catalog can make a name known;
   * it can never make a known grant read as another.
   *
   * @param root the parsed file
   * @param file the file as the user named it
   */
  public PermissionCatalog extendedBy(Node root, String file) throws InvalidInputException {
    Problems problems = new Problems();
    String platform = null;
    if (root != null && root.isMap() && root.fields().get("platform") != null) {
      platform = root.fields().get("platform").text();
    }
    Platform p = platform == null ? null : Platform.parse(platform);
    if (p == null) {
      problems.add(
          file,
          root != null && root.isMap() && root.fields().get("platform") != null
              ? root.fields().get("platform")
              : root,
          "a catalog file must say 'platform: connectwise' or 'platform: autotask'");
      problems.throwIfAny();
    }
    ConnectWise c = new ConnectWise(this);
    Autotask a = new Autotask(this);
    if (p == Platform.CONNECTWISE) {
      connectWise(root, file, c, true, problems);
    } else {
      autotask(root, file, a, true, problems);
    }
    problems.throwIfAny();
    return new PermissionCatalog(c, a);
  }

  /** The ConnectWise half of a catalog while it is read. */
  static final class ConnectWise {
    final Map<String, String> modules = new LinkedHashMap<>(); // normalised name/alias -> canonical
    final Map<String, Map<String, String>> functions =
        new LinkedHashMap<>(); // canonical module -> normalised -> canonical
    final List<Cell> cells = new ArrayList<>();
    final Map<Cell, String> customize = new LinkedHashMap<>(); // cell -> customizeIdentifier

    ConnectWise() {}

    ConnectWise(PermissionCatalog base) {
      customize.putAll(base.cwCustomize);
      modules.putAll(base.cwModules);
      base.cwFunctions.forEach((m, fns) -> functions.put(m, new LinkedHashMap<>(fns)));
      cells.addAll(base.cwCells);
    }
  }

  private static void connectWise(
      Node cw, String cwFile, ConnectWise c, boolean user, Problems problems) {
    Fields root = Fields.of(cwFile, cw, "the catalog", Set.of("platform", "modules"), problems);
    if (root == null) {
      return;
    }
    for (Node m : root.optList("modules")) {
      Fields mf =
          Fields.of(cwFile, m, "a module", Set.of("name", "aliases", "functions"), problems);
      if (mf == null) {
        continue;
      }
      String given = mf.requireText("name");
      if (given == null) {
        continue;
      }
      String name = given;
      if (user) {
        String known = c.modules.get(normalize(given));
        if (known != null) {
          name = known;
        } else if (!plainName(
            cwFile, mf.raw("name"), given, "module", c.modules.values(), problems)) {
          continue;
        }
      }
      c.modules.put(normalize(name), name);
      Node aliasesAt = mf.raw("aliases");
      for (String alias : mf.optTextList("aliases")) {
        if (user && !newAlias(cwFile, aliasesAt, alias, name, "module", c.modules, problems)) {
          continue;
        }
        c.modules.put(normalize(alias), name);
      }
      Map<String, String> fns =
          user
              ? c.functions.computeIfAbsent(name, k -> new LinkedHashMap<>())
              : new LinkedHashMap<>();
      for (Node f : mf.optList("functions")) {
        String fname;
        List<String> aliases = List.of();
        String customize = null;
        Node at = f;
        if (f.isScalar()) {
          fname = f.text();
        } else {
          Fields ff =
              Fields.of(cwFile, f, "a function", Set.of("name", "aliases", "customize"), problems);
          if (ff == null) {
            continue;
          }
          fname = ff.requireText("name");
          aliases = ff.optTextList("aliases");
          at = ff.raw("name");
          customize = ff.optText("customize");
        }
        if (fname == null) {
          continue;
        }
        boolean restated = false;
        if (user) {
          String known = fns.get(normalize(fname));
          if (known != null) {
            fname = known;
            restated = true;
          } else if (!plainName(cwFile, at, fname, "function", fns.values(), problems)) {
            continue;
          }
        }
        fns.put(normalize(fname), fname);
        for (String a : aliases) {
          if (user && !newAlias(cwFile, at, a, fname, "function", fns, problems)) {
            continue;
          }
          fns.put(normalize(a), fname);
        }
        if (!restated) {
          c.cells.add(new Cell(name, fname));
        }
        if (customize != null) {
          Cell cell = new Cell(name, fname);
          String before = c.customize.get(cell);
          if (user && before != null && !before.equals(customize)) {
            problems.add(
                cwFile,
                at,
                name
                    + " / "
                    + fname
                    + " already has the Customize list '"
                    + before
                    + "'; a catalog file may add names, not move them");
          } else {
            c.customize.put(cell, customize);
          }
        }
      }
      c.functions.put(name, fns);
    }
  }

  /**
   * Whether a name a user's catalog adds is plain: no invisible or control characters, and not a
   * look-alike of a name already known of its kind. Adds the problem when it is not.
   */
  private static boolean plainName(
      String file, Node at, String name, String kind, Collection<String> known, Problems problems) {
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      int type = Character.getType(cp);
      if (Character.isISOControl(cp)
          || type == Character.FORMAT
          || (type == Character.SPACE_SEPARATOR && cp != ' ')) {
        problems.add(
            file,
            at,
            kind
                + " '"
                + name
                + "' has "
                + String.format(Locale.ROOT, "U+%04X", cp)
                + (Character.getName(cp) == null ? "" : " " + Character.getName(cp))
                + " at column "
                + (name.codePointCount(0, i) + 1)
                + " (an invisible character; a catalog name must be what it looks like)");
        return false;
      }
      i += Character.charCount(cp);
    }
    Suggest.LookAlike l = Suggest.lookAlike(name, known);
    if (l != null) {
      problems.add(
          file,
          at,
          kind
              + " '"
              + name
              + "' looks like the known "
              + kind
              + " '"
              + l.known()
              + "' but has "
              + l.describe()
              + " (a look-alike character; name the known one or a plainly new one)");
      return false;
    }
    return true;
  }

  /** Whether an alias a user's catalog adds is new or already means {@code canonical}. */
  private static boolean newAlias(
      String file,
      Node at,
      String alias,
      String canonical,
      String kind,
      Map<String, String> known,
      Problems problems) {
    String means = known.get(normalize(alias));
    if (means != null && !means.equals(canonical)) {
      problems.add(
          file,
          at,
          "alias '"
              + alias
              + "' already names the "
              + kind
              + " '"
              + means
              + "'; a catalog file may add names, not move them");
      return false;
    }
    return means != null || plainName(file, at, alias, kind, known.values(), problems);
  }

  /** The Autotask half of a catalog while it is read. */
  static final class Autotask {
    final Map<String, Cell> entities = new LinkedHashMap<>(); // lower entity -> cell
    final Map<String, String> settings = new LinkedHashMap<>(); // lower entity -> setting
    final Map<String, String> sections =
        new LinkedHashMap<>(); // normalised name/alias -> canonical
    final Map<String, List<String>> sectionEntities =
        new LinkedHashMap<>(); // canonical -> entities
    final Map<String, Map<String, List<String>>> settingEntities =
        new LinkedHashMap<>(); // canonical section -> setting -> entities
    final Map<String, List<String>> categories = new LinkedHashMap<>(); // normalised -> entities
    final Map<String, String> categoryNames = new LinkedHashMap<>(); // normalised -> canonical
    final List<Cell> all = new ArrayList<>();
    final List<Cell> probed = new ArrayList<>();

    Autotask() {}

    Autotask(PermissionCatalog base) {
      entities.putAll(base.atEntities);
      settings.putAll(base.atSettings);
      sections.putAll(base.atSections);
      sectionEntities.putAll(base.atSectionEntities);
      base.atSettingEntities.forEach(
          (section, byName) -> {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            byName.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
            settingEntities.put(section, copy);
          });
      categories.putAll(base.atCategories);
      categoryNames.putAll(base.atCategoryNames);
      all.addAll(base.atCells);
      probed.addAll(base.atProbed);
    }
  }

  private static void autotask(
      Node at, String atFile, Autotask a, boolean user, Problems problems) {
    Fields root =
        Fields.of(
            atFile,
            at,
            "the catalog",
            Set.of("platform", "probe", "sections", "categories"),
            problems);
    if (root == null) {
      return;
    }
    if (!user && !root.has("sections")) {
      problems.add(atFile, at, "missing required key 'sections'");
    }
    for (Node sn : root.optList("sections")) {
      Fields sf =
          Fields.of(atFile, sn, "a section", Set.of("name", "aliases", "settings"), problems);
      if (sf == null) {
        continue;
      }
      String name = sf.requireText("name");
      if (name == null) {
        continue;
      }
      if (user) {
        String known = a.sections.get(normalize(name));
        if (known != null) {
          name = known;
        } else if (!plainName(
            atFile, sf.raw("name"), name, "section", a.sections.values(), problems)) {
          continue;
        } else {
          a.sections.put(normalize(name), name);
        }
      } else if (a.sections.putIfAbsent(normalize(name), name) != null) {
        problems.add(atFile, sf.raw("name"), "section '" + name + "' is listed twice");
      }
      for (String alias : sf.optTextList("aliases")) {
        if (user
            && !newAlias(atFile, sf.raw("aliases"), alias, name, "section", a.sections, problems)) {
          continue;
        }
        a.sections.putIfAbsent(normalize(alias), name);
      }
      List<String> members = new ArrayList<>();
      for (Node gn : sf.optList("settings")) {
        Fields gf =
            Fields.of(atFile, gn, "a setting", Set.of("setting", "seen", "entities"), problems);
        if (gf == null) {
          continue;
        }
        String setting = gf.requireText("setting");
        gf.optTextList("seen");
        for (Node en : gf.optList("entities")) {
          String entity = en.text();
          if (entity == null || entity.isBlank()) {
            problems.add(atFile, en, "an entity must be a name");
            continue;
          }
          Cell known = a.entities.get(entity.toLowerCase(Locale.ROOT));
          if (user && known != null && known.module().equals(name)) {
            String knownSetting = a.settings.get(entity.toLowerCase(Locale.ROOT));
            if (setting != null && !setting.equals(knownSetting)) {
              problems.add(
                  atFile,
                  en,
                  "entity '"
                      + entity
                      + "' is already under setting '"
                      + knownSetting
                      + "' of section '"
                      + name
                      + "'; a catalog file may add names, not move them");
            }
            continue;
          }
          if (user
              && known == null
              && !plainName(
                  atFile,
                  en,
                  entity,
                  "entity",
                  a.all.stream().map(Cell::function).toList(),
                  problems)) {
            continue;
          }
          Cell cell = new Cell(name, entity);
          Cell prev = a.entities.putIfAbsent(entity.toLowerCase(Locale.ROOT), cell);
          if (prev != null) {
            problems.add(
                atFile,
                en,
                "entity '" + entity + "' is already in section '" + prev.module() + "'");
            continue;
          }
          a.settings.put(entity.toLowerCase(Locale.ROOT), setting);
          a.all.add(cell);
          members.add(entity);
          if (setting != null) {
            a.settingEntities
                .computeIfAbsent(name, k -> new LinkedHashMap<>())
                .computeIfAbsent(setting, k -> new ArrayList<>())
                .add(entity);
          }
        }
      }
      List<String> before = a.sectionEntities.getOrDefault(name, List.of());
      List<String> merged = new ArrayList<>(before);
      merged.addAll(members);
      a.sectionEntities.put(name, List.copyOf(merged));
    }
    for (String entity : root.optTextList("probe")) {
      Cell cell = a.entities.get(entity.toLowerCase(Locale.ROOT));
      if (cell == null) {
        problems.add(
            atFile, root.raw("probe"), "probe names entity '" + entity + "' that no section lists");
      } else if (!a.probed.contains(cell)) {
        a.probed.add(cell);
      }
    }
    for (Node cn : root.optList("categories")) {
      Fields cf = Fields.of(atFile, cn, "a category", Set.of("name", "entities"), problems);
      if (cf == null) {
        continue;
      }
      String name = cf.requireText("name");
      if (name == null) {
        continue;
      }
      List<String> list = new ArrayList<>();
      for (Node en : cf.optList("entities")) {
        Cell cell = a.entities.get(en.text() == null ? "" : en.text().toLowerCase(Locale.ROOT));
        if (cell == null) {
          problems.add(
              atFile,
              en,
              "category '" + name + "' names entity '" + en.text() + "' that no section lists");
        } else {
          list.add(cell.function());
        }
      }
      String known = a.categoryNames.putIfAbsent(normalize(name), name);
      if (known != null && user && a.categories.get(normalize(name)).equals(list)) {
        continue; // restated as it is
      }
      if (known != null && user) {
        problems.add(
            atFile,
            cf.raw("name"),
            "category '"
                + name
                + "' is built in: what a vendor guide's category covers is fixed by the guide;"
                + " name a new category, or write the entities in the baseline");
        continue;
      }
      if (known != null) {
        problems.add(atFile, cf.raw("name"), "category '" + name + "' is listed twice");
      }
      if (user
          && !plainName(
              atFile, cf.raw("name"), name, "category", a.categoryNames.values(), problems)) {
        a.categoryNames.remove(normalize(name));
        continue;
      }
      a.categories.put(normalize(name), List.copyOf(list));
    }
  }

  /**
   * Normalises a permission name for lookup: case, dashes, spacing, "and" versus "&", and the
   * "(customize)" / "*" / "(sic)" markers vendor tables add.
   */
  public static String normalize(String s) {
    String t =
        s.toLowerCase(Locale.ROOT)
            .replace('\u2013', '-')
            .replace('\u2014', '-')
            .replace('\u2011', '-');
    // each step runs only where its pattern can match: most names have no marker, dash or "and",
    // and a regular expression costs a cold start tens of microseconds a name
    if (t.indexOf('(') >= 0) {
      t = CUSTOMIZE_MARK.matcher(t).replaceAll("").replace("(sic)", "");
    }
    if (t.indexOf('*') >= 0) {
      t = t.replace("*", "");
    }
    if (t.contains("and")) {
      t = AND.matcher(t).replaceAll(" & ");
    }
    if (t.indexOf('-') >= 0) {
      t = DASH.matcher(t).replaceAll(" - ");
    }
    if (!singleSpaced(t)) {
      t = SPACES.matcher(t).replaceAll(" ");
    }
    return t.strip();
  }

  /** Whether {@link #SPACES} leaves {@code t} as it is: no whitespace but lone spaces. */
  private static boolean singleSpaced(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean doubled = c == ' ' && i + 1 < t.length() && t.charAt(i + 1) == ' ';
      if (doubled || isRegexSpace(c)) {
        return false;
      }
    }
    return true;
  }

  private static final char VERTICAL_TAB = 11;

  /** Whitespace to {@link Pattern}'s {@code \s}, the space aside: tab, new line, VT, FF, CR. */
  private static boolean isRegexSpace(char c) {
    return c == '\t' || c == '\n' || c == VERTICAL_TAB || c == '\f' || c == '\r';
  }

  // compiled once: normalize runs for every name the catalog, a baseline or a snapshot holds
  private static final Pattern CUSTOMIZE_MARK = Pattern.compile("\\((\\* ?)?customi[sz]e\\)");
  private static final Pattern AND = Pattern.compile("\\s+and\\s+");
  private static final Pattern DASH = Pattern.compile("\\s*-\\s*");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern TRAILING_PARENTHESIS = Pattern.compile("\\s*\\([^)]*\\)\\s*$");

  /**
   * Resolves a module/function pair to its canonical cell; empty when unknown. Results are
   * memoised: a PSA repeats the same few hundred names in every role, and normalising them with
   * regular expressions on every row would dominate fact assembly.
   */
  public Optional<Cell> resolve(Platform platform, String module, String function) {
    Asked key = new Asked(platform, module, function);
    Optional<Cell> cached = resolved.get(key);
    if (cached != null) {
      return cached;
    }
    Optional<Cell> cell = resolveUncached(platform, module, function);
    if (resolved.size() < MAX_MEMO) {
      resolved.put(key, cell);
    }
    return cell;
  }

  private static final int MAX_MEMO = 20_000;
  private final ConcurrentHashMap<Asked, Optional<Cell>> resolved = new ConcurrentHashMap<>();

  /** A module/function pair as a snapshot names it, the key of the memo. */
  private record Asked(Platform platform, String module, String function) {}

  private Optional<Cell> resolveUncached(Platform platform, String module, String function) {
    if (function == null) {
      return Optional.empty();
    }
    if (platform == Platform.AUTOTASK) {
      Cell cell = atEntities.get(function.strip().toLowerCase(Locale.ROOT));
      if (cell == null) {
        return Optional.empty();
      }
      if (module != null
          && !module.isBlank()
          && !cell.module().equals(atSections.get(normalize(module)))) {
        return Optional.empty();
      }
      return Optional.of(cell);
    }
    if (module == null) {
      return Optional.empty();
    }
    String canonicalModule = cwModules.get(normalize(module));
    if (canonicalModule == null) {
      return Optional.empty();
    }
    String fn = cwFunctions.getOrDefault(canonicalModule, Map.of()).get(normalize(function));
    return fn == null ? Optional.empty() : Optional.of(new Cell(canonicalModule, fn));
  }

  /**
   * The REST API's identifier of a ConnectWise function's "Customize" list ({@code
   * SystemTableSetup}), or null when the function has none.
   */
  public String customizeId(Cell cell) {
    return cwCustomize.get(cell);
  }

  /** Every ConnectWise function with a Customize list, with the REST API's identifier of it. */
  public Map<Cell, String> customizeIds() {
    return cwCustomize;
  }

  /** Canonical module name, or null when unknown. */
  public String module(Platform platform, String module) {
    if (module == null) {
      return null;
    }
    return platform == Platform.AUTOTASK
        ? atSections.get(normalize(module))
        : cwModules.get(normalize(module));
  }

  /** Entities an Autotask guide category covers; empty when the category is unknown. */
  public List<String> categoryEntities(String category) {
    return atCategories.getOrDefault(normalize(category), List.of());
  }

  /** Canonical category name, or null when unknown. */
  public String category(String category) {
    return atCategoryNames.get(normalize(category));
  }

  /** The canonical category names. */
  public Set<String> categories() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(atCategoryNames.values()));
  }

  /** The entities an Autotask security-level section governs; empty when the section is unknown. */
  public List<String> sectionEntities(String section) {
    String canonical = section == null ? null : atSections.get(normalize(section));
    return canonical == null ? List.of() : atSectionEntities.getOrDefault(canonical, List.of());
  }

  /**
   * The canonical name of a setting of an Autotask section, or null when the section has no such
   * setting. The words before a colon ("Feature Access: ", "Object Permissions: ") and a trailing
   * parenthesis may be left out, and a setting that names several rows ("Project Notes; Task
   * Notes", "Products / Items") is found by any of them.
   */
  public String setting(String section, String setting) {
    String canonical = section == null ? null : atSections.get(normalize(section));
    if (canonical == null || setting == null) {
      return null;
    }
    String want = normalize(setting);
    for (String s : atSettingEntities.getOrDefault(canonical, Map.of()).keySet()) {
      if (settingNames(s).contains(want)) {
        return s;
      }
    }
    return null;
  }

  /** The settings of an Autotask section, in catalog order (empty when the section is unknown). */
  public List<String> settings(String section) {
    String canonical = section == null ? null : atSections.get(normalize(section));
    return canonical == null
        ? List.of()
        : List.copyOf(atSettingEntities.getOrDefault(canonical, Map.of()).keySet());
  }

  /** The entities one setting of a section governs; empty when either is unknown. */
  public List<String> settingEntities(String section, String setting) {
    String canonical = section == null ? null : atSections.get(normalize(section));
    String s = setting(section, setting);
    return s == null ? List.of() : List.copyOf(atSettingEntities.get(canonical).get(s));
  }

  private static Set<String> settingNames(String setting) {
    Set<String> names = new LinkedHashSet<>();
    names.add(normalize(setting));
    for (String part : setting.split(";")) {
      String p = part.strip();
      List<String> forms = new ArrayList<>(List.of(p));
      int colon = p.indexOf(':');
      if (colon >= 0) {
        forms.add(p.substring(colon + 1).strip());
      }
      for (String f : List.copyOf(forms)) {
        forms.add(TRAILING_PARENTHESIS.matcher(f).replaceAll(""));
      }
      for (String f : List.copyOf(forms)) {
        if (f.contains("/")) {
          for (String piece : f.split("/")) {
            forms.add(piece.strip());
          }
        }
      }
      for (String f : forms) {
        names.add(normalize(f));
      }
    }
    return names;
  }

  /** The Autotask section of an entity, or null. */
  public String sectionOf(String entity) {
    Cell c = atEntities.get(entity.toLowerCase(Locale.ROOT));
    return c == null ? null : c.module();
  }

  /**
   * The row of its security-level section an admin changes to grant or revoke access to an Autotask
   * entity ("Object Permissions: Tickets"), or null when the entity is unknown.
   */
  public String settingOf(String entity) {
    return entity == null ? null : atSettings.get(entity.strip().toLowerCase(Locale.ROOT));
  }

  /** The canonical name of an Autotask REST entity (any case), or null when unknown. */
  public String entity(String entity) {
    Cell c = entity == null ? null : atEntities.get(entity.strip().toLowerCase(Locale.ROOT));
    return c == null ? null : c.function();
  }

  /**
   * The cells a fetch and the simulators work through one by one: every ConnectWise function, and
   * the Autotask entities the catalog's {@code probe} list names (asking the PSA about all of them
   * one request at a time would cost hundreds of requests per API user). {@link #known} has every
   * cell.
   */
  public List<Cell> cells(Platform platform) {
    return platform == Platform.AUTOTASK ? atProbed : cwCells;
  }

  /**
   * Every cell the catalog knows on a platform, in catalog order: each ConnectWise module/function
   * and each Autotask section/entity of the vendor's REST API.
   */
  public List<Cell> known(Platform platform) {
    return platform == Platform.AUTOTASK ? atCells : cwCells;
  }

  /** Canonical names of the modules of a platform. */
  public Set<String> modules(Platform platform) {
    return new LinkedHashSet<>(
        platform == Platform.AUTOTASK ? atSectionEntities.keySet() : cwFunctions.keySet());
  }

  /** Canonical function names of a ConnectWise module (empty when the module is unknown). */
  public Set<String> functions(String module) {
    String canonical = module == null ? null : cwModules.get(normalize(module));
    return canonical == null ? Set.of() : new LinkedHashSet<>(cwFunctions.get(canonical).values());
  }
}
