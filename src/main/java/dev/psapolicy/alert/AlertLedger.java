package dev.psapolicy.alert;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Which alerts were delivered, so that each goes out once per open finding and webhook. The
 * in-memory {@link InMemoryAlertLedger} serves tests and one-off runs; a long-running service keeps
 * the ledger in its database. Implementations must be safe for use from several threads.
 */
public interface AlertLedger {
  /**
   * One delivered alert.
   *
   * @param instance the instance the alert is about
   * @param webhook the webhook's name
   * @param alertKey {@link Alert#key()}
   */
  record Entry(String instance, String webhook, String alertKey) {
    public Entry {
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(webhook, "webhook");
      Objects.requireNonNull(alertKey, "alertKey");
    }
  }

  /** Whether the alert was delivered to the webhook already. */
  boolean sent(Entry entry);

  /** Records a delivery. */
  void markSent(Entry entry, Instant at);

  /** Every delivery recorded for an instance. */
  Set<Entry> entries(String instance);

  /** Forgets deliveries whose finding closed, so that the finding alerts again when it reopens. */
  void forget(Collection<Entry> entries);
}
