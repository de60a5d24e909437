package dev.psapolicy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.report.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyLoaderTest {
  @TempDir Path dir;

  private PolicyConfig load(String text) throws Exception {
    Files.writeString(dir.resolve("psa-policy.yaml"), text);
    return PolicyLoader.load(dir.resolve("psa-policy.yaml"), "psa-policy.yaml", dir);
  }

  @Test
  void readsEveryKeyAndResolvesPathsAgainstTheConfigFolder() throws Exception {
    Files.createDirectories(dir.resolve("ci"));
    Files.writeString(
        dir.resolve("ci/psa-policy.yaml"),
        """
        formatVersion: 1
        failOn: medium
        rules: [rules/, ../shared-rules]
        baselineFiles: [our-sync.yaml]
        defaultBaselines: [rewst-connectwise]
        assign:
          - match: { platform: connectwise, name: "Hatz*" }
            baselines: [hatz-ai-connectwise]
          - match: {}
            baselines: [rewst-connectwise, rewst-autotask]
        severity:
          PSA-OVERGRANT-INQUIRE: low
          "CW-*": critical
        disable: [DATTO-ONE-USER-PER-INTEGRATION]
        waivers:
          files: [waivers.yaml]
          ttlDays: 30
          warnDays: 7
          strict: true
        accepted: accepted.yaml
        """);
    PolicyConfig c =
        PolicyLoader.load(dir.resolve("ci/psa-policy.yaml"), "ci/psa-policy.yaml", dir);
    assertEquals(Severity.MEDIUM, c.failOn());
    assertEquals(List.of("ci/rules", "shared-rules"), c.ruleDirs());
    assertEquals(List.of("ci/our-sync.yaml"), c.baselineFiles());
    assertEquals(List.of("ci/waivers.yaml"), c.waiverFiles());
    assertEquals("ci/accepted.yaml", c.accepted());
    assertEquals(30, c.ttlDays());
    assertEquals(7, c.warnDays());
    assertTrue(c.strictWaivers());
    assertEquals(2, c.assign().size());
    assertTrue(c.assign().get(0).matches("connectwise", "acme.example", "187", "Hatz AI", "x"));
    assertEquals(false, c.assign().get(0).matches("autotask", "acme", "1", "Hatz AI", "x"));
    assertTrue(c.assign().get(1).matches("autotask", "acme", "1", null, null));
    assertEquals(
        List.of("PSA-OVERGRANT-INQUIRE", "CW-*"),
        c.severity().stream().map(o -> o.rule().text()).toList());
    assertEquals("ci/psa-policy.yaml", c.file());
  }

  @Test
  void everyKeyIsOptional() throws Exception {
    PolicyConfig c = load("{}\n");
    assertNull(c.failOn());
    assertEquals(List.of(), c.assign());
    assertNull(c.ttlDays());
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        Arguments.of(
            "failOn: high\nfailon: low\n",
            List.of("psa-policy.yaml:2:1: unknown key" + " 'failon' (did you mean 'failOn'?)")),
        Arguments.of(
            "failOn: hihg\n",
            List.of(
                "psa-policy.yaml:1:9: 'failOn' has unknown value"
                    + " 'hihg' (did you mean 'high'?)")),
        Arguments.of(
            "failOn: [high\n",
            List.of(
                "psa-policy.yaml:2:1: while parsing a flow"
                    + " sequence: expected ',' or ']', but got <stream end>")),
        Arguments.of(
            "assign:\n  - match: { name: \"Hatz[\" }\n    baselines: [x]\n",
            List.of(
                "psa-policy.yaml:2:20: bad glob 'Hatz[': the '[' at position 5 is never"
                    + " closed")),
        Arguments.of(
            "assign:\n  - match: { nmae: Hatz }\n    baselines: [x]\n",
            List.of("psa-policy.yaml:2:14: unknown key 'nmae' (did you mean 'name'?)")),
        Arguments.of(
            "assign:\n  - baselines: [x]\n",
            List.of(
                "psa-policy.yaml:2:5: missing"
                    + " required key 'match' (use 'match: {}' to match every principal)")),
        Arguments.of(
            "assign:\n  - match: {}\n",
            List.of("psa-policy.yaml:2:5: missing" + " required key 'baselines'")),
        Arguments.of(
            "severity:\n  \"CW-[\": high\n  PSA-UNDERGRANT: severe\n",
            List.of(
                "psa-policy.yaml:2:3: bad glob 'CW-[': the '[' at position 4 is never" + " closed",
                "psa-policy.yaml:3:19: severity of 'PSA-UNDERGRANT' must be one of"
                    + " critical, high, medium, low, info, found the string 'severe'")),
        Arguments.of(
            "disable: [\"PSA-[\"]\n",
            List.of(
                "psa-policy.yaml:1:11: bad glob 'PSA-[':"
                    + " the '[' at position 5 is never closed")),
        Arguments.of(
            "waivers:\n  files: waivers.yaml\n  ttlDays: 0\n  warnDays: -1\n"
                + "  strict: yes please\n",
            List.of(
                "psa-policy.yaml:2:10: 'files' must be a list,"
                    + " found the string 'waivers.yaml'",
                "psa-policy.yaml:3:12: 'ttlDays' must be at" + " least 1, found 0",
                "psa-policy.yaml:4:13: 'warnDays' must be 0 or more, found -1",
                "psa-policy.yaml:5:11: 'strict' must be true or false, found the string 'yes"
                    + " please'")),
        Arguments.of(
            "waivers:\n  ttlDays: 366\n",
            List.of(
                "psa-policy.yaml:2:12: 'ttlDays' must be at most 365, found 366 (the ceiling"
                    + " of a waiver's lifetime; no config can lift it)")),
        Arguments.of(
            "formatVersion: 2\n",
            List.of(
                "psa-policy.yaml:1:16: unsupported"
                    + " formatVersion 2 (this psa-policy reads 1)")));
  }

  @ParameterizedTest
  @MethodSource("broken")
  void everyProblemNamesItsPlace(String text, List<String> expected) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> load(text));
    assertEquals(expected, e.problems().stream().map(InputProblem::toString).toList());
  }

  @Test
  void findsTheConfigInTheWorkingDirectoryOnly() throws Exception {
    assertTrue(PolicyLoader.find(dir).isEmpty());
    Files.writeString(dir.resolve("psa-policy.yaml"), "{}\n");
    assertEquals(dir.resolve("psa-policy.yaml"), PolicyLoader.find(dir).orElseThrow());
  }
}
