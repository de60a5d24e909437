package dev.psapolicy.alert;

import dev.psapolicy.drift.Drift;
import dev.psapolicy.drift.State;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.waiver.Verdict;
import dev.psapolicy.waiver.Waiver;
import dev.psapolicy.waiver.WaiverJudge;
import dev.psapolicy.waiver.WaiverPolicy;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The alert conditions of a finished run. Pure: reports, drift states and waivers in, alerts out;
 * the clock is injected. Which of them go out is the {@link AlertDispatcher}'s business (each once
 * per open finding).
 *
 * <ul>
 *   <li>{@link Alert.Kind#NEW_VIOLATION}: every open violation at or above the threshold, keyed by
 *       its {@link Violation#fingerprint()} (the one SARIF, JSON and CSV carry).
 *   <li>{@link Alert.Kind#WIDENED}: every grant widened and every API user added between the two
 *       states, computed by {@link Drift#between} exactly as {@code diff} does. A widening that
 *       opened an alerting violation on the same grant (or user) is told in that violation's alert
 *       instead: one change, one alert.
 *   <li>{@link Alert.Kind#FAIL_CLOSED}: the run's data was incomplete.
 *   <li>{@link Alert.Kind#WAIVER_EXPIRING}: a waiver {@link WaiverJudge} holds valid and expiring
 *       within the configured days.
 * </ul>
 */
public final class Alerts {
  private Alerts() {}

  /**
   * The alert conditions that hold after a run.
   *
   * @param in the run
   * @param config threshold, waiver expiry days, public URL
   * @param clock today, for waivers
   */
  public static AlertSet between(AlertInput in, AlertsConfig config, Clock clock) {
    Report now = in.current();
    String runId = now.run().runId();
    String link = link(config.publicUrl(), runId);
    List<Alert> out = new ArrayList<>();
    if (!now.run().complete()) {
      out.add(failClosedAlert(in.instance(), runId, now.run().incomplete(), link));
    }
    Set<String> before = openFingerprints(in.previous());
    Drift drift =
        in.previousState() != null && in.currentState() != null
            ? Drift.between(in.previousState(), in.currentState())
            : null;
    // a widening that opened an alerting violation is said in that violation's alert, so that one
    // change to a grant makes one alert
    Set<Object> folded = new HashSet<>();
    for (Violation v : now.violations()) {
      if (v.disposition().isOpen() && v.severity().atLeast(config.threshold())) {
        List<String> extra = new ArrayList<>();
        if (drift != null) {
          for (State.Principal p : drift.principalsAdded()) {
            if (p.key().equals(key(v))) {
              extra.add("the API user is new since " + drift.oldLabel());
              folded.add(p);
            }
          }
          for (Drift.GrantChange g : drift.grantsWidened()) {
            if (onGrant(g, v)) {
              extra.add(
                  "widened since "
                      + drift.oldLabel()
                      + ": "
                      + g.verb()
                      + " "
                      + g.from()
                      + " -> "
                      + g.to());
              folded.add(g);
            }
          }
        }
        out.add(violation(in, v, before, extra, link));
      }
    }
    if (drift != null) {
      out.addAll(widened(in, drift, folded, link));
    }
    out.addAll(expiring(in, config.waiverExpiryDays(), clock, link));
    return new AlertSet(in.instance(), runId, out, now.run().complete());
  }

  private static Alert violation(
      AlertInput in, Violation v, Set<String> before, List<String> extra, String link) {
    List<String> details = new ArrayList<>();
    details.add(v.message());
    details.add(
        "API user: "
            + who(v.principalName(), v.principalId())
            + (v.role() == null ? "" : ", role " + v.role())
            + " on "
            + v.platform()
            + (v.instance() == null ? "" : " " + v.instance()));
    if (v.holding() != null) {
      details.add(
          "grant: "
              + v.cell()
              + " "
              + v.verb()
              + " "
              + v.actual()
              + (v.allowed() == null ? "" : " (allowed " + v.allowed() + ")"));
    }
    if (v.fix() != null) {
      details.add("fix: " + v.fix());
    }
    if (in.previous() == null) {
      details.add("first run of " + in.instance());
    } else if (before.contains(v.fingerprint())) {
      details.add("open in the previous run " + in.previous().run().runId() + " as well");
    } else {
      details.add("new since the previous run " + in.previous().run().runId());
    }
    details.addAll(extra);
    details.add("fingerprint " + v.fingerprint());
    return new Alert(
        Alert.Kind.NEW_VIOLATION,
        in.instance(),
        v.severity(),
        "violation:" + v.fingerprint(),
        v.severity().id() + " " + v.ruleId() + ": " + v.title(),
        details,
        in.current().run().runId(),
        link);
  }

  private static List<Alert> widened(AlertInput in, Drift d, Set<Object> folded, String link) {
    List<Alert> out = new ArrayList<>();
    String runId = in.current().run().runId();
    for (State.Principal p : d.principalsAdded()) {
      if (folded.contains(p)) {
        continue;
      }
      Severity s = worst(in.current(), v -> v.disposition().isOpen() && key(v).equals(p.key()));
      out.add(
          new Alert(
              Alert.Kind.WIDENED,
              in.instance(),
              s,
              "added:" + p.key(),
              "API user added: " + who(p.name(), p.id()) + " on " + p.platform(),
              List.of(
                  "API user "
                      + who(p.name(), p.id())
                      + (p.role() == null ? "" : ", role " + p.role())
                      + " is new on "
                      + p.platform()
                      + " "
                      + p.instance(),
                  "compared: " + d.oldLabel() + " -> " + d.newLabel()),
              runId,
              link));
    }
    for (Drift.GrantChange g : d.grantsWidened()) {
      if (folded.contains(g)) {
        continue;
      }
      String cell = g.module() + " / " + g.function();
      Severity s = worst(in.current(), v -> v.disposition().isOpen() && onGrant(g, v));
      out.add(
          new Alert(
              Alert.Kind.WIDENED,
              in.instance(),
              s,
              "widened:" + g.principal() + ":" + cell + " / " + g.verb() + ":" + g.to(),
              "Grant widened: "
                  + who(g.principalName(), idOf(g.principal()))
                  + " "
                  + cell
                  + " "
                  + g.verb()
                  + " "
                  + g.from()
                  + " -> "
                  + g.to(),
              List.of(
                  "API user "
                      + who(g.principalName(), idOf(g.principal()))
                      + " now holds "
                      + g.verb()
                      + " "
                      + g.to()
                      + " on "
                      + cell
                      + " (was "
                      + g.from()
                      + ")",
                  "compared: " + d.oldLabel() + " -> " + d.newLabel()),
              runId,
              link));
    }
    return out;
  }

  private static List<Alert> expiring(AlertInput in, int days, Clock clock, String link) {
    if (days == 0) {
      return List.of();
    }
    WaiverPolicy p = in.waiverPolicy();
    // the judge decides: valid, and stopping within the alert's warning period
    WaiverJudge judge =
        new WaiverJudge(
            new WaiverPolicy(p.ttlDays(), days, p.strict(), p.acceptCritical()), clock.instant());
    List<Waiver> sorted = new ArrayList<>(in.waivers());
    sorted.sort(Comparator.comparing(Waiver::id));
    List<Alert> out = new ArrayList<>();
    for (Waiver w : sorted) {
      Verdict verdict = judge.verdict(w);
      if (!verdict.expiring()) {
        continue;
      }
      Predicate<Violation> waived =
          v ->
              v.disposition().status() == Disposition.Status.WAIVED
                  && w.id().equals(v.disposition().reference());
      long count = in.current().violations().stream().filter(waived).count();
      List<String> details = new ArrayList<>();
      details.add(
          "expires "
              + w.expires()
              + " (valid through that day, UTC): "
              + verdict.daysLeft()
              + " day(s) left");
      details.add("waives " + count + " violation(s) in this run");
      if (w.reason() != null) {
        details.add("reason: " + w.reason());
      }
      if (w.approver() != null) {
        details.add("approver: " + w.approver());
      }
      if (w.ticket() != null) {
        details.add("ticket: " + w.ticket());
      }
      details.add("defined at " + w.where());
      out.add(
          new Alert(
              Alert.Kind.WAIVER_EXPIRING,
              in.instance(),
              worst(in.current(), waived),
              "waiver-expiring:" + w.id() + ":" + w.expires(),
              "Waiver " + w.id() + " expires " + w.expires(),
              details,
              in.current().run().runId(),
              link));
    }
    return out;
  }

  private static Set<String> openFingerprints(Report r) {
    Set<String> out = new HashSet<>();
    if (r != null) {
      r.violations().stream()
          .filter(v -> v.disposition().isOpen())
          .forEach(v -> out.add(v.fingerprint()));
    }
    return out;
  }

  /** The most severe violation of the report that matches, info when none does. */
  private static Severity worst(Report r, Predicate<Violation> which) {
    return r.violations().stream()
        .filter(which)
        .map(Violation::severity)
        .max(Comparator.comparingInt(Severity::weight))
        .orElse(Severity.INFO);
  }

  /** Whether the violation is about the changed grant (principal, cell and verb). */
  private static boolean onGrant(Drift.GrantChange g, Violation v) {
    return key(v).equals(g.principal())
        && v.holding() != null
        && (g.module() + " / " + g.function()).equals(v.cell())
        && g.verb().equals(v.verb());
  }

  /** The key {@link State.Principal#key()} gives the violation's principal. */
  private static String key(Violation v) {
    return v.platform() + ":" + v.instance() + ":" + v.principalId();
  }

  private static String idOf(String principalKey) {
    return principalKey.substring(principalKey.lastIndexOf(':') + 1);
  }

  private static String who(String name, String id) {
    return Objects.requireNonNullElse(name, "(no name)") + " (" + id + ")";
  }

  /**
   * The alert conditions of a run that failed closed before it evaluated anything (the fetch could
   * not read the data completely, so there is no report): its {@code fail-closed} alert. As after
   * any incomplete run, nothing is forgotten. No link: the run has no report to show.
   *
   * @param instance the instance
   * @param runId the run
   * @param incomplete what could not be read, one line each
   */
  public static AlertSet failedClosed(String instance, String runId, List<String> incomplete) {
    return new AlertSet(
        instance, runId, List.of(failClosedAlert(instance, runId, incomplete, null)), false);
  }

  private static Alert failClosedAlert(
      String instance, String runId, List<String> incomplete, String link) {
    List<String> details = new ArrayList<>();
    details.add("The permission data could not be read completely; this run proves nothing.");
    incomplete.forEach(r -> details.add("incomplete: " + r));
    return new Alert(
        Alert.Kind.FAIL_CLOSED,
        instance,
        Severity.HIGH,
        "fail-closed",
        "Run of " + instance + " failed closed: incomplete data",
        details,
        runId,
        link);
  }

  private static String link(URI base, String runId) {
    if (base == null) {
      return null;
    }
    String b = base.toString();
    return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b)
        + "/v1/runs/"
        + runId
        + "?format=html";
  }
}
