package dev.psapolicy.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read from the jar's zip file, a bundled resource has the bytes the class loader gives for it; a
 * folder entry or a name the jar lacks reads as absent (so {@link Bundled#read} asks the class
 * loader).
 */
class BundledJarTest {
  @TempDir Path dir;

  /** Every resource the build's index lists, with its pre-parsed tree when it has one. */
  private static Map<String, byte[]> indexed() throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put(Bundled.INDEX, fromClassLoader(Bundled.INDEX));
    String index = new String(out.get(Bundled.INDEX), StandardCharsets.UTF_8);
    for (String name : index.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      out.put(name, fromClassLoader(name));
      byte[] node = fromClassLoader(name + ".node");
      if (node != null) {
        out.put(name + ".node", node);
      }
    }
    return out;
  }

  private static byte[] fromClassLoader(String name) throws IOException {
    try (InputStream in = Bundled.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  @Test
  void everyIndexedResourceReadsTheSameFromTheJar() throws IOException {
    Map<String, byte[]> resources = indexed();
    List<String> names = new ArrayList<>(resources.keySet());
    assertFalse(names.size() < 40, "the index lists the bundled baselines and rules: " + names);
    Path jar = dir.resolve("bundled.jar");
    try (OutputStream os = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      zip.putNextEntry(new ZipEntry("dev/psapolicy/baselines/"));
      zip.closeEntry();
      for (String name : names) {
        assertNotNull(resources.get(name), name);
        zip.putNextEntry(new ZipEntry(name));
        zip.write(resources.get(name));
        zip.closeEntry();
      }
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (String name : names) {
        assertArrayEquals(resources.get(name), Bundled.entry(zip, name), name);
      }
      assertNull(Bundled.entry(zip, "dev/psapolicy/baselines/"), "a folder is no file");
      assertNull(Bundled.entry(zip, "dev/psapolicy/baselines"), "nor its name without a slash");
      assertNull(Bundled.entry(zip, "dev/psapolicy/no-such.yaml"));
    }
  }

  @Test
  void readFallsBackToTheClassLoaderOutsideAJar() throws IOException {
    // the tests run from class folders: every read comes from the class loader, byte for byte
    for (Map.Entry<String, byte[]> e : indexed().entrySet()) {
      assertArrayEquals(e.getValue(), Bundled.read(e.getKey()), e.getKey());
    }
    assertNull(Bundled.read("dev/psapolicy/no-such.yaml"));
  }
}
