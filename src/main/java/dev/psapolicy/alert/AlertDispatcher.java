package dev.psapolicy.alert;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Sends the alerts of a run that no webhook has had yet, records each delivery in the ledger, and
 * forgets the deliveries whose condition closed. An alert that failed to reach a webhook is not
 * recorded for it, so the next run with the condition still open tries again. A webhook that
 * outlasted every retry of one alert gets no further alert in the same dispatch (each would wait
 * out the same back-off); they are reported as not sent.
 */
public final class AlertDispatcher {
  /**
   * One delivery tried.
   *
   * @param alert the alert
   * @param webhook the webhook's name
   * @param outcome what became of it
   */
  public record Attempt(Alert alert, String webhook, WebhookSender.Outcome outcome) {}

  /**
   * What one dispatch did.
   *
   * @param attempts every delivery tried, in order (alerts in set order, then webhooks in config
   *     order)
   * @param forgotten the ledger entries forgotten because their condition closed
   */
  public record Delivery(List<Attempt> attempts, List<AlertLedger.Entry> forgotten) {
    public Delivery {
      attempts = List.copyOf(attempts);
      forgotten = List.copyOf(forgotten);
    }

    /** The attempts that failed. */
    public List<Attempt> failures() {
      return attempts.stream().filter(a -> !a.outcome().delivered()).toList();
    }
  }

  private final List<Webhook> webhooks;
  private final WebhookSender sender;
  private final AlertLedger ledger;
  private final Clock clock;

  /**
   * A dispatcher.
   *
   * @param webhooks where alerts go
   * @param sender delivers one alert to one webhook
   * @param ledger what was delivered before
   * @param clock the time deliveries are recorded with
   */
  public AlertDispatcher(
      List<Webhook> webhooks, WebhookSender sender, AlertLedger ledger, Clock clock) {
    this.webhooks = List.copyOf(webhooks);
    this.sender = Objects.requireNonNull(sender);
    this.ledger = Objects.requireNonNull(ledger);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Forgets closed conditions, then delivers every alert a webhook has not had. */
  public Delivery dispatch(AlertSet set) {
    // the ledger is read once per dispatch, not once per alert and webhook (for serve, each
    // question is a database connection); serve dispatches on one thread, so nothing else writes
    // the instance's entries meanwhile
    Set<AlertLedger.Entry> sent = new HashSet<>(ledger.entries(set.instance()));
    List<AlertLedger.Entry> closed = set.closed(sent);
    ledger.forget(closed);
    List<Attempt> attempts = new ArrayList<>();
    Set<String> unavailable = new HashSet<>();
    for (Alert a : set.alerts()) {
      for (Webhook w : webhooks) {
        AlertLedger.Entry e = new AlertLedger.Entry(set.instance(), w.name(), a.key());
        if (sent.contains(e)) {
          continue;
        }
        if (unavailable.contains(w.name())) {
          // a receiver that outlasted every retry is not waited for again alert by alert
          attempts.add(
              new Attempt(
                  a,
                  w.name(),
                  new WebhookSender.Outcome(
                      false,
                      0,
                      w.describe() + ": not sent, the webhook failed earlier in this dispatch",
                      true)));
          continue;
        }
        WebhookSender.Outcome o = sender.send(w, a);
        if (o.unavailable()) {
          unavailable.add(w.name());
        }
        if (o.delivered()) {
          ledger.markSent(e, clock.instant());
          sent.add(e);
        }
        attempts.add(new Attempt(a, w.name(), o));
      }
    }
    return new Delivery(attempts, closed);
  }
}
