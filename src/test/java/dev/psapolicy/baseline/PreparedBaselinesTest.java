package dev.psapolicy.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The baselines a run makes from the build's preparation are the baselines of the bundled files:
 * header, hash, recognition and rows. A file changed without the preparation being made again fails
 * here.
 */
class PreparedBaselinesTest {
  /**
   * Rows as the files give them: a decoded preparation compares whole with the files' baselines.
   */
  private static PreparedBaselines.Rows filesRows(List<Baseline> files) {
    return (in, resource, platform) ->
        files.stream().filter(f -> f.input().equals(in)).findFirst().orElseThrow()::rows;
  }

  private static List<Baseline> fromFiles() throws Exception {
    return new BaselineLoader(PermissionCatalog.builtIn()).readBundledFiles();
  }

  @Test
  void theBuildsPreparationIsTheBaselinesOfTheFiles() throws Exception {
    byte[] bundled = Bundled.read(PreparedBaselines.RESOURCE);
    assertNotNull(bundled, "the build prepares the baselines");
    List<Baseline> files = fromFiles();
    assertTrue(files.size() >= 30, files.size() + " bundled baselines");
    assertArrayEquals(PreparedBaselines.encode(files), bundled, "the same bytes as the files give");

    List<Baseline> prepared = new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn();
    assertEquals(files, prepared); // every header field, the input (hash included) and the rows
    for (int i = 0; i < files.size(); i++) {
      Baseline b = prepared.get(i);
      assertEquals(files.get(i).recognise(), b.recognise(), b.id());
      assertEquals(files.get(i).input().ref(), b.input().ref(), b.id());
      String name = b.input().path().substring("baselines/".length());
      byte[] bytes = Bundled.read(BaselineLoader.BUNDLED_DIR + "/" + name);
      assertEquals(Hashes.sha256(bytes), b.input().sha256(), "the hash of " + b.file());
      assertArrayEquals(bytes, b.input().bytes(), b.id());
    }
  }

  @Test
  void aDamagedPreparationIsRefused() throws Exception {
    List<Baseline> files = fromFiles();
    byte[] good = PreparedBaselines.encode(files);
    PreparedBaselines.Rows fromFiles = filesRows(files);
    assertEquals(files, PreparedBaselines.decode(good, fromFiles));
    assertThrows(
        IOException.class,
        () -> PreparedBaselines.decode(Arrays.copyOf(good, good.length / 2), fromFiles));
    assertThrows(
        IOException.class,
        () -> PreparedBaselines.decode(Arrays.copyOf(good, good.length + 1), fromFiles));
    String text = new String(good, StandardCharsets.UTF_8);
    for (String damaged :
        List.of(
            text.replaceFirst("\n20\\d\\d-\\d\\d-\\d\\d\n", "\nyesterday\n"),
            text.replaceFirst("\nconnectwise\n", "\nhalo\n"),
            text.replaceFirst("\n=https:", "\nhttps:"),
            text.replaceFirst("prepared baselines 1", "prepared baselines 2"),
            text.replaceFirst("\nhatz-ai-connectwise.yaml\n", "\nhatz-ai-connectwise.yml\n"),
            "not baselines")) {
      assertThrows(
          IOException.class,
          () -> PreparedBaselines.decode(damaged.getBytes(StandardCharsets.UTF_8), fromFiles),
          damaged.length() > 80 ? damaged.substring(0, 80) : damaged);
    }
  }
}
