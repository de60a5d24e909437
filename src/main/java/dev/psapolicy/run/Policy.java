package dev.psapolicy.run;

import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.engine.BaselineAssigner;
import dev.psapolicy.engine.Engine;
import dev.psapolicy.engine.FactAssembler;
import dev.psapolicy.engine.RuleBudget;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Problems;
import dev.psapolicy.policy.PolicyAssigner;
import dev.psapolicy.policy.PolicyConfig;
import dev.psapolicy.policy.PolicyLoader;
import dev.psapolicy.policy.RuleSelection;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.RuleRelaxation;
import dev.psapolicy.report.Severity;
import dev.psapolicy.ruleset.RuleSet;
import dev.psapolicy.waiver.AcceptedFindings;
import dev.psapolicy.waiver.Exemptions;
import dev.psapolicy.waiver.WaiverFile;
import dev.psapolicy.waiver.WaiverPolicy;
import dev.psapolicy.waiver.WaiverRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a run is judged by, loaded once and immutable: the config, the baselines, the rules
 * with their resolved severities and disabled rules, the baseline assignment, the waivers and
 * accepted findings, and the gate threshold. Built by {@link #load} from a {@link PolicyRequest}
 * (every command) or by {@link #of} (rule cases, probes, the benchmark: no config).
 *
 * @param config the policy config ({@link PolicyConfig#NONE} when there is none)
 * @param failOn gate threshold
 * @param baselines every baseline of the run
 * @param defaultBaselines the ids given for principals that declare none (from {@code --baseline})
 * @param rules the compiled rules
 * @param assembler snapshots to facts, with the assignment
 * @param engine the rules with the config's severities and disabled rules
 * @param exemptions waivers and accepted findings
 * @param relaxations the rules the config disables or lowers (listed in every output)
 * @param catalog the permission catalog with the user's catalog files merged over it
 */
public record Policy(
    PolicyConfig config,
    Severity failOn,
    BaselineSet baselines,
    List<String> defaultBaselines,
    RuleSet rules,
    FactAssembler assembler,
    Engine engine,
    Exemptions exemptions,
    List<RuleRelaxation> relaxations,
    InputFiles.Catalog catalog) {

  public Policy {
    defaultBaselines = List.copyOf(defaultBaselines);
    relaxations = List.copyOf(relaxations);
  }

  /**
   * A policy without config, waivers or accepted findings: every rule at its own severity.
   *
   * @param catalog the permission catalog
   * @param baselines the baselines
   * @param defaults baseline ids for principals that declare none
   * @param rules the rules
   * @param failOn gate threshold
   */
  public static Policy of(
      PermissionCatalog catalog,
      BaselineSet baselines,
      List<String> defaults,
      RuleSet rules,
      Severity failOn) {
    return new Policy(
        PolicyConfig.NONE,
        failOn,
        baselines,
        defaults,
        rules,
        new FactAssembler(catalog, baselines, BaselineAssigner.defaults(baselines, defaults)),
        new Engine(rules),
        Exemptions.NONE,
        List.of(),
        new InputFiles.Catalog(catalog, List.of()));
  }

  /**
   * The files the policy was read from, in the order run metadata lists them: the user's catalog
   * files, baselines, rules, waivers and accepted findings, config.
   */
  public List<InputFile> inputs() {
    List<InputFile> out = new ArrayList<>(catalog.files());
    baselines.all().forEach(b -> out.add(b.input()));
    rules.sources().forEach(r -> out.add(r.input()));
    out.addAll(exemptions.inputs());
    if (config.input() != null) {
      out.add(config.input());
    }
    return out;
  }

  /** Loads the config, then the inputs it and the request name; all problems of a step together. */
  public static Policy load(PolicyRequest req) throws InvalidInputException {
    PolicyConfig config = config(req);

    List<String> catalogFiles = new ArrayList<>(config.catalogFiles());
    catalogFiles.addAll(req.catalogs());
    InputFiles.Catalog catalog = InputFiles.catalog(catalogFiles, req.cwd());

    List<String> refs = new ArrayList<>(config.baselineFiles());
    refs.addAll(req.baselines());
    InputFiles.Baselines baselines = InputFiles.baselines(refs, req.cwd(), catalog.catalog());
    List<String> cliDefaults =
        baselines.selected().subList(config.baselineFiles().size(), baselines.selected().size());

    List<String> ruleDirs = new ArrayList<>(config.ruleDirs());
    ruleDirs.addAll(req.ruleDirs());
    RuleSet rules = InputFiles.rules(ruleDirs, req.cwd());
    Problems reserved = new Problems();
    for (RuleInfo r : rules.rules()) {
      if (WaiverRules.isWaiverFinding(r.id())) {
        reserved.add(
            new InputProblem(
                r.file(),
                r.line(),
                0,
                "rule id '" + r.id() + "' is reserved for findings about waivers"));
      }
    }
    reserved.throwIfAny();
    RuleSelection selection = RuleSelection.resolve(config, rules.rules());
    Severity failOn =
        req.failOn() != null
            ? req.failOn()
            : config.failOn() != null ? config.failOn() : Severity.HIGH;
    selection.requireGateCanFail(rules.rules(), failOn);
    BaselineAssigner assigner = PolicyAssigner.of(config, baselines.set(), cliDefaults);

    WaiverPolicy waiverPolicy =
        new WaiverPolicy(
            config.ttlDays() == null ? WaiverPolicy.DEFAULT_TTL_DAYS : config.ttlDays(),
            config.warnDays() == null ? WaiverPolicy.DEFAULT_WARN_DAYS : config.warnDays(),
            config.strictWaivers() || req.strictWaivers(),
            config.acceptCritical());
    List<String> waiverFiles = req.waiverFiles() != null ? req.waiverFiles() : config.waiverFiles();
    List<Map.Entry<Path, String>> files =
        waiverFiles.stream().map(f -> Map.entry(req.cwd().resolve(f), f)).toList();
    List<WaiverFile.Loaded> waivers =
        WaiverFile.read(files, rules.rules().stream().map(RuleInfo::id).toList());
    AcceptedFindings accepted = null;
    String acceptedFile = req.acceptedFile() != null ? req.acceptedFile() : config.accepted();
    if (req.readAccepted() && acceptedFile != null) {
      accepted = AcceptedFindings.read(req.cwd().resolve(acceptedFile), acceptedFile);
    }
    Exemptions exemptions = new Exemptions(waivers, accepted, waiverPolicy);
    if (waiverPolicy.strict()) {
      List<InputProblem> invalid = exemptions.invalid(req.now());
      if (!invalid.isEmpty()) {
        throw new InvalidInputException(invalid);
      }
    }
    FactAssembler assembler = new FactAssembler(catalog.catalog(), baselines.set(), assigner);
    Engine engine =
        new Engine(rules, selection::severityOf, selection::enabled)
            .withBudget(
                RuleBudget.DEFAULT
                    .withMaxFirings(
                        req.maxFirings() != null ? req.maxFirings() : asLong(config.maxFirings()))
                    .withSeconds(
                        req.ruleSeconds() != null
                            ? req.ruleSeconds()
                            : asLong(config.ruleSeconds())));
    return new Policy(
        config,
        failOn,
        baselines.set(),
        cliDefaults,
        rules,
        assembler,
        engine,
        exemptions,
        selection.relaxations(rules.rules()),
        catalog);
  }

  private static Long asLong(Integer i) {
    return i == null ? null : i.longValue();
  }

  private static PolicyConfig config(PolicyRequest req) throws InvalidInputException {
    if (req.config() != null) {
      return PolicyLoader.load(req.cwd().resolve(req.config()), req.config(), req.cwd());
    }
    if (req.noConfig()) {
      return PolicyConfig.NONE;
    }
    Path found = PolicyLoader.find(req.cwd()).orElse(null);
    return found == null
        ? PolicyConfig.NONE
        : PolicyLoader.load(found, PolicyLoader.FILE_NAME, req.cwd());
  }
}
