package dev.psapolicy.alert;

import dev.psapolicy.report.Severity;
import dev.psapolicy.waiver.WaiverPolicy;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The {@code alerts:} section of {@code psa-policy.yaml}.
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
    List<Webhook> webhooks,
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
}
