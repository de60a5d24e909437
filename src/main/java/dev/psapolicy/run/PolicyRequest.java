package dev.psapolicy.run;

import dev.psapolicy.report.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What a run asks the policy to be, in plain values (the command line, a schedule or a test builds
 * it): which config, which extra baselines, rules, waivers and accepted findings, and the flags
 * that override the config.
 *
 * @param cwd the folder relative paths resolve against (and where the config is looked for)
 * @param now the run's instant (the clock is read once)
 * @param config the config file, or null to look for {@code psa-policy.yaml} in {@code cwd}
 * @param noConfig ignore a config in {@code cwd}
 * @param baselines baseline ids or files given for principals that declare none ({@code
 *     --baseline})
 * @param ruleDirs extra DRL folders or files ({@code --rules}), after the config's
 * @param waiverFiles waiver files, or null for the config's
 * @param acceptedFile the accepted-findings file, or null for the config's
 * @param readAccepted whether accepted findings apply ({@code check}: yes; {@code accept}: no)
 * @param failOn the gate threshold, or null for the config's (else high)
 * @param strictWaivers any invalid waiver is an input error
 * @param maxFirings the rule budget's firings per session, or null for the config's (else the
 *     default)
 * @param ruleSeconds the rule budget's wall-clock seconds per evaluation, or null for the config's
 *     (else the default)
 */
public record PolicyRequest(
    Path cwd,
    Instant now,
    String config,
    boolean noConfig,
    List<String> baselines,
    List<String> ruleDirs,
    List<String> waiverFiles,
    String acceptedFile,
    boolean readAccepted,
    Severity failOn,
    boolean strictWaivers,
    Long maxFirings,
    Long ruleSeconds,
    List<String> catalogs) {
  public PolicyRequest {
    catalogs = List.copyOf(catalogs);
    baselines = List.copyOf(baselines);
    ruleDirs = List.copyOf(ruleDirs);
    waiverFiles = waiverFiles == null ? null : List.copyOf(waiverFiles);
  }

  /** A request with no config, flags or extra inputs, in {@code cwd} at {@code now}. */
  public static PolicyRequest defaults(Path cwd, Instant now) {
    return new PolicyRequest(
        cwd, now, null, true, List.of(), List.of(), null, null, true, null, false, null, null,
        List.of());
  }
}
