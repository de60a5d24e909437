package dev.psapolicy.waiver;

import dev.psapolicy.input.InputProblem;
import java.util.List;

/**
 * What {@link WaiverJudge} decided about one waiver on one day.
 *
 * @param valid whether it may waive anything
 * @param problems why it is invalid, each with its place in the waivers file; empty when valid
 * @param daysLeft days from today to {@code expires} (0 on the last valid day); only when valid
 * @param expiring valid, but stops waiving within the warning period
 */
public record Verdict(boolean valid, List<InputProblem> problems, long daysLeft, boolean expiring) {
  public Verdict {
    problems = List.copyOf(problems);
  }

  /** The problems as one line: "expired on 2026-11-25 ...; ...", without file and waiver id. */
  public String reason() {
    return String.join(
        "; ",
        problems.stream()
            .map(
                p -> {
                  String m = p.message();
                  int colon = m.indexOf(": ");
                  return m.startsWith("waiver ") && colon > 0 ? m.substring(colon + 2) : m;
                })
            .toList());
  }
}
