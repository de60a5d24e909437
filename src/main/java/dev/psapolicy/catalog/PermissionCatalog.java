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
  private final Map<String, String> atSections; // normalised section -> canonical
  private final Map<String, List<String>> atCategories; // normalised category -> entities
  private final Map<String, String> atCategoryNames; // normalised category -> canonical
  private final List<Cell> atCells;

  private PermissionCatalog(
      Map<String, String> cwModules,
      Map<String, Map<String, String>> cwFunctions,
      List<Cell> cwCells,
      Map<String, Cell> atEntities,
      Map<String, String> atSections,
      Map<String, List<String>> atCategories,
      Map<String, String> atCategoryNames,
      List<Cell> atCells) {
    this.cwModules = cwModules;
    this.cwFunctions = cwFunctions;
    this.cwCells = List.copyOf(cwCells);
    this.atEntities = atEntities;
    this.atSections = atSections;
    this.atCategories = atCategories;
    this.atCategoryNames = atCategoryNames;
    this.atCells = List.copyOf(atCells);
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
    Map<String, Cell> entities = new LinkedHashMap<>();
    Map<String, String> sections = new LinkedHashMap<>();
    Map<String, List<String>> categories = new LinkedHashMap<>();
    Map<String, String> categoryNames = new LinkedHashMap<>();
    List<Cell> atCells = new ArrayList<>();
    Fields aroot =
        Fields.of(
            atFile, at, "the catalog", Set.of("platform", "sections", "categories"), problems);
    if (aroot != null) {
      Node secs = aroot.raw("sections");
      if (secs != null && secs.isMap()) {
        for (Map.Entry<String, Node> e : secs.fields().entrySet()) {
          sections.put(normalize(e.getKey()), e.getKey());
          for (Node ent : e.getValue().items()) {
            Cell cell = new Cell(e.getKey(), ent.text());
            if (entities.put(ent.text().toLowerCase(Locale.ROOT), cell) != null) {
              problems.add(atFile, ent, "entity '" + ent.text() + "' is in two sections");
            }
            atCells.add(cell);
          }
        }
      } else {
        problems.add(atFile, at, "missing mapping 'sections'");
      }
      Node cats = aroot.raw("categories");
      if (cats != null && cats.isMap()) {
        for (Map.Entry<String, Node> e : cats.fields().entrySet()) {
          List<String> list = new ArrayList<>();
          for (Node ent : e.getValue().items()) {
            Cell cell = entities.get(ent.text().toLowerCase(Locale.ROOT));
            if (cell == null) {
              problems.add(
                  atFile,
                  ent,
                  "category '"
                      + e.getKey()
                      + "' names entity '"
                      + ent.text()
                      + "' that no section lists");
            } else {
              list.add(cell.function());
            }
          }
          categories.put(normalize(e.getKey()), List.copyOf(list));
          categoryNames.put(normalize(e.getKey()), e.getKey());
        }
      }
    }
    problems.throwIfAny();
    return new PermissionCatalog(
        modules, functions, cwCells, entities, sections, categories, categoryNames, atCells);
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

  /** The Autotask section of an entity, or null. */
  public String sectionOf(String entity) {
    Cell c = atEntities.get(entity.toLowerCase(Locale.ROOT));
    return c == null ? null : c.module();
  }

  /** Every known cell of a platform, in catalog order. */
  public List<Cell> cells(Platform platform) {
    return platform == Platform.AUTOTASK ? atCells : cwCells;
  }

  /** Canonical names of the modules of a platform. */
  public Set<String> modules(Platform platform) {
    return new LinkedHashSet<>(
        platform == Platform.AUTOTASK ? atSections.values() : functions().keySet());
  }

  private Map<String, Map<String, String>> functions() {
    return cwFunctions;
  }
}
