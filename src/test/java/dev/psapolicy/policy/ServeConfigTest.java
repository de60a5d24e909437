package dev.psapolicy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.vocabulary.Platform;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code serve:} section of the policy config: what it reads and every problem's place. */
class ServeConfigTest {
  @TempDir Path dir;

  private PolicyConfig load(String text) throws Exception {
    Files.createDirectories(dir.resolve("ci"));
    Files.writeString(dir.resolve("ci/psa-policy.yaml"), text);
    return PolicyLoader.load(dir.resolve("ci/psa-policy.yaml"), "ci/psa-policy.yaml", dir);
  }

  @Test
  void readsInstancesWithPathsAgainstTheConfigFolder() throws Exception {
    PolicyConfig c =
        load(
            """
            serve:
              instances:
                - name: acme-cw
                  platform: connectwise
                  site: na.myconnectwise.net
                  credentials: secrets/acme-cw.env
                  schedule: 15m
                  evidenceDir: packs/acme-cw
                  integrations: [rewst-connectwise=187]
                  caCert: certs/psa-ca.pem
                  timeout: 90
                  retries: 0
                - name: acme-at
                  platform: autotask
                  baseUrl: https://webservices5.autotask.net/ATServicesRest
                  envPrefix: ACME_
                  instance: acme
                  schedule: "0 */6 * * 1-5"
            """);
    List<ServeConfig.Instance> l = c.serve().instances();
    assertEquals(2, l.size());
    ServeConfig.Instance cw = l.get(0);
    assertEquals("acme-cw", cw.name());
    assertEquals(Platform.CONNECTWISE, cw.platform());
    assertEquals(URI.create("https://na.myconnectwise.net"), cw.site());
    assertNull(cw.baseUrl());
    assertEquals("ci/secrets/acme-cw.env", cw.credentials());
    assertEquals(new Schedule.Every(Duration.ofMinutes(15), "15m"), cw.schedule());
    assertEquals("ci/packs/acme-cw", cw.evidenceDir());
    assertEquals(Map.of("187", List.of("rewst-connectwise")), cw.integrations());
    assertEquals("ci/certs/psa-ca.pem", cw.caCert());
    assertEquals(90, cw.timeout());
    assertEquals(0, cw.retries());
    ServeConfig.Instance at = l.get(1);
    assertNull(at.caCert());
    assertEquals(ServeConfig.DEFAULT_TIMEOUT, at.timeout());
    assertEquals(ServeConfig.DEFAULT_RETRIES, at.retries());
    assertEquals("ACME_", at.envPrefix());
    assertEquals("acme", at.instance());
    assertEquals("0 */6 * * 1-5", at.schedule().text());
    assertNull(at.credentials());
  }

  @Test
  void noSectionIsNoInstances() throws Exception {
    assertEquals(List.of(), load("failOn: high\n").serve().instances());
  }

  @Test
  void intervals() {
    assertEquals(Duration.ofSeconds(30), ServeConfig.interval("30s"));
    assertEquals(Duration.ofDays(1), ServeConfig.interval("1d"));
    assertNull(ServeConfig.interval("0m"));
    assertNull(ServeConfig.interval("15 minutes"));
    assertNull(ServeConfig.interval("*/15 * * * *"));
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        Arguments.of(
            """
            serve:
              instance: []
            """,
            List.of("ci/psa-policy.yaml:2:3: unknown key 'instance' (did you mean 'instances'?)")),
        Arguments.of(
            """
            serve:
              instances:
                - name: acme cw
                  platform: connectwis
                  schedul: 15m
            """,
            List.of(
                "ci/psa-policy.yaml:3:7: missing required key 'schedule'",
                "ci/psa-policy.yaml:3:13: instance name 'acme cw' must be letters, digits, '.',"
                    + " '_' or '-' (at most 64, starting with a letter or digit)",
                "ci/psa-policy.yaml:4:17: 'platform' has unknown value 'connectwis' (did you mean"
                    + " 'connectwise'?)",
                "ci/psa-policy.yaml:5:7: unknown key 'schedul' (did you mean 'schedule'?)")),
        Arguments.of(
            """
            serve:
              instances:
                - name: a
                  platform: connectwise
                  schedule: 5s
                - name: b
                  platform: autotask
                  site: x.example
                  baseUrl: ftp://x
                  credentials: c.env
                  envPrefix: lower_
                  schedule: every hour
            """,
            List.of(
                "ci/psa-policy.yaml:3:7: a connectwise instance needs 'site' or 'baseUrl'",
                "ci/psa-policy.yaml:5:17: 'schedule' must be at least 10s, found 5s",
                "ci/psa-policy.yaml:8:7: 'site' applies to connectwise only",
                "ci/psa-policy.yaml:9:16: not an http(s) URL with a host: 'ftp://x'",
                "ci/psa-policy.yaml:11:18: 'envPrefix' must be upper-case letters, digits and"
                    + " '_', found 'lower_'",
                "ci/psa-policy.yaml:11:18: give 'credentials' or 'envPrefix', not both",
                "ci/psa-policy.yaml:12:17: 'schedule' must be an interval such as 30s, 15m, 1h"
                    + " or 1d, or a cron expression of five fields (minute hour day month weekday),"
                    + " found 'every hour'")),
        Arguments.of(
            """
            serve:
              instances:
                - {name: a, platform: autotask, schedule: 1h}
                - {name: a, platform: autotask, schedule: 1h}
            """,
            List.of("ci/psa-policy.yaml:4:14: instance name 'a' is used twice")),
        Arguments.of(
            """
            serve:
              instances:
                - {name: a, platform: autotask, schedule: 1h, timeout: 0, retries: 11}
                - {name: b, platform: autotask, schedule: 1h, timeout: soon}
            """,
            List.of(
                "ci/psa-policy.yaml:3:60: 'timeout' must be between 1 and 3600, found 0",
                "ci/psa-policy.yaml:3:72: 'retries' must be between 0 and 10, found 11",
                "ci/psa-policy.yaml:4:60: 'timeout' must be a whole number, found the string 'soon'")));
  }

  @ParameterizedTest
  @MethodSource("broken")
  void everyProblemNamesItsPlace(String text, List<String> expected) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> load(text));
    assertEquals(expected, e.problems().stream().map(InputProblem::toString).toList());
  }
}
