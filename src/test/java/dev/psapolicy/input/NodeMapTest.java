package dev.psapolicy.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A parsed map answers the same whether it is searched by a scan (up to 16 keys) or through its
 * index (more): file order, lookups, key positions, and a repeated key reported where it stands.
 */
class NodeMapTest {
  /** A JSON object of {@code keys} keys k0..kN, one per line, with k1 repeated at the end. */
  private static String object(int keys) {
    StringBuilder sb = new StringBuilder("{\n");
    for (int i = 0; i < keys; i++) {
      sb.append("  \"k").append(i).append("\": ").append(i).append(",\n");
    }
    return sb.append("  \"k1\": \"again\"\n}\n").toString();
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 16, 17, 40, 5_000})
  void lookupsOrderAndPositionsAgreeAtEverySize(int keys) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> StructuredFiles.parse(object(keys), "m.json", true));
    assertEquals(
        List.of("m.json:" + (keys + 2) + ":3: duplicate key 'k1'"),
        e.problems().stream().map(InputProblem::toString).toList());
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 16, 17, 40, 5_000})
  void aMapOfAnySizeIsReadInFileOrder(int keys) throws Exception {
    String text = object(keys).replace(",\n  \"k1\": \"again\"", "");
    Node map = StructuredFiles.parse(text, "m.json", true);
    List<String> order = new ArrayList<>(map.fields().keySet());
    assertEquals(keys, order.size());
    assertEquals("k0", order.get(0));
    assertEquals("k" + (keys - 1), order.get(keys - 1));
    for (int i = 0; i < keys; i += Math.max(1, keys / 7)) {
      assertEquals(String.valueOf(i), map.get("k" + i).text());
      assertEquals(i + 2, map.keyNode("k" + i).line());
      assertEquals(3, map.keyNode("k" + i).column());
      assertTrue(map.fields().containsKey("k" + i));
    }
    assertNull(map.get("k" + keys));
    assertNull(map.keyNode("nope"));
    assertFalse(map.fields().containsKey("nope"));
  }
}
