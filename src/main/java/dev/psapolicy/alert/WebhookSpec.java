package dev.psapolicy.alert;

import java.util.Objects;

/**
 * A webhook as the config describes it, its URL and key not read yet ({@link AlertsConfig#resolve}
 * makes the {@link Webhook}).
 *
 * @param name the webhook's name
 * @param format the payload format
 * @param url where its URL is
 * @param secret where its HMAC key is, or null (unsigned)
 */
public record WebhookSpec(String name, Webhook.Format format, SecretRef url, SecretRef secret) {
  public WebhookSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(url, "url");
  }
}
