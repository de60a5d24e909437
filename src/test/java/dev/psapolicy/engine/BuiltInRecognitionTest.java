package dev.psapolicy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Assignment.Origin;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in {@code recognise:} patterns do not collide: an API user named after a built-in
 * baseline's product is recognised by exactly one baseline, that product's primary one (the one of
 * its product and platform that carries {@code recognise:}; there is exactly one), and never by
 * another product's.
 */
class BuiltInRecognitionTest {
  private static BaselineSet baselines;

  @BeforeAll
  static void load() throws Exception {
    baselines = BaselineSet.of(new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn());
  }

  static Stream<String> ids() throws Exception {
    load();
    return baselines.all().stream().map(Baseline::id);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ids")
  void anApiUserNamedAfterTheProductIsRecognisedByItsPrimaryBaseline(String id) {
    Baseline b = baselines.get(id);
    List<Baseline> primaries =
        baselines.all().stream()
            .filter(x -> x.platform() == b.platform() && x.product().equals(b.product()))
            .filter(x -> !x.recognise().isEmpty())
            .toList();
    assertEquals(1, primaries.size(), id + ": one baseline of its product carries recognise:");
    String compact = b.product().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    SnapshotPrincipal p =
        new SnapshotPrincipal(
            "1",
            b.product(),
            "api-member",
            "Integration",
            false,
            false,
            List.of(),
            List.of(),
            1,
            compact.length() > 15 ? compact.substring(0, 15) : compact,
            null,
            null);
    Snapshot s =
        new Snapshot(
            1,
            b.platform(),
            "acme.example",
            null,
            true,
            List.of(),
            null,
            List.of(p),
            InputFile.file(InputKind.SNAPSHOT, "s.json", new byte[0]));
    BaselineAssigner.Choice c = BaselineAssigner.defaults(baselines, List.of()).assign(s, p);
    assertTrue(c.ambiguous().isEmpty(), id + ": recognised ambiguously: " + c.ambiguous());
    assertEquals(Origin.RECOGNISED, c.origin(), id);
    assertEquals(List.of(primaries.get(0).id()), c.baselineIds(), id);
  }
}
