package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User catalog files ({@code --catalog}, the config's {@code catalog}): they make names known to
 * hand-written baselines and snapshots, they are inputs of the run, and they can never make a known
 * grant read as another.
 */
class CatalogCliTest {
  @TempDir Path dir;

  static final String CATALOG =
      """
      platform: connectwise
      modules:
        - name: System
          functions: [Brand New Screen]
      """;

  static final String BASELINE =
      """
      id: acme-screens
      platform: connectwise
      title: Screens sync
      source: https://example.com/screens
      retrieved: 2026-11-01
      rows:
        - { module: System, function: Brand New Screen, inquire: All }
        - { module: System, function: Member Maintenance, inquire: All }
      """;

  static final String SNAPSHOT =
      """
      formatVersion: 1
      platform: connectwise
      instance: acme.example
      principals:
        - id: "301"
          name: Screens Sync
          integrations: [acme-screens]
          grants:
            - { module: System, function: Brand New Screen, add: All, edit: None, delete: None, inquire: All }
            - { module: System, function: Member Maintenance, add: None, edit: None, delete: None, inquire: All }
      """;

  private void write(String path, String text) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private Cli.Result run(String... args) {
    return new Cli(dir).run(args);
  }

  @Test
  void withoutTheCatalogTheNewNameIsAnInputErrorWithItTheGrantIsJudged() throws IOException {
    write("catalog.yaml", CATALOG);
    write("screens.yaml", BASELINE);
    write("s.yaml", SNAPSHOT);

    Cli.Result without = run("check", "--snapshot", "s.yaml", "--baseline", "screens.yaml");
    assertEquals(3, without.exit(), without.err());
    assertEquals(
        "screens.yaml:7:33: unknown function 'Brand New Screen' in module 'System'\n",
        without.err());

    Cli.Result with =
        run(
            "check",
            "--snapshot",
            "s.yaml",
            "--baseline",
            "screens.yaml",
            "--catalog",
            "catalog.yaml",
            "--format",
            "json");
    assertEquals(1, with.exit(), with.err());
    JsonNode report = new ObjectMapper().readTree(with.out());
    assertEquals(1, report.path("violations").size(), with.out());
    JsonNode v = report.path("violations").get(0);
    assertEquals("PSA-OVERGRANT-ADD", v.path("ruleId").asText());
    assertEquals("Brand New Screen", v.path("function").asText());
    boolean listed = false;
    for (JsonNode in : report.path("run").path("inputs")) {
      listed |=
          in.path("kind").asText().equals("catalog")
              && in.path("name").asText().equals("catalog.yaml");
    }
    assertTrue(listed, "the catalog file is an input of the run: " + report.path("run"));
  }

  @Test
  void theConfigNamesCatalogFilesAsWell() throws IOException {
    write("policy/catalog.yaml", CATALOG);
    write("policy/screens.yaml", BASELINE);
    write("s.yaml", SNAPSHOT);
    write(
        "psa-policy.yaml",
        """
        catalog: [policy/catalog.yaml]
        baselineFiles: [policy/screens.yaml]
        """);
    Cli.Result r = run("check", "--snapshot", "s.yaml");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains("System / Brand New Screen add All (allowed None)"), r.out());
    assertTrue(r.out().contains("catalog policy/catalog.yaml sha256:"), r.out());
  }

  @Test
  void aCatalogThatMovesANameStopsTheRunAtItsPlace() throws IOException {
    write(
        "evil.yaml",
        """
        platform: connectwise
        modules:
          - name: System
            functions:
              - { name: Harmless, aliases: [Member Maintenance] }
        """);
    write("s.yaml", SNAPSHOT);
    Cli.Result r = run("check", "--snapshot", "s.yaml", "--catalog", "evil.yaml");
    assertEquals(3, r.exit(), r.err());
    assertEquals(
        "evil.yaml:5:17: alias 'Member Maintenance' already names the function 'Member"
            + " Maintenance'; a catalog file may add names, not move them\n",
        r.err());
    assertEquals("", r.out());
  }

  @Test
  void restatingTheBuiltInCatalogChangesNoVerdict() throws IOException {
    Files.copy(Path.of("baselines/catalog/connectwise-permissions.yaml"), dir.resolve("cw.yaml"));
    Files.copy(Path.of("baselines/catalog/autotask-entities.yaml"), dir.resolve("at.yaml"));
    Cli.Result plain = run("check", "--demo", "--format", "json");
    Cli.Result restated =
        run("check", "--demo", "--catalog", "cw.yaml", "--catalog", "at.yaml", "--format", "json");
    assertEquals(plain.exit(), restated.exit(), restated.err());
    ObjectMapper m = new ObjectMapper();
    assertEquals(
        m.readTree(plain.out()).path("violations"), m.readTree(restated.out()).path("violations"));
    assertFalse(m.readTree(plain.out()).path("violations").isEmpty());
  }

  @Test
  void validateMergesTheCatalogFilesItFindsBeforeTheBaselinesThatNameThem() throws IOException {
    write("policy/catalog.yaml", CATALOG);
    write("policy/screens.yaml", BASELINE);
    Cli.Result r = run("validate", "policy");
    assertEquals(0, r.exit(), r.err());
    assertEquals("valid: 1 catalog, 1 baseline\n", r.out());

    Cli.Result alone = run("validate", "policy/screens.yaml");
    assertEquals(3, alone.exit());
    Cli.Result given = run("validate", "policy/screens.yaml", "--catalog", "policy/catalog.yaml");
    assertEquals(0, given.exit(), given.err());

    write("psa-policy.yaml", "catalog: [policy/catalog.yaml]\n");
    Cli.Result fromConfig = run("validate", "policy/screens.yaml");
    assertEquals(0, fromConfig.exit(), fromConfig.err());
  }
}
