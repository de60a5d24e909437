package dev.psapolicy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.report.PrincipalInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.vocabulary.Platform;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A report lists each API user's grants as the facts hold them (module, function, verb, level), in
 * the facts' order, and only its own: the report reads them from the facts rather than copying
 * them.
 */
class EvaluationPrincipalsTest {
  @Test
  void eachPrincipalOfTheReportListsItsOwnGrantsInTheFactsOrder() throws Exception {
    PermissionCatalog catalog = PermissionCatalog.builtIn();
    BaselineSet set = BaselineSet.of(new BaselineLoader(catalog).loadBuiltIn());
    Policy policy = Policy.of(catalog, set, List.of(), RuleSetLoader.builtIn(), Severity.HIGH);
    Snapshot s =
        new Snapshot(
            1,
            Platform.CONNECTWISE,
            "acme.example",
            null,
            true,
            List.of(),
            null,
            List.of(
                principal("2", List.of("hatz-ai-connectwise"), "All"),
                principal("1", List.of(), "My"),
                principal("3", List.of("rewst-connectwise"), "None")),
            InputFile.file(InputKind.SNAPSHOT, "test", new byte[0]));
    Evaluation.Result result =
        Evaluation.run(new Evaluation.Request(policy, List.of(s), true, Instant.now(), "t", null));

    List<PrincipalInfo> shown = result.report().principals();
    assertEquals(List.of("1", "2", "3"), shown.stream().map(PrincipalInfo::id).toList());
    for (PrincipalInfo p : shown) {
      String key = "connectwise:acme.example:" + p.id();
      List<PrincipalInfo.GrantInfo> expected =
          result.facts().grants().stream()
              .filter(g -> g.principalKey().equals(key))
              .map(
                  g ->
                      new PrincipalInfo.GrantInfo(
                          g.module(), g.functionName(), g.verb().id(), g.level().label()))
              .toList();
      assertEquals(expected, p.grants(), p.id());
      assertEquals(expected, List.copyOf(p.grants()), "read twice, the same");
    }
  }

  private static SnapshotPrincipal principal(String id, List<String> integrations, String level) {
    return new SnapshotPrincipal(
        id,
        "User " + id,
        "api-member",
        "Role " + id,
        false,
        false,
        integrations,
        List.of(
            new PermissionRow("Service Desk", "Service Tickets", level, "None", "None", level, 0),
            new PermissionRow("Companies", "Contacts", "None", level, "None", "All", 0),
            new PermissionRow("Finance", "Invoicing", level, level, level, level, 0)),
        0);
  }
}
