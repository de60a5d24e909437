package dev.psapolicy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.psapolicy.alert.AlertsConfig;
import dev.psapolicy.alert.SecretRef;
import dev.psapolicy.alert.Webhook;
import dev.psapolicy.alert.WebhookSpec;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.report.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code alerts:} section read through the policy loader: carried in {@link PolicyConfig}, file
 * references against the config's folder, secrets not read, and its problems reported with those of
 * the rest of the file, each at its place.
 */
class PolicyAlertsTest {
  @TempDir Path dir;

  private PolicyConfig load(String text) throws Exception {
    Files.createDirectories(dir.resolve("ci"));
    Files.writeString(dir.resolve("ci/psa-policy.yaml"), text);
    return PolicyLoader.load(dir.resolve("ci/psa-policy.yaml"), "ci/psa-policy.yaml", dir);
  }

  @Test
  void noSectionIsNoAlerts() throws Exception {
    assertSame(AlertsConfig.NONE, load("failOn: high\n").alerts());
  }

  @Test
  void readsTheSectionWithoutReadingSecrets() throws Exception {
    // neither the variable nor the file exists: check and validate must still read the config
    PolicyConfig c =
        load(
            """
            failOn: medium
            alerts:
              threshold: critical
              waiverExpiryDays: 3
              webhooks:
                - name: oncall
                  format: slack
                  url: {env: PSA_POLICY_TEST_UNSET_URL}
                - name: siem
                  format: json
                  url: https://siem.acme.example/hooks/psa-policy
                  secret: {file: secrets/siem-hmac-key}
            """);
    AlertsConfig a = c.alerts();
    assertEquals(Severity.CRITICAL, a.threshold());
    assertEquals(3, a.waiverExpiryDays());
    assertEquals(AlertsConfig.DEFAULT_MAX_ATTEMPTS, a.maxAttempts());
    List<WebhookSpec> w = a.webhooks();
    assertEquals(List.of("oncall", "siem"), w.stream().map(WebhookSpec::name).toList());
    assertEquals(Webhook.Format.SLACK, w.get(0).format());
    assertEquals(SecretRef.Kind.ENV, w.get(0).url().kind());
    assertEquals("PSA_POLICY_TEST_UNSET_URL", w.get(0).url().name());
    assertEquals(SecretRef.Kind.FILE, w.get(1).secret().kind());
    assertEquals(
        dir.resolve("ci/secrets/siem-hmac-key").toAbsolutePath().normalize(),
        w.get(1).secret().path().toAbsolutePath().normalize());
  }

  @Test
  void problemsComeWithTheRestOfTheFileEachAtItsPlace() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                load(
                    """
                    failOn: hihg
                    alerts:
                      treshold: high
                      webhooks:
                        - name: siem
                          format: json
                          url: https://siem.acme.example/hooks/psa-policy
                          secret: hunter2
                    """));
    assertEquals(
        List.of(
            "ci/psa-policy.yaml:1:9: 'failOn' has unknown value 'hihg' (did you mean 'high'?)",
            "ci/psa-policy.yaml:3:3: unknown key 'treshold' (did you mean 'threshold'?)",
            "ci/psa-policy.yaml:8:15: 'secret' must not be written in the config; give {env:"
                + " NAME} or {file: path}"),
        e.problems().stream().map(InputProblem::toString).toList());
  }
}
