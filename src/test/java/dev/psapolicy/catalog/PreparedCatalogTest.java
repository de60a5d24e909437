package dev.psapolicy.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.StructuredFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalog a run reads from the build's preparation is the catalog of the data files: every map
 * and list, in order. A data file changed without the preparation being made again fails here.
 */
class PreparedCatalogTest {
  /** Every field of a catalog, each as itself (content) and as text (order). */
  private static List<Object> state(PermissionCatalog c) {
    List<Object> fields =
        List.of(
            c.cwModules,
            c.cwFunctions,
            c.cwCells,
            c.cwCustomize,
            c.atEntities,
            c.atSettings,
            c.atSections,
            c.atSectionEntities,
            c.atSettingEntities,
            c.atCategories,
            c.atCategoryNames,
            c.atCells,
            c.atProbed);
    return List.of(fields, fields.subList(0, 3).toString(), fields.subList(4, 13).toString());
  }

  @Test
  void theBuildsPreparationIsTheCatalogOfTheDataFiles() throws Exception {
    byte[] bundled = Bundled.read(PreparedCatalog.RESOURCE);
    assertNotNull(bundled, "the build prepares the catalog");
    PermissionCatalog files = PermissionCatalog.fromDataFiles();
    assertEquals(state(files), state(PreparedCatalog.decode(bundled)));
    assertEquals(state(files), state(PermissionCatalog.builtIn()));
    assertArrayEquals(PreparedCatalog.encode(files), bundled, "the same bytes, build after build");
    assertTrue(
        files.cwCells.size() > 50 && files.atCells.size() > 150,
        "a whole catalog: " + files.cwCells.size() + " + " + files.atCells.size());
  }

  @Test
  void anExtendedCatalogComesBackAsItWas() throws Exception {
    PermissionCatalog extended =
        PermissionCatalog.builtIn()
            .extendedBy(
                StructuredFiles.parse(
                    "platform: connectwise\nmodules:\n  - name: Acme Module\n    aliases: [Acme]\n"
                        + "    functions:\n      - name: Widgets\n        aliases: [Gadgets]\n",
                    "acme.yaml",
                    false),
                "acme.yaml");
    assertEquals(state(extended), state(PreparedCatalog.decode(PreparedCatalog.encode(extended))));
  }

  @Test
  void aDamagedPreparationIsRefused() throws Exception {
    byte[] good = PreparedCatalog.encode(PermissionCatalog.fromDataFiles());
    assertThrows(
        IOException.class, () -> PreparedCatalog.decode(Arrays.copyOf(good, good.length / 2)));
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThrows(IOException.class, () -> PreparedCatalog.decode(longer));
    byte[] other = good.clone();
    other[5] ^= 0x20; // a letter of the format's name
    assertThrows(IOException.class, () -> PreparedCatalog.decode(other));
    assertThrows(
        IOException.class,
        () -> PreparedCatalog.decode("not a catalog".getBytes(StandardCharsets.UTF_8)));
  }
}
