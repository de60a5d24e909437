package dev.psapolicy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every format of every fixture, byte for byte. Regenerate after an intended change with {@code mvn
 * -B -q test -Dtest=GoldenFilesTest -Dgolden.update=true} and review the diff.
 */
class GoldenFilesTest {
  static final Map<String, String> EXTENSIONS =
      Map.of(
          "text",
          "txt",
          "json",
          "json",
          "sarif",
          "sarif",
          "junit",
          "junit.xml",
          "markdown",
          "md",
          "csv",
          "csv",
          "html",
          "html");

  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String fixture : ReportFixtures.names()) {
      for (String format : Renderers.names()) {
        out.add(Arguments.of(fixture, format));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("cases")
  void matchesTheGoldenFile(String fixture, String format) throws IOException {
    String ext = EXTENSIONS.get(format);
    assertNotNull(ext, "no golden extension for format " + format);
    String resource = "golden/" + fixture + "." + ext;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Renderers.byName(format).render(ReportFixtures.get(fixture), out);
    String actual = out.toString(StandardCharsets.UTF_8);
    // read from the source tree, not the class path, so that an update is compared at once
    Path file = Path.of("src/test/resources/dev/psapolicy/render", resource);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertTrue(
        Files.exists(file),
        "missing golden file " + file + " (run with -Dgolden.update=true to create it)");
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    assertEquals(expected, actual, "rendering differs from " + file);
  }
}
