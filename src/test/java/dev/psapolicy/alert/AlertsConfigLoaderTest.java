package dev.psapolicy.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.report.Severity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code alerts:} section: what it reads, and every error verbatim with its place. */
class AlertsConfigLoaderTest {
  private static final Map<String, String> ENV =
      Map.of(
          "TEAMS_URL", "https://acme.webhook.office.com/webhookb2/t0k3n", "SIEM_KEY", "k3y-v4lue");
  @TempDir Path dir;

  @BeforeEach
  void keyFiles() throws IOException {
    Path key = dir.resolve("siem.key");
    Files.writeString(key, "fr0m-a-file\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path open = dir.resolve("open.key");
    Files.writeString(open, "readable\n");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private AlertsConfig load(String yaml) throws Exception {
    Path f = dir.resolve("psa-policy.yaml");
    Files.writeString(f, yaml);
    return AlertsConfigLoader.load(f, "psa-policy.yaml");
  }

  /** Read, then the secrets resolved, as the service does at start. */
  private List<Webhook> start(String yaml) throws Exception {
    return load(yaml).resolve(ENV);
  }

  @Test
  void readsTheSection() throws Exception {
    AlertsConfig c =
        load(
            """
            failOn: high
            alerts:
              threshold: medium
              waiverExpiryDays: 10
              maxAttempts: 6
              publicUrl: https://psa-policy.acme.example
              webhooks:
                - name: secops
                  format: teams
                  url: {env: TEAMS_URL}
                - name: siem
                  format: json
                  url: https://siem.acme.example/hooks/psa
                  secret: {file: siem.key}
                - name: siem-env
                  format: JSON
                  url: http://127.0.0.1:9000/in
                  secret: {env: SIEM_KEY}
            """);
    assertEquals(Severity.MEDIUM, c.threshold());
    assertEquals(10, c.waiverExpiryDays());
    assertEquals(6, c.maxAttempts());
    assertEquals(URI.create("https://psa-policy.acme.example"), c.publicUrl());
    assertEquals(
        List.of("secops", "siem", "siem-env"),
        c.webhooks().stream().map(WebhookSpec::name).toList());
    assertEquals("environment variable TEAMS_URL", c.webhooks().get(0).url().toString());
    assertEquals("file siem.key", c.webhooks().get(1).secret().toString());
    List<Webhook> hooks = c.resolve(ENV);
    Webhook teams = hooks.get(0);
    assertEquals(Webhook.Format.TEAMS, teams.format());
    assertEquals(ENV.get("TEAMS_URL"), teams.url().reveal());
    assertEquals("secret from environment variable TEAMS_URL", teams.url().toString());
    assertNull(teams.hmacKey());
    assertEquals("fr0m-a-file", hooks.get(1).hmacKey().reveal());
    assertEquals("k3y-v4lue", hooks.get(2).hmacKey().reveal());
    assertEquals("webhook 'secops' (acme.webhook.office.com)", teams.describe());
    for (Object o : List.of(c, hooks)) {
      assertFalse(
          o.toString().contains("t0k3n") || o.toString().contains("fr0m-a-file"), o.toString());
    }
  }

  @Test
  void noSectionMeansNoAlerts() throws Exception {
    assertEquals(AlertsConfig.NONE, load("failOn: high\n"));
    assertEquals(AlertsConfig.NONE, load("alerts:\n"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown key       | alerts: {treshold: high}                                        | psa-policy.yaml:1:10: unknown key 'treshold' (did you mean 'threshold'?)
          bad severity      | alerts: {threshold: hihg}                                       | psa-policy.yaml:1:21: 'threshold' has unknown value 'hihg' (did you mean 'high'?)
          days out of range | alerts: {waiverExpiryDays: 400}                                 | psa-policy.yaml:1:28: 'waiverExpiryDays' must be from 0 to 365, found 400
          attempts          | alerts: {maxAttempts: 0}                                        | psa-policy.yaml:1:23: 'maxAttempts' must be from 1 to 10, found 0
          not a mapping     | alerts: [x]                                                     | psa-policy.yaml:1:9: 'alerts' must be a mapping, found a list
          bad format        | alerts: {webhooks: [{name: a, format: slak, url: 'https://h.example/x'}]} | psa-policy.yaml:1:39: 'format' has unknown value 'slak' (did you mean 'slack'?)
          no url            | alerts: {webhooks: [{name: a, format: slack}]}                  | psa-policy.yaml:1:21: missing required key 'url'
          no name           | alerts: {webhooks: [{format: slack, url: 'https://h.example/x'}]} | psa-policy.yaml:1:21: missing required key 'name'
          bad name          | alerts: {webhooks: [{name: 'a b', format: slack, url: 'https://h.example/x'}]} | psa-policy.yaml:1:28: webhook name 'a b' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit
          webhook key typo  | alerts: {webhooks: [{name: a, format: slack, url: 'https://h.example/x', secrt: {env: X}}]} | psa-policy.yaml:1:74: unknown key 'secrt' (did you mean 'secret'?)
          plain http        | alerts: {webhooks: [{name: a, format: slack, url: 'http://hooks.example/T0/s3cr3t'}]} | psa-policy.yaml:1:51: 'url' must be an https:// URL without user info (plain http:// only to a loopback address)
          user info         | alerts: {webhooks: [{name: a, format: slack, url: 'https://u:p4ss@h.example/'}]} | psa-policy.yaml:1:51: 'url' must be an https:// URL without user info (plain http:// only to a loopback address)
          literal secret    | alerts: {webhooks: [{name: a, format: json, url: 'https://h.example/x', secret: hunter2-literal}]} | psa-policy.yaml:1:81: 'secret' must not be written in the config; give {env: NAME} or {file: path}
          env not set       | alerts: {webhooks: [{name: a, format: json, url: 'https://h.example/x', secret: {env: NOPE}}]} | psa-policy.yaml:1:87: environment variable NOPE for 'secret' is not set
          env and file      | alerts: {webhooks: [{name: a, format: json, url: 'https://h.example/x', secret: {env: SIEM_KEY, file: siem.key}}]} | psa-policy.yaml:1:81: 'secret' needs exactly one of 'env' or 'file'
          ref key typo      | alerts: {webhooks: [{name: a, format: json, url: 'https://h.example/x', secret: {fil: siem.key}}]} | psa-policy.yaml:1:82: unknown key 'fil' (did you mean 'file'?)
          open key file     | alerts: {webhooks: [{name: a, format: json, url: 'https://h.example/x', secret: {file: open.key}}]} | psa-policy.yaml:1:88: secret file open.key is accessible to group or others (rw-r--r--); make it readable only by its owner: chmod 600 open.key
          missing key file  | alerts: {webhooks: [{name: a, format: json, url: 'https://h.example/x', secret: {file: gone.key}}]} | psa-policy.yaml:1:88: secret file gone.key: file not found
          secret on slack   | alerts: {webhooks: [{name: a, format: slack, url: 'https://h.example/x', secret: {env: SIEM_KEY}}]} | psa-policy.yaml:1:82: 'secret' signs the json format only; a slack webhook sends no signature
          bad public url    | alerts: {publicUrl: 'ftp://x.example'}                          | psa-policy.yaml:1:21: 'publicUrl' must be an https:// URL without user info (plain http:// only to a loopback address)
          """)
  void reportsTheProblemWithItsPlace(String name, String yaml, String expected) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> start(yaml + "\n"));
    assertEquals(List.of(expected), e.problems().stream().map(InputProblem::toString).toList());
  }

  @Test
  void secretsAreReadWhenTheServiceStartsNotWhenTheConfigIsRead() throws Exception {
    // check and validate read this config where NOPE and the key file do not exist
    AlertsConfig c =
        load(
            """
            alerts:
              webhooks:
                - {name: a, format: teams, url: {env: NOPE}}
                - {name: b, format: json, url: 'https://h.example/x', secret: {file: gone.key}}
            """);
    assertEquals(2, c.webhooks().size());
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> c.resolve(ENV));
    assertEquals(
        List.of(
            "psa-policy.yaml:3:43: environment variable NOPE for 'url' is not set",
            "psa-policy.yaml:4:74: secret file gone.key: file not found"),
        e.problems().stream().map(InputProblem::toString).toList());
  }

  @Test
  void aUrlFromTheEnvironmentIsCheckedLikeOneWrittenOut() throws Exception {
    AlertsConfig c = load("alerts: {webhooks: [{name: a, format: slack, url: {env: PLAIN}}]}\n");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> c.resolve(Map.of("PLAIN", "http://hooks.example/T0/t0k3n")));
    assertEquals(
        List.of(
            "psa-policy.yaml:1:57: 'url' must be an https:// URL without user info (plain http://"
                + " only to a loopback address)"),
        e.problems().stream().map(InputProblem::toString).toList());
  }

  @Test
  void everyProblemOfTheSectionAtOnceAndNoValueEchoed() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                load(
                    """
                    alerts:
                      threshold: hgh
                      webhooks:
                        - {name: a, format: teams, url: 'https://h.example/T0/ok'}
                        - {name: b, format: teams, url: 'http://hooks.example/T0/t0k3n'}
                        - {name: c, format: json, url: 'https://h.example/x', secret: l1teral-s3cret}
                        - {name: A, format: slack, url: 'https://h.example/y'}
                    """));
    List<String> messages = e.problems().stream().map(InputProblem::toString).toList();
    assertEquals(
        List.of(
            "psa-policy.yaml:2:14: 'threshold' has unknown value 'hgh' (did you mean 'high'?)",
            "psa-policy.yaml:5:37: 'url' must be an https:// URL without user info (plain http://"
                + " only to a loopback address)",
            "psa-policy.yaml:6:67: 'secret' must not be written in the config; give {env: NAME} or"
                + " {file: path}",
            "psa-policy.yaml:7:14: webhook name 'A' is used twice"),
        messages);
    for (String m : messages) {
      assertFalse(m.contains("t0k3n") || m.contains("l1teral-s3cret"), m);
    }
  }
}
