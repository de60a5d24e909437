package dev.psapolicy.policy;

import dev.psapolicy.alert.AlertsConfig;
import dev.psapolicy.engine.BaselineAssigner;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.Glob;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.Node;
import dev.psapolicy.report.Severity;
import java.util.List;

/**
 * A policy config ({@code psa-policy.yaml}) as read, with the position of every value that is
 * checked later against the rules and baselines of the run. Paths are already resolved against the
 * config's folder and written as the user would name them from the working directory.
 *
 * @param input the config file with its bytes, or null when there is none
 * @param failOn gate threshold, or null for the default
 * @param ruleDirs extra DRL folders or files
 * @param baselineFiles extra baseline files
 * @param defaultBaselines baselines for principals nothing else assigns
 * @param assign assignment entries, first match wins
 * @param severity severity overrides, by rule id or glob
 * @param disable rules switched off, by id or glob
 * @param waiverFiles waivers files
 * @param accepted accepted-findings file, or null
 * @param ttlDays longest waiver lifetime in days, or null for the default
 * @param warnDays warning period before a waiver expires, or null for the default
 * @param strictWaivers whether an invalid waiver stops the run (exit 3)
 * @param maxFirings rule firings one session may make ({@code ruleBudget.maxFirings}), or null for
 *     the default
 * @param ruleSeconds wall-clock seconds one evaluation may take ({@code ruleBudget.seconds}), or
 *     null for the default
 * @param acceptCritical whether accepted findings may accept critical violations ({@code
 *     acceptCritical: true}; off by default)
 * @param catalogFiles permission catalog files merged over the built-in one ({@code catalog})
 * @param serve the instances {@code psa-policy serve} checks ({@code serve}; {@link
 *     ServeConfig#NONE} when absent)
 * @param alerts where and when {@code psa-policy serve} alerts ({@code alerts}; {@link
 *     AlertsConfig#NONE} when absent); its secrets are read when the service starts
 */
public record PolicyConfig(
    InputFile input,
    Severity failOn,
    List<String> ruleDirs,
    List<String> baselineFiles,
    List<Ref> defaultBaselines,
    List<AssignRule> assign,
    List<SeverityOverride> severity,
    List<Ref> disable,
    List<String> waiverFiles,
    String accepted,
    Integer ttlDays,
    Integer warnDays,
    boolean strictWaivers,
    Integer maxFirings,
    Integer ruleSeconds,
    boolean acceptCritical,
    List<String> catalogFiles,
    ServeConfig serve,
    AlertsConfig alerts) {

  /** No config file: every default. */
  public static final PolicyConfig NONE =
      new PolicyConfig(
          null,
          null,
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          null,
          null,
          null,
          false,
          null,
          null,
          false,
          List.of(),
          ServeConfig.NONE,
          AlertsConfig.NONE);

  public PolicyConfig {
    ruleDirs = List.copyOf(ruleDirs);
    baselineFiles = List.copyOf(baselineFiles);
    defaultBaselines = List.copyOf(defaultBaselines);
    assign = List.copyOf(assign);
    severity = List.copyOf(severity);
    disable = List.copyOf(disable);
    waiverFiles = List.copyOf(waiverFiles);
    catalogFiles = List.copyOf(catalogFiles);
    serve = serve == null ? ServeConfig.NONE : serve;
    alerts = alerts == null ? AlertsConfig.NONE : alerts;
  }

  /** The config as the user named it, or null when there is none. */
  public String file() {
    return input == null ? null : input.location();
  }

  /**
   * A value of the config with its place.
   *
   * @param value the text as written
   * @param at where it stands
   */
  public record Ref(String value, Node at) {}

  /**
   * One {@code assign} entry: which principals it matches and the baselines they get.
   *
   * @param platform glob on connectwise / autotask, or null
   * @param instance glob on the PSA instance, or null
   * @param principal glob on the principal's PSA id, or null
   * @param name glob on the display name, or null
   * @param role glob on the security role / level name, or null
   * @param baselines baseline ids
   * @param at where the entry stands
   */
  public record AssignRule(
      Glob platform,
      Glob instance,
      Glob principal,
      Glob name,
      Glob role,
      List<Ref> baselines,
      Node at)
      implements BaselineAssigner.Rule {
    public AssignRule {
      baselines = List.copyOf(baselines);
    }

    @Override
    public boolean matches(Snapshot snapshot, SnapshotPrincipal p) {
      return matches(snapshot.platform().id(), snapshot.instance(), p.id(), p.name(), p.role());
    }

    @Override
    public List<String> baselineIds() {
      return baselines.stream().map(Ref::value).toList();
    }

    /** True when every glob that is set matches. */
    public boolean matches(
        String platformId, String instanceName, String id, String displayName, String roleName) {
      return covers(platform, platformId)
          && covers(instance, instanceName)
          && covers(principal, id)
          && covers(name, displayName)
          && covers(role, roleName);
    }

    private static boolean covers(Glob g, String value) {
      return g == null || g.matches(value);
    }
  }

  /**
   * A severity override.
   *
   * @param rule rule id or glob
   * @param severity the severity it gets
   * @param at where the key stands
   */
  public record SeverityOverride(Glob rule, Severity severity, Node at) {}
}
