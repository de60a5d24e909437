package dev.psapolicy.validate;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import java.nio.file.Path;
import java.util.List;

/**
 * Permission catalog files: a mapping with {@code platform} and {@code modules} (ConnectWise) or
 * {@code sections} / {@code categories} (Autotask), and nothing a baseline or snapshot has. Each is
 * merged over the catalog as a run would merge it (so the rules of {@link
 * PermissionCatalog#extendedBy} apply), and the baselines, snapshots and cases validated after it
 * may name what it adds.
 */
final class CatalogValidator implements FileValidator {
  @Override
  public String kind() {
    return "catalog";
  }

  @Override
  public boolean accepts(Path file, Node root) {
    return isCatalog(root);
  }

  /** The one test for "this is a catalog file". */
  static boolean isCatalog(Node root) {
    return root != null
        && root.isMap()
        && root.get("platform") != null
        && (root.get("modules") != null
            || root.get("sections") != null
            || root.get("categories") != null)
        && root.get("rows") == null
        && root.get("principals") == null;
  }

  @Override
  public void validate(List<Target> files, Validation v) {
    for (Target t : files) {
      try {
        v.extendCatalog(v.catalog().extendedBy(t.root(), t.display()));
      } catch (InvalidInputException e) {
        v.addAll(e.problems());
      }
    }
    v.count("catalog", files.size());
  }
}
