package dev.psapolicy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.engine.BaselineAssigner;
import dev.psapolicy.engine.BaselineAssigner.Choice;
import dev.psapolicy.facts.Assignment.Origin;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.vocabulary.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyAssignerTest {
  @TempDir Path dir;
  private static BaselineSet baselines;

  @BeforeAll
  static void load() throws Exception {
    baselines = BaselineSet.of(new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn());
  }

  private static final String CONFIG =
      """
      defaultBaselines: [cyberdrain-cow-connectwise]
      assign:
        - match: { principal: "187" }
          baselines: [hatz-ai-connectwise]
        - match: { name: "Rewst*", role: "Integration-*" }
          baselines: [rewst-connectwise, rewst-autotask]
        - match: { instance: "acme.*", name: "Rewst*" }
          baselines: [nable-ncentral-connectwise]
      """;

  private BaselineAssigner assigner(String yaml, List<String> cli) throws Exception {
    Files.writeString(dir.resolve("psa-policy.yaml"), yaml);
    return PolicyAssigner.of(
        PolicyLoader.load(dir.resolve("psa-policy.yaml"), "psa-policy.yaml", dir), baselines, cli);
  }

  private static Snapshot snapshot(Platform p) {
    return new Snapshot(
        1,
        p,
        "acme.example",
        null,
        true,
        List.of(),
        null,
        List.of(),
        InputFile.file(InputKind.SNAPSHOT, "s.json", new byte[0]));
  }

  private static SnapshotPrincipal principal(
      String id, String name, String role, List<String> integrations) {
    return new SnapshotPrincipal(
        id, name, "api-member", role, false, false, integrations, List.of(), 1);
  }

  @Test
  void declaredIntegrationsThenFirstMatchThenDefaults() throws Exception {
    BaselineAssigner a = assigner(CONFIG, List.of());
    Snapshot cw = snapshot(Platform.CONNECTWISE);
    assertEquals(
        new Choice(List.of("rewst-connectwise"), Origin.SNAPSHOT),
        a.assign(cw, principal("187", "Hatz AI", "x", List.of("rewst-connectwise"))));
    assertEquals(
        new Choice(List.of("hatz-ai-connectwise"), Origin.CONFIG),
        a.assign(cw, principal("187", "Hatz AI", "x", List.of())));
    assertEquals(
        new Choice(List.of("rewst-connectwise"), Origin.CONFIG),
        a.assign(cw, principal("188", "Rewst", "Integration-Rewst", List.of())));
    assertEquals(
        new Choice(List.of("nable-ncentral-connectwise"), Origin.CONFIG),
        a.assign(cw, principal("188", "Rewst", "Admin", List.of())));
    assertEquals(
        new Choice(List.of("cyberdrain-cow-connectwise"), Origin.DEFAULT),
        a.assign(cw, principal("189", "CoW", "Integration-CoW", List.of())));
  }

  @Test
  void baselinesOfAnotherPlatformAreSkipped() throws Exception {
    BaselineAssigner a = assigner(CONFIG, List.of());
    assertEquals(
        new Choice(List.of("rewst-autotask"), Origin.CONFIG),
        a.assign(
            snapshot(Platform.AUTOTASK),
            principal("29683001", "Rewst Automation", "Integration-Rewst", List.of())));
    assertEquals(
        new Choice(List.of(), Origin.DEFAULT),
        a.assign(snapshot(Platform.AUTOTASK), principal("1", "Other", "x", List.of())));
  }

  @Test
  void baselineFlagsReplaceTheConfigDefaults() throws Exception {
    BaselineAssigner a = assigner(CONFIG, List.of("rewst-connectwise"));
    assertEquals(
        new Choice(List.of("rewst-connectwise"), Origin.DEFAULT),
        a.assign(snapshot(Platform.CONNECTWISE), principal("189", "CoW", "x", List.of())));
  }

  @Test
  void unknownBaselineIdsAreInputErrors() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                assigner(
                    """
        defaultBaselines: [rewst-connectwsie]
        assign:
          - match: {}
            baselines: [no-such-baseline]
        """,
                    List.of()));
    assertEquals(
        List.of(
            "psa-policy.yaml:1:20: unknown baseline 'rewst-connectwsie' (did you"
                + " mean 'rewst-connectwise'?)",
            "psa-policy.yaml:4:17: unknown baseline"
                + " 'no-such-baseline' (35 are known: psa-policy rules list --baselines)"),
        e.problems().stream().map(InputProblem::toString).toList());
  }
}
