package dev.psapolicy.source.connectwise;

import dev.psapolicy.source.http.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * An API member's key pair with its company and the integration's clientId. {@link #toString} never
 * shows the keys.
 *
 * @param company the company id used at login (CW_COMPANY)
 * @param publicKey the API key's public part (CW_PUBLIC_KEY)
 * @param privateKey the API key's private part (CW_PRIVATE_KEY)
 * @param clientId the integration's clientId GUID (CW_CLIENT_ID)
 */
public record ConnectWiseCredentials(
    String company, String publicKey, String privateKey, String clientId) {

  /** {@code Basic base64(company+public:private)}. */
  public String authorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (company + "+" + publicKey + ":" + privateKey).getBytes(StandardCharsets.UTF_8));
  }

  /** Masks both keys and the header built from them. */
  public Redactor redactor() {
    return Redactor.of(
        Arrays.asList(
            privateKey, publicKey, authorization(), authorization().substring("Basic ".length())));
  }

  @Override
  public String toString() {
    return "ConnectWiseCredentials[company="
        + company
        + ", keys="
        + Redactor.MASK
        + ", clientId="
        + clientId
        + "]";
  }
}
