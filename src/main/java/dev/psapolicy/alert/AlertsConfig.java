package dev.psapolicy.alert;

import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Problems;
import dev.psapolicy.report.Severity;
import dev.psapolicy.waiver.WaiverPolicy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code alerts:} section of {@code psa-policy.yaml}, as read: secrets are read by {@link
 * #resolve} when the service starts, not when the config is read.
 *
 * @param webhooks where alerts go, in config order (names unique)
 * @param threshold open violations at or above this severity alert
 * @param waiverExpiryDays alert about a valid waiver that stops waiving within this many days (0:
 *     never)
 * @param publicUrl the service's address as people reach it (alerts link to the run's report under
 *     it), or null for no links
 * @param maxAttempts attempts per delivery (1 = no retry)
 */
public record AlertsConfig(
    List<WebhookSpec> webhooks,
    Severity threshold,
    int waiverExpiryDays,
    URI publicUrl,
    int maxAttempts) {
  /** The default threshold: high. */
  public static final Severity DEFAULT_THRESHOLD = Severity.HIGH;

  /** The default warning period for expiring waivers, as {@code waivers.warnDays}. */
  public static final int DEFAULT_WAIVER_EXPIRY_DAYS = WaiverPolicy.DEFAULT_WARN_DAYS;

  /** The default attempts per delivery. */
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  /** Alerts off: no webhook, the defaults otherwise. */
  public static final AlertsConfig NONE =
      new AlertsConfig(
          List.of(), DEFAULT_THRESHOLD, DEFAULT_WAIVER_EXPIRY_DAYS, null, DEFAULT_MAX_ATTEMPTS);

  public AlertsConfig {
    webhooks = List.copyOf(webhooks);
    Objects.requireNonNull(threshold, "threshold");
    if (waiverExpiryDays < 0 || maxAttempts < 1) {
      throw new IllegalArgumentException("waiverExpiryDays >= 0 and maxAttempts >= 1");
    }
  }

  /**
   * The webhooks with their URLs and keys read: every problem at once, each at the reference's
   * place in the config, none quoting a value.
   *
   * @param env the environment ({@code System.getenv()} in the service)
   */
  public List<Webhook> resolve(Map<String, String> env) throws InvalidInputException {
    Problems problems = new Problems();
    List<Webhook> out = new ArrayList<>();
    for (WebhookSpec w : webhooks) {
      int before = problems.list().size();
      Secret url = w.url().resolve(env, problems);
      if (url != null && w.url().kind() != SecretRef.Kind.LITERAL) {
        // a URL from the environment or a file is checked like one written out
        AlertsConfigLoader.checkUrl(
            w.url().file(), w.url().line(), w.url().column(), "url", url.reveal(), problems);
      }
      Secret key = w.secret() == null ? null : w.secret().resolve(env, problems);
      if (problems.list().size() == before) {
        out.add(new Webhook(w.name(), w.format(), url, key));
      }
    }
    problems.throwIfAny();
    return out;
  }
}
