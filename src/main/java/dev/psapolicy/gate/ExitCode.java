package dev.psapolicy.gate;

/**
 * Process exit codes: stable, documented in docs/reference/exit-codes.md (generated from {@link
 * #meaning()}), distinct per outcome.
 */
public enum ExitCode {
  /** Nothing at or above the threshold; data complete. */
  OK(
      0,
      "complete data and no open violation at or above the threshold (`--fail-on`, else the config's"
          + " `failOn`); waived and accepted violations do not count"),
  /**
   * Violations at or above the threshold; also {@code plan --check} with a plan that is not empty
   * (the same meaning for a pipeline: something is still to fix).
   */
  VIOLATIONS(
      1,
      "at least one open violation at or above the threshold; `test`: a case failed, a share is below"
          + " `--min`, or a widening no rule reports; `diff`: something widened; `plan --check`:"
          + " actions remain; `apply`: a claimed fix not verified"),
  /** Bad command line. */
  USAGE(
      2,
      "bad command line: unknown option, format or severity; no input; `accept` onto an existing file"
          + " without `--update`; for `fetch`: missing credentials, plain `http://` to a host that is not"
          + " loopback, `--integration` naming a principal the fetch did not find; an output or"
          + " `--evidence` location that cannot be written (checked before the run) or another run"
          + " claimed first; `accept` of a critical finding without `acceptCritical: true`; a"
          + " previous pack without `--public-key` or `--allow-unsigned`"),
  /**
   * An input file (snapshot, baseline, rule, config, waivers, accepted findings) is invalid, or a
   * waiver is invalid under {@code --strict-waivers}.
   */
  INVALID_INPUT(
      3,
      "an input file is invalid: snapshot, baseline, rule, policy config, waivers or accepted-findings"
          + " file, a `fetch --credentials` file (open to group or others, unknown key), a `--ca-cert` or"
          + " `--tls-keystore` file; every problem is printed as `file:line:col: message`; with"
          + " `--strict-waivers`, also any invalid waiver"),
  /** The permission data is incomplete (fail-closed). */
  INCOMPLETE_DATA(
      4,
      "the permission data is incomplete (fail closed, never a pass): a snapshot marked `complete:"
          + " false`, or a level above None on a module/function the catalog does not know (unless"
          + " `--allow-unknown`); for `fetch`: a request that failed after retries, a 401/403 on a"
          + " permission endpoint, a response that does not parse or holds a value outside the spec,"
          + " wrong credentials, an unreachable PSA, or an Autotask request budget too low to start"),
  /**
   * A bug or an environment failure in psa-policy itself; also an evaluation that did not finish:
   * the rules ran out of their budget (rule firings per session, wall-clock time per evaluation) or
   * a rule failed while it ran. No gate decision was made, so it never passes.
   */
  INTERNAL_ERROR(
      5,
      "a bug or environment failure in psa-policy (`--debug` shows the stack trace), out of memory,"
          + " or an evaluation that did not finish: the rules ran out of their budget (firings per"
          + " session, wall-clock time) or a rule failed while it ran; never a pass"),
  /**
   * {@code verify}: an evidence pack is not intact (a file added, removed or changed, a bad or
   * missing signature, a broken chain); {@code check --previous}: the previous pack is not.
   */
  VERIFICATION_FAILED(
      6,
      "an evidence pack is not intact (a file added, removed or changed; a bad or missing signature; a"
          + " signature by another key than the pinned one; a broken chain; a manifest whose run"
          + " summary disagrees with its results): `verify`, and `check --previous` or `diff` given a"
          + " pack"),
  /** {@code apply}: the instance changed since the plan was made; nothing was written. */
  PLAN_STALE(
      7,
      "`apply`: the instance changed since the plan (a fresh fetch's `factsSha256` differs);"
          + " nothing written"),
  /** {@code apply}: a write failed; apply stopped there. */
  APPLY_FAILED(
      8, "`apply`: a write failed; apply stopped and wrote the rollback plan of what it applied");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  /** When the code is returned, in Markdown: the text of the exit-code table in the docs. */
  public String meaning() {
    return meaning;
  }
}
