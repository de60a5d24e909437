package dev.psapolicy.run;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.source.autotask.AutotaskOptions;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Platform;
import java.util.ArrayList;
import java.util.List;

/** The Autotask entities a fetch asks about: every Autotask cell of the catalog. */
public final class AutotaskEntities {
  private AutotaskEntities() {}

  /** The entities of the built-in catalog, in catalog order. */
  public static List<AutotaskOptions.Entity> ofCatalog() {
    List<AutotaskOptions.Entity> out = new ArrayList<>();
    for (Cell c : PermissionCatalog.builtIn().cells(Platform.AUTOTASK)) {
      out.add(new AutotaskOptions.Entity(c.module(), c.function()));
    }
    return out;
  }
}
