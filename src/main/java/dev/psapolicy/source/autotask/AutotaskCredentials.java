package dev.psapolicy.source.autotask;

import dev.psapolicy.source.http.Redactor;
import java.util.Arrays;

/**
 * The credentials of the Autotask API user being audited. {@link #toString} never shows the secret
 * or the integration code.
 *
 * @param userName the API user's user name (AT_USERNAME); it identifies the user, it is not secret
 * @param secret the API user's secret (AT_SECRET)
 * @param integrationCode the integration's tracking identifier (AT_INTEGRATION_CODE)
 */
public record AutotaskCredentials(String userName, String secret, String integrationCode) {

  /** Masks the secret and the integration code. */
  public Redactor redactor() {
    return Redactor.of(Arrays.asList(secret, integrationCode));
  }

  @Override
  public String toString() {
    return "AutotaskCredentials[userName="
        + userName
        + ", secret="
        + Redactor.MASK
        + ", integrationCode="
        + Redactor.MASK
        + "]";
  }
}
