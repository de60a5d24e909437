package dev.psapolicy.waiver;

import dev.psapolicy.input.Glob;
import dev.psapolicy.input.InputProblem;
import java.time.LocalDate;
import java.util.List;

/**
 * One waiver as read from a waivers file. A waiver with {@link #defects} is malformed or
 * incomplete; {@link WaiverJudge} decides whether it is valid and whether it applies.
 *
 * @param id the waiver id (or {@code #n}, its position in the file, when the id is missing)
 * @param rule rule id or glob (null when missing or malformed)
 * @param scope where it applies (null when missing or malformed)
 * @param reason why the exception is needed
 * @param approver who approved it
 * @param ticket the change or risk ticket
 * @param created the approval date (null when missing or malformed)
 * @param expires the last day it waives, in UTC (null when missing or malformed)
 * @param file the waivers file as the user named it
 * @param line line of the waiver in the file
 * @param column column of the waiver in the file
 * @param expiresLine line of {@code expires} (of the waiver when absent)
 * @param expiresColumn column of {@code expires} (of the waiver when absent)
 * @param defects what is malformed or missing, each with its place; empty when well-formed
 */
public record Waiver(
    String id,
    Glob rule,
    Scope scope,
    String reason,
    String approver,
    String ticket,
    LocalDate created,
    LocalDate expires,
    String file,
    int line,
    int column,
    int expiresLine,
    int expiresColumn,
    List<InputProblem> defects) {

  public Waiver {
    defects = List.copyOf(defects);
  }

  /** "waivers.yaml:12:5", for messages. */
  public String where() {
    return file + ":" + line + ":" + column;
  }

  /** True when rule and scope were read, so matching is possible (even if invalid). */
  public boolean canMatch() {
    return rule != null && scope != null;
  }
}
