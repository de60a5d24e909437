package dev.psapolicy.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A user's catalog file merged over the built-in catalog. Each fixture in {@code
 * src/test/resources/dev/psapolicy/catalog/extensions/} states its expectations in its own
 * comments: {@code # expect: valid} or one {@code # expect: file:line:col: message} per problem,
 * {@code # resolves: platform | module | function -> Module / Function} for names the merged
 * catalog must know, and {@code # category: Name -> Entity, ...}.
 */
class CatalogExtensionTest {
  static final Path FIXTURES = Path.of("src/test/resources/dev/psapolicy/catalog/extensions");

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> s = Files.list(FIXTURES)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  private static List<String> comments(String name, String prefix) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(FIXTURES.resolve(name), StandardCharsets.UTF_8)) {
      if (line.startsWith("# " + prefix + ": ")) {
        out.add(line.substring(prefix.length() + 4));
      }
    }
    return out;
  }

  private static PermissionCatalog extend(String name) throws Exception {
    return PermissionCatalog.builtIn()
        .extendedBy(StructuredFiles.read(FIXTURES.resolve(name), name), name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void eachFixtureMeetsItsExpectations(String name) throws Exception {
    List<String> expected = comments(name, "expect");
    assertFalse(expected.isEmpty(), name + " states no expectation");
    if (expected.equals(List.of("valid"))) {
      PermissionCatalog c = extend(name);
      for (String r : comments(name, "resolves")) {
        String[] parts = r.split(" -> ");
        String[] in = parts[0].split("\\|", -1);
        Platform platform = Platform.parse(in[0].strip());
        String module = in[1].strip().isEmpty() ? null : in[1].strip();
        Cell cell =
            c.resolve(platform, module, in[2].strip())
                .orElseThrow(() -> new AssertionError(name + ": does not resolve " + r));
        assertEquals(parts[1].strip(), cell.module() + " / " + cell.function(), r);
      }
      for (String r : comments(name, "category")) {
        String[] parts = r.split(" -> ");
        assertEquals(
            List.of(parts[1].strip().split(",\\s*")), c.categoryEntities(parts[0].strip()), r);
      }
    } else {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> extend(name));
      assertEquals(
          expected,
          e.problems().stream().sorted(InputProblem.ORDER).map(InputProblem::toString).toList());
    }
  }

  @Test
  void theBuiltInCatalogFilesMergedOverThemselvesChangeNothing() throws Exception {
    PermissionCatalog base = PermissionCatalog.builtIn();
    PermissionCatalog c =
        base.extendedBy(
                StructuredFiles.read(
                    Path.of("baselines/catalog/connectwise-permissions.yaml"), "cw.yaml"),
                "cw.yaml")
            .extendedBy(
                StructuredFiles.read(
                    Path.of("baselines/catalog/autotask-entities.yaml"), "at.yaml"),
                "at.yaml");
    for (Platform p : Platform.values()) {
      assertEquals(base.known(p), c.known(p), p.id());
      assertEquals(base.cells(p), c.cells(p), p.id());
      assertEquals(base.modules(p), c.modules(p), p.id());
    }
    for (String category : base.categories()) {
      assertEquals(base.categoryEntities(category), c.categoryEntities(category), category);
    }
  }

  @Test
  void extendingLeavesTheCatalogItExtendsAsItWas() throws Exception {
    PermissionCatalog base = PermissionCatalog.builtIn();
    int before = base.known(Platform.CONNECTWISE).size();
    PermissionCatalog c = extend("cw-adds-functions-modules-aliases.yaml");
    assertEquals(before, base.known(Platform.CONNECTWISE).size());
    assertNotEquals(before, c.known(Platform.CONNECTWISE).size());
    assertTrue(base.resolve(Platform.CONNECTWISE, "System", "Brand New Screen").isEmpty());
  }
}
