package dev.psapolicy.alert;

import dev.psapolicy.drift.State;
import dev.psapolicy.report.Report;
import dev.psapolicy.waiver.Waiver;
import dev.psapolicy.waiver.WaiverPolicy;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Alerts#between} reads about one finished run of one instance.
 *
 * @param instance the instance's name (as the serve config names it); scopes the ledger
 * @param previous the previous run's report, or null for the first run
 * @param current the run's report
 * @param previousState the previous run's snapshots as {@code diff} reads them, or null
 * @param currentState this run's snapshots as {@code diff} reads them, or null (no widened alerts
 *     unless both states are given)
 * @param waivers the waivers the run read (empty when none)
 * @param waiverPolicy the run's waiver policy (its TTL decides validity)
 */
public record AlertInput(
    String instance,
    Report previous,
    Report current,
    State previousState,
    State currentState,
    List<Waiver> waivers,
    WaiverPolicy waiverPolicy) {
  public AlertInput {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(waiverPolicy, "waiverPolicy");
    waivers = List.copyOf(waivers);
  }
}
