package dev.psapolicy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference pages (docs/reference/) and the generated regions of hand-written pages (README's
 * exit codes) are what {@link ReferenceDocs} makes from the code. With {@code
 * -Dpsa.docs.write=true} the test writes them instead of comparing.
 */
class ReferenceDocsTest {
  private static final boolean WRITE = Boolean.getBoolean("psa.docs.write");

  private static String stale(Path file) {
    return file
        + " is not what the code makes of it: regenerate with `"
        + ReferenceDocs.REGENERATE
        + "` and review the diff";
  }

  @TestFactory
  Stream<DynamicTest> everyReferencePageIsTheGeneratedOne() {
    return ReferenceDocs.pages().entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey().toString(), () -> compareOrWrite(e.getKey(), e.getValue())));
  }

  @TestFactory
  Stream<DynamicTest> everyGeneratedRegionIsTheGeneratedOne() {
    return ReferenceDocs.regions().stream()
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.file() + " (" + r.name() + ")",
                    () -> {
                      String text = Files.readString(r.file());
                      int begin = text.indexOf(r.begin());
                      int end = text.indexOf(r.end());
                      assertTrue(
                          begin >= 0 && end > begin,
                          r.file() + " lacks the lines\n" + r.begin() + "...\n" + r.end());
                      int from = begin + r.begin().length();
                      String expected = text.substring(0, from) + r.content() + text.substring(end);
                      compareOrWrite(r.file(), expected);
                    }));
  }

  /** No page lies in docs/reference/ that the generator does not make. */
  @Test
  void nothingElseLiesInTheReferenceFolder() throws IOException {
    if (WRITE) {
      return;
    }
    try (Stream<Path> files = Files.list(ReferenceDocs.REFERENCE)) {
      List<Path> present = files.sorted().toList();
      assertEquals(
          ReferenceDocs.pages().keySet().stream().sorted().toList(),
          present,
          "docs/reference/ holds only generated pages");
    }
  }

  private static void compareOrWrite(Path file, String expected) throws IOException {
    if (WRITE) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, expected, StandardCharsets.UTF_8);
      return;
    }
    assertTrue(Files.exists(file), stale(file));
    assertEquals(expected, Files.readString(file), stale(file));
  }
}
