package dev.psapolicy.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trees the build pre-parsed are the trees parsing the bundled YAML gives, positions and all.
 */
class BundledNodesTest {
  static List<String> bundled() {
    List<String> out = new ArrayList<>();
    for (String dir : BundledNodes.FOLDERS) {
      Bundled.list(dir, ".yaml").forEach(n -> out.add(dir + "/" + n));
    }
    if (out.stream().noneMatch(r -> r.contains("/catalog/"))) {
      out.add("dev/psapolicy/baselines/catalog/connectwise-permissions.yaml");
      out.add("dev/psapolicy/baselines/catalog/autotask-entities.yaml");
    }
    return out;
  }

  /** Everything a loader can see of a node: kind, position, text, string-ness, keys, children. */
  static String dump(Node n) {
    StringBuilder sb = new StringBuilder();
    dump(n, sb);
    return sb.toString();
  }

  private static void dump(Node n, StringBuilder sb) {
    sb.append(n.kind()).append('@').append(n.line()).append(':').append(n.column());
    switch (n.kind()) {
      case SCALAR -> sb.append(n.isString() ? " s'" : " v'").append(n.text()).append('\'');
      case MAP -> {
        sb.append('{');
        for (Map.Entry<String, Node> e : n.fields().entrySet()) {
          dump(n.keyNode(e.getKey()), sb);
          sb.append('=');
          dump(e.getValue(), sb);
          sb.append(',');
        }
        sb.append('}');
      }
      case LIST -> {
        sb.append('[');
        n.items().forEach(i -> dump(i, sb.append(',')));
        sb.append(']');
      }
      case NULL -> sb.append(" null");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundled")
  void thePreParsedTreeIsTheParsedOne(String resource) throws Exception {
    byte[] yaml = Bundled.read(resource);
    byte[] tree = Bundled.read(resource + StructuredFiles.PARSED_SUFFIX);
    assertNotNull(tree, "the build pre-parses " + resource);
    Node decoded = NodeCodec.decode(tree, Hashes.sha256(yaml));
    assertNotNull(decoded, "made from these very bytes");
    Node parsed = StructuredFiles.parse(new String(yaml, StandardCharsets.UTF_8), resource, false);
    assertEquals(dump(parsed), dump(decoded));
  }

  @Test
  void aTreeMadeFromOtherBytesIsNeverUsed() throws Exception {
    String resource = "dev/psapolicy/baselines/rewst-connectwise.yaml";
    byte[] yaml = Bundled.read(resource);
    byte[] tree = Bundled.read(resource + StructuredFiles.PARSED_SUFFIX);
    byte[] edited =
        new String(yaml, StandardCharsets.UTF_8)
            .replace("inquire: All", "inquire: None")
            .getBytes(StandardCharsets.UTF_8);
    assertNull(NodeCodec.decode(tree, Hashes.sha256(edited)), "bound to the bytes it came from");
    // parseBundled then parses the bytes it was given: what is read is always those bytes
    InputFile file = InputFile.of(InputKind.BASELINE, Origin.BUILT_IN, "x.yaml", null, edited);
    assertEquals(
        dump(StructuredFiles.parse(new String(edited, StandardCharsets.UTF_8), "x.yaml", false)),
        dump(StructuredFiles.parseBundled(file, resource, "x.yaml")));
    assertNull(NodeCodec.decode(new byte[] {1, 2, 3}, Hashes.sha256(yaml)), "not a tree at all");
  }
}
