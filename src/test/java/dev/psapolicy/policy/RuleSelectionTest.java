package dev.psapolicy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.waiver.WaiverRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSelectionTest {
  @TempDir Path dir;

  private static RuleInfo rule(String id, Severity s) {
    return new RuleInfo(id, s, null, id, null, null, null, "builtin:rules/x.drl", 1, true);
  }

  private static final List<RuleInfo> RULES =
      List.of(
          rule("PSA-OVERGRANT-DELETE", Severity.CRITICAL),
          rule("PSA-OVERGRANT-EDIT", Severity.HIGH),
          rule("PSA-UNDERGRANT", Severity.LOW),
          rule("CW-TICKET-ADD-ONLY", Severity.HIGH),
          rule("CW-TIME-ENTRY-DELETE-MY", Severity.HIGH));

  private RuleSelection resolve(String yaml) throws Exception {
    Files.writeString(dir.resolve("psa-policy.yaml"), yaml);
    return RuleSelection.resolve(
        PolicyLoader.load(dir.resolve("psa-policy.yaml"), "psa-policy.yaml", dir), RULES);
  }

  @Test
  void anExactIdBeatsAGlobAndTheFirstGlobWins() throws Exception {
    RuleSelection s =
        resolve(
            """
        severity:
          "PSA-OVERGRANT-*": medium
          "PSA-*": info
          PSA-OVERGRANT-EDIT: low
          PSA-WAIVER-STALE: medium
        """);
    assertEquals(Severity.MEDIUM, s.severityOf(RULES.get(0)));
    assertEquals(Severity.LOW, s.severityOf(RULES.get(1)));
    assertEquals(Severity.INFO, s.severityOf(RULES.get(2)));
    assertEquals(Severity.HIGH, s.severityOf(RULES.get(3)));
    assertEquals(Severity.MEDIUM, s.severityOf(WaiverRules.STALE));
  }

  @Test
  void disablingByIdAndGlobNeverSwitchesOffWaiverFindings() throws Exception {
    RuleSelection s = resolve("disable: [PSA-UNDERGRANT, \"CW-*\", \"*\"]\n");
    assertFalse(s.enabled(RULES.get(2)));
    assertFalse(s.enabled(RULES.get(3)));
    assertTrue(s.enabled(WaiverRules.INVALID));
  }

  @Test
  void unknownIdsAndGlobsMatchingNothingAreInputErrors() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                resolve(
                    """
        severity:
          PSA-OVERGRANT-DELTE: high
          "AT-*": low
        disable: [CW-TICKET-ADD-ONY, PSA-WAIVER-INVALID, "DATTO-*"]
        """));
    assertEquals(
        List.of(
            "psa-policy.yaml:2:3: unknown rule id 'PSA-OVERGRANT-DELTE' (did you mean"
                + " 'PSA-OVERGRANT-DELETE'?)",
            "psa-policy.yaml:3:3: 'AT-*' matches no rule",
            "psa-policy.yaml:4:11: unknown rule id 'CW-TICKET-ADD-ONY' (did you mean"
                + " 'CW-TICKET-ADD-ONLY'?)",
            "psa-policy.yaml:4:30: 'PSA-WAIVER-INVALID' cannot be disabled: findings about waivers"
                + " are always reported (give it another severity under 'severity' instead)",
            "psa-policy.yaml:4:50: 'DATTO-*' matches no rule"),
        e.problems().stream().map(InputProblem::toString).toList());
  }
}
