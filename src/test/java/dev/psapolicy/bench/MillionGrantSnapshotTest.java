package dev.psapolicy.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.source.snapshot.SnapshotReader;
import dev.psapolicy.source.snapshot.SnapshotWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's 1M-grant snapshot (10,000 principals x 100 grants) is within the input limits as
 * JSON, as psa-policy writes it, and as YAML: what psa-policy writes it reads back.
 */
class MillionGrantSnapshotTest {
  @TempDir Path dir;

  @Test
  void theMillionGrantSnapshotReadsBackAsJsonAndAsYaml() throws Exception {
    BaselineSet set = BaselineSet.of(new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn());
    Snapshot million = BenchData.snapshot("m", 10_000, set.get("hatz-ai-connectwise"), 7);
    byte[] json = SnapshotWriter.toJson(million);
    Path jsonFile = Files.write(dir.resolve("1m-grants.json"), json);
    Path yamlFile =
        Files.write(
            dir.resolve("1m-grants.yaml"),
            new YAMLMapper().writeValueAsBytes(new ObjectMapper().readTree(json)));

    Snapshot fromJson = SnapshotReader.read(jsonFile);
    Snapshot fromYaml = SnapshotReader.read(yamlFile);
    assertEquals(
        1_000_000, fromJson.principals().stream().mapToInt(p -> p.grants().size() * 4).sum());
    assertArrayEquals(json, SnapshotWriter.toJson(fromJson));
    assertArrayEquals(json, SnapshotWriter.toJson(fromYaml));
  }
}
