package dev.psapolicy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.psapolicy.facts.Grant;
import dev.psapolicy.vocabulary.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The assembler's grants are a list that makes each grant when read: it must behave as the list of
 * those grants would, never change, and group by principal as a list of records does.
 */
class GrantTableTest {
  @ParameterizedTest
  @EnumSource(Platform.class)
  void theTableIsTheImmutableListOfItsGrants(Platform platform) throws Exception {
    FactSet facts = InertGrantsTest.facts(platform, 17);
    List<Grant> table = assertInstanceOf(GrantTable.class, facts.grants());
    List<Grant> copy = new ArrayList<>(table);

    assertEquals(copy, table);
    assertEquals(table, copy);
    assertEquals(copy.hashCode(), table.hashCode());
    assertEquals(copy.get(3), table.get(3));
    assertNotSame(table.get(3), table.get(3), "made on each read");
    assertThrows(IndexOutOfBoundsException.class, () -> table.get(table.size()));
    assertThrows(IndexOutOfBoundsException.class, () -> table.get(-1));
    assertThrows(UnsupportedOperationException.class, () -> table.add(copy.get(0)));
    assertThrows(UnsupportedOperationException.class, () -> table.set(0, copy.get(1)));
    assertThrows(UnsupportedOperationException.class, () -> table.remove(0));
    // a FactSet keeps the table as it is, and groups it as it groups the records
    FactSet same = new FactSet(facts.principals(), copy, facts.assignments(), List.of(), List.of());
    Map<String, List<Grant>> grouped = facts.grantsByPrincipal();
    assertEquals(same.grantsByPrincipal(), grouped);
    assertEquals(facts.principals().size(), grouped.size());
  }
}
