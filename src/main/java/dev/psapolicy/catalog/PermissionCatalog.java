package dev.psapolicy.catalog;

import dev.psapolicy.input.Fields;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Platform;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

  private final Map<String, String> cwModules; // normalised name/alias -> canonical
  private final Map<String, Map<String, String>>
      cwFunctions; // canonical module -> norm -> canonical
  private final List<Cell> cwCells;
  private final Map<String, Cell> atEntities; // lower entity -> cell
  private final Map<String, String> atSettings; // lower entity -> setting
  private final Map<String, String> atSections; // normalised section -> canonical
  private final Map<String, List<String>> atSectionEntities; // canonical section -> entities
  private final Map<String, Map<String, List<String>>> atSettingEntities;
  private final Map<String, List<String>> atCategories; // normalised category -> entities
  private final Map<String, String> atCategoryNames; // normalised category -> canonical
  private final List<Cell> atCells; // every entity
  private final List<Cell> atProbed; // the entities a per-entity fetch asks about

  private PermissionCatalog(
      Map<String, String> cwModules,
      Map<String, Map<String, String>> cwFunctions,
      List<Cell> cwCells,
      Autotask at) {
    this.cwModules = cwModules;
    this.cwFunctions = cwFunctions;
    this.cwCells = List.copyOf(cwCells);
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
            c =
                load(
                    StructuredFiles.readResource(
                        CONNECTWISE_RESOURCE, "baselines/catalog/connectwise-permissions.yaml"),
                    "baselines/catalog/connectwise-permissions.yaml",
                    StructuredFiles.readResource(
                        AUTOTASK_RESOURCE, "baselines/catalog/autotask-entities.yaml"),
                    "baselines/catalog/autotask-entities.yaml");
          } catch (InvalidInputException e) {
            throw new IllegalStateException("bundled catalog is invalid: " + e.getMessage(), e);
          }
          builtIn = c;
        }
      }
    }
    return c;
  }

  /** Loads a catalog from parsed data files. */
  public static PermissionCatalog load(Node cw, String cwFile, Node at, String atFile)
      throws InvalidInputException {
    Problems problems = new Problems();
    Map<String, String> modules = new LinkedHashMap<>();
    Map<String, Map<String, String>> functions = new LinkedHashMap<>();
    List<Cell> cwCells = new ArrayList<>();
    Fields root = Fields.of(cwFile, cw, "the catalog", Set.of("platform", "modules"), problems);
    if (root != null) {
      for (Node m : root.optList("modules")) {
        Fields mf =
            Fields.of(cwFile, m, "a module", Set.of("name", "aliases", "functions"), problems);
        if (mf == null) {
          continue;
        }
        String name = mf.requireText("name");
        if (name == null) {
          continue;
        }
        modules.put(normalize(name), name);
        for (String alias : mf.optTextList("aliases")) {
          modules.put(normalize(alias), name);
        }
        Map<String, String> fns = new LinkedHashMap<>();
        for (Node f : mf.optList("functions")) {
          String fname;
          List<String> aliases = List.of();
          if (f.isScalar()) {
            fname = f.text();
          } else {
            Fields ff = Fields.of(cwFile, f, "a function", Set.of("name", "aliases"), problems);
            if (ff == null) {
              continue;
            }
            fname = ff.requireText("name");
            aliases = ff.optTextList("aliases");
          }
          if (fname == null) {
            continue;
          }
          fns.put(normalize(fname), fname);
          for (String a : aliases) {
            fns.put(normalize(a), fname);
          }
          cwCells.add(new Cell(name, fname));
        }
        functions.put(name, fns);
      }
    }
    Autotask a = autotask(at, atFile, problems);
    problems.throwIfAny();
    return new PermissionCatalog(modules, functions, cwCells, a);
  }

  /** The Autotask half of a catalog while it is read. */
  private static final class Autotask {
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
  }

  private static Autotask autotask(Node at, String atFile, Problems problems) {
    Autotask a = new Autotask();
    Fields root =
        Fields.of(
            atFile,
            at,
            "the catalog",
            Set.of("platform", "probe", "sections", "categories"),
            problems);
    if (root == null) {
      return a;
    }
    if (!root.has("sections")) {
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
      if (a.sections.putIfAbsent(normalize(name), name) != null) {
        problems.add(atFile, sf.raw("name"), "section '" + name + "' is listed twice");
      }
      for (String alias : sf.optTextList("aliases")) {
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
      a.sectionEntities.put(name, List.copyOf(members));
    }
    for (String entity : root.optTextList("probe")) {
      Cell cell = a.entities.get(entity.toLowerCase(Locale.ROOT));
      if (cell == null) {
        problems.add(
            atFile, root.raw("probe"), "probe names entity '" + entity + "' that no section lists");
      } else {
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
      if (a.categoryNames.putIfAbsent(normalize(name), name) != null) {
        problems.add(atFile, cf.raw("name"), "category '" + name + "' is listed twice");
      }
      a.categories.put(normalize(name), List.copyOf(list));
    }
    return a;
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
            .replace('\u2011', '-')
            .replaceAll("\\((\\* ?)?customi[sz]e\\)", "")
            .replace("(sic)", "")
            .replace("*", "")
            .replaceAll("\\s+and\\s+", " & ")
            .replaceAll("\\s*-\\s*", " - ")
            .replaceAll("\\s+", " ")
            .strip();
    return t;
  }

  /**
   * Resolves a module/function pair to its canonical cell; empty when unknown. Results are
   * memoised: a PSA repeats the same few hundred names in every role, and normalising them with
   * regular expressions on every row would dominate fact assembly.
   */
  public Optional<Cell> resolve(Platform platform, String module, String function) {
    String key = platform.id() + '\u001f' + module + '\u001f' + function;
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
  private final ConcurrentHashMap<String, Optional<Cell>> resolved = new ConcurrentHashMap<>();

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
        forms.add(f.replaceAll("\\s*\\([^)]*\\)\\s*$", ""));
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
