package dev.psapolicy.source.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The reader's limits are the same for YAML and JSON (docs/security-model.md, "Inputs"): a snapshot
 * SnakeYAML's default code point limit (3 MB) refused reads as YAML exactly like the same snapshot
 * as JSON.
 */
class SnapshotLimitsTest {
  /** A snapshot of n principals of one grant row each, as YAML or as JSON. */
  static String bigSnapshot(int principals, boolean json) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        json
            ? "{\"formatVersion\": 1, \"platform\": \"connectwise\", \"instance\":"
                + " \"acme.example\", \"principals\": [\n"
            : "formatVersion: 1\nplatform: connectwise\ninstance: acme.example\nprincipals:\n");
    for (int p = 0; p < principals; p++) {
      if (json) {
        sb.append(p == 0 ? "" : ",\n")
            .append("{\"id\": \"")
            .append(1000 + p)
            .append("\", \"name\": \"Sync ")
            .append(p)
            .append("\", \"integrations\": [\"test-sync\"], \"grants\": [{\"module\":")
            .append(" \"Service Desk\", \"function\": \"Service Tickets\", \"add\": \"All\",")
            .append(" \"edit\": \"None\", \"delete\": \"None\", \"inquire\": \"None\"}]}");
      } else {
        sb.append("  - id: \"")
            .append(1000 + p)
            .append("\"\n    name: Sync ")
            .append(p)
            .append("\n    integrations: [test-sync]\n    grants:\n")
            .append("      - { module: Service Desk, function: Service Tickets, add: All,")
            .append(" edit: None, delete: None, inquire: None }\n");
      }
    }
    sb.append(json ? "]}\n" : "");
    return sb.toString();
  }

  private static Snapshot parse(String name, String text) throws Exception {
    return SnapshotReader.parse(
        InputFile.file(InputKind.SNAPSHOT, name, text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aFourMegabyteYamlSnapshotReadsLikeTheSameJson() throws Exception {
    String yaml = bigSnapshot(30_000, false);
    String json = bigSnapshot(30_000, true);
    assertTrue(yaml.length() > 4_000_000, "yaml is " + yaml.length() + " bytes");
    Snapshot fromYaml = parse("big.yaml", yaml);
    Snapshot fromJson = parse("big.json", json);
    assertEquals(30_000, fromYaml.principals().size());
    assertArrayEquals(SnapshotWriter.toJson(fromJson), SnapshotWriter.toJson(fromYaml));
  }
}
