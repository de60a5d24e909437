package dev.psapolicy.alert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Every alert condition that holds after one run, whether or not it was delivered before: the
 * {@link AlertDispatcher} sends those the {@link AlertLedger} has not seen.
 *
 * @param instance the instance
 * @param runId the run
 * @param alerts the conditions, in order: fail-closed, new violations (report order), widened
 *     grants, expiring waivers
 * @param complete whether the run's data was complete; only a complete run closes findings (a
 *     finding missing from an incomplete run may be missing data, not a fix)
 */
public record AlertSet(String instance, String runId, List<Alert> alerts, boolean complete) {
  public AlertSet {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(runId, "runId");
    alerts = List.copyOf(alerts);
  }

  /**
   * The deliveries recorded for this instance whose condition no longer holds: forgetting them lets
   * a reopened finding alert again. Empty after an incomplete run.
   */
  public List<AlertLedger.Entry> closed(AlertLedger ledger) {
    return complete ? closed(ledger.entries(instance)) : List.of();
  }

  /**
   * The same as {@link #closed(AlertLedger)} for the entries already read from the ledger.
   *
   * @param recorded the ledger's entries for this instance
   */
  public List<AlertLedger.Entry> closed(Collection<AlertLedger.Entry> recorded) {
    if (!complete) {
      return List.of();
    }
    Set<String> open = new HashSet<>();
    alerts.forEach(a -> open.add(a.key()));
    List<AlertLedger.Entry> out = new ArrayList<>();
    for (AlertLedger.Entry e : recorded) {
      if (!open.contains(e.alertKey())) {
        out.add(e);
      }
    }
    return out;
  }
}
