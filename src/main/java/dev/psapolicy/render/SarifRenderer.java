package dev.psapolicy.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputRef;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.PrincipalInfo;
import dev.psapolicy.report.PrincipalRef;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.RuleRelaxation;
import dev.psapolicy.report.RunInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning dashboards: rule metadata in {@code tool.driver.rules}, severity as
 * {@code level} (and GitHub's {@code security-severity}), stable {@code partialFingerprints} from
 * {@link Violation#fingerprint()}, the gate's exit code in {@code invocations}, every input with
 * its SHA-256 in {@code artifacts}, and waived or accepted violations as {@code suppressions}.
 * Built from {@link SarifLog} records and serialised by Jackson.
 */
public final class SarifRenderer implements Renderer {
  /** The schema URI written into every log. */
  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  /** The key of psa-policy's fingerprint in {@code partialFingerprints}. */
  public static final String FINGERPRINT_KEY = "psaPolicyFingerprint/v1";

  /** Version of psa-policy's property bags in this format. */
  public static final int FORMAT_VERSION = 1;

  /** The base id under which files bundled in psa-policy (demo, built-in rules) are named. */
  public static final String BUNDLED_BASE = "PSAPOLICY_BUNDLED";

  /** Created on first use: a text-only run never pays for Jackson databind's set-up. */
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  @Override
  public String name() {
    return "sarif";
  }

  @Override
  public void render(Report report, OutputStream out) throws IOException {
    out.write(Mapper.JSON.writeValueAsBytes(toSarif(report)));
    out.write('\n');
  }

  /** The SARIF log as typed records. */
  public static SarifLog toSarif(Report r) {
    RunInfo run = r.run();
    List<SarifLog.ReportingDescriptor> rules = new ArrayList<>();
    Map<String, Integer> ruleIndex = new HashMap<>();
    for (RuleInfo rule : r.rules()) {
      ruleIndex.put(rule.id(), rules.size());
      rules.add(descriptor(rule));
    }
    // a violation of a rule the report does not describe still needs a descriptor
    for (Violation v : r.violations()) {
      if (!ruleIndex.containsKey(v.ruleId())) {
        ruleIndex.put(v.ruleId(), rules.size());
        rules.add(
            new SarifLog.ReportingDescriptor(
                v.ruleId(),
                name(v.ruleId()),
                SarifLog.Message.of(v.title()),
                null,
                null,
                new SarifLog.ReportingConfiguration(v.severity().sarifLevel()),
                null));
      }
    }
    SarifLog.ToolComponent driver =
        new SarifLog.ToolComponent(
            "psa-policy",
            "psa-policy least-privilege checks for PSA API users",
            run.toolVersion(),
            semver(run.toolVersion()),
            null,
            rules);

    List<SarifLog.Artifact> artifacts = new ArrayList<>();
    Map<InputRef, Integer> artifactIndex = new HashMap<>();
    for (InputRef in : run.inputs()) {
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("kind", in.kind().id());
      props.put("name", in.name());
      artifactIndex.putIfAbsent(in, artifacts.size());
      artifacts.add(
          new SarifLog.Artifact(
              location(in, null),
              List.of("analysisTarget"),
              Map.of("sha-256", in.sha256()),
              props));
    }

    Map<PrincipalRef, PrincipalInfo> principals = new HashMap<>();
    for (PrincipalInfo p : r.principals()) {
      principals.put(p.ref(), p);
    }
    List<SarifLog.Result> results = new ArrayList<>();
    for (Violation v : r.violations()) {
      PrincipalInfo p = principals.get(v.principalRef());
      results.add(
          result(
              v,
              ruleIndex.get(v.ruleId()),
              p,
              fallback(r, v),
              artifactIndex,
              r.verdict().failOn()));
    }

    List<SarifLog.Notification> notes =
        run.incomplete().stream()
            .map(
                reason ->
                    SarifLog.Notification.of(
                        "error", SarifLog.Message.of("incomplete data: " + reason)))
            .toList();
    List<SarifLog.Notification> relaxed =
        r.relaxations().stream()
            .map(
                x ->
                    new SarifLog.Notification(
                        "warning",
                        SarifLog.Message.of(
                            "rule " + x.ruleId() + " " + x.describe() + " by " + x.where()),
                        new SarifLog.RuleReference(x.ruleId())))
            .toList();
    Map<String, Object> invocationProps = new LinkedHashMap<>();
    invocationProps.put("failOn", r.verdict().failOn().id());
    invocationProps.put("failing", r.verdict().failing());
    invocationProps.put("gate", r.verdict().outcome().name());
    SarifLog.Invocation invocation =
        new SarifLog.Invocation(
            r.verdict().exitCode() == 0 || r.verdict().exitCode() == 1,
            r.verdict().exitCode(),
            r.verdict().describe(),
            run.startedAt().toString(),
            notes.isEmpty() ? null : notes,
            relaxed.isEmpty() ? null : relaxed,
            invocationProps);

    Map<String, Object> runProps = new LinkedHashMap<>();
    runProps.put("formatVersion", FORMAT_VERSION);
    runProps.put("runId", run.runId());
    runProps.put("complete", run.complete());
    runProps.put("incomplete", run.incomplete());
    runProps.put("grantsEvaluated", run.grantsEvaluated());
    runProps.put("principals", r.principals().stream().map(SarifRenderer::covered).toList());
    Map<String, Object> counts = new LinkedHashMap<>();
    r.countBySeverity().forEach((s, n) -> counts.put(s.id(), n));
    runProps.put("bySeverity", counts);
    runProps.put("open", r.count(Disposition.Status.OPEN));
    runProps.put("waived", r.count(Disposition.Status.WAIVED));
    runProps.put("accepted", r.count(Disposition.Status.ACCEPTED));
    if (!r.relaxations().isEmpty()) {
      runProps.put("relaxedRules", r.relaxations().stream().map(SarifRenderer::relaxed).toList());
    }

    Map<String, SarifLog.ArtifactLocation> bases = new LinkedHashMap<>();
    bases.put(
        BUNDLED_BASE,
        new SarifLog.ArtifactLocation(
            null,
            null,
            null,
            SarifLog.Message.of(
                "files bundled in the psa-policy jar (demo snapshots, built-in rules"
                    + " and baselines)")));
    SarifLog.Run sarifRun =
        new SarifLog.Run(
            new SarifLog.Tool(driver),
            new SarifLog.AutomationDetails("psa-policy/" + run.runId(), guid(run.runId())),
            List.of(invocation),
            bases,
            artifacts,
            results,
            "utf16CodeUnits",
            runProps);
    return new SarifLog(SCHEMA, "2.1.0", List.of(sarifRun));
  }

  private static SarifLog.ReportingDescriptor descriptor(RuleInfo rule) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("severity", rule.severity().id());
    if (rule.oneStepSeverity() != null) {
      props.put("severityOneStep", rule.oneStepSeverity().id());
    }
    props.put("security-severity", securitySeverity(rule.severity()));
    props.put("tags", List.of("security", "least-privilege", "psa"));
    props.put("origin", rule.builtIn() ? "builtin" : "user");
    if (rule.source() != null) {
      props.put("source", rule.source());
    }
    String help =
        join(
            rule.rationale(),
            rule.remediation() == null ? null : "Remediation: " + rule.remediation(),
            rule.source() == null ? null : "Source: " + rule.source());
    return new SarifLog.ReportingDescriptor(
        rule.id(),
        name(rule.id()),
        SarifLog.Message.of(rule.title()),
        rule.rationale() == null ? null : SarifLog.Message.of(rule.rationale()),
        help == null ? null : SarifLog.Message.of(help),
        new SarifLog.ReportingConfiguration(rule.severity().sarifLevel()),
        props);
  }

  private static SarifLog.Result result(
      Violation v,
      int ruleIndex,
      PrincipalInfo p,
      InputRef fallback,
      Map<InputRef, Integer> artifactIndex,
      Severity failOn) {
    String fqn =
        String.join("/", v.platform(), v.instance(), v.principalId())
            + (v.module() == null
                ? ""
                : "/" + v.module() + "/" + v.function() + "/" + Verb.id(v.platform(), v.verb()));
    String shortName =
        v.cell() == null ? v.principalName() : v.cell() + " " + Verb.id(v.platform(), v.verb());
    SarifLog.PhysicalLocation physical = null;
    if (p != null && p.source() != null) {
      physical =
          new SarifLog.PhysicalLocation(
              location(p.source(), artifactIndex.get(p.source())),
              new SarifLog.Region(Math.max(1, p.line())));
    } else if (fallback != null) {
      // code scanning needs a file for every result: a finding about no covered principal (a
      // waiver's, say) points at the first snapshot of its instance, or of the run
      physical =
          new SarifLog.PhysicalLocation(
              location(fallback, artifactIndex.get(fallback)), new SarifLog.Region(1));
    }
    SarifLog.Location loc =
        new SarifLog.Location(
            physical, List.of(new SarifLog.LogicalLocation(shortName, fqn, "resource")));

    List<SarifLog.Suppression> suppressions = null;
    Disposition d = v.disposition();
    if (!d.isOpen()) {
      Map<String, Object> sp = new LinkedHashMap<>();
      sp.put("status", d.status().id());
      sp.put("reference", d.reference());
      String why =
          d.status() == Disposition.Status.WAIVED
              ? "waived by " + d.reference()
              : "accepted finding (" + d.reference() + ")";
      suppressions = List.of(new SarifLog.Suppression("external", "accepted", why, sp));
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("severity", v.severity().id());
    props.put("security-severity", securitySeverity(v.severity()));
    props.put("status", d.status().id());
    props.put("gating", d.isOpen() && v.severity().atLeast(failOn));
    props.put("platform", v.platform());
    props.put("instance", v.instance());
    props.put("principal", v.principalId());
    props.put("principalName", v.principalName());
    props.put("role", v.role());
    props.put("module", v.module());
    props.put("function", v.function());
    props.put("verb", v.verb());
    props.put("actual", v.actual());
    props.put("allowed", v.allowed());
    if (v.cell() != null && "autotask".equals(v.platform())) {
      // the platform-neutral fields stay; the platform's own words go alongside
      props.put("platformVerb", Verb.id(v.platform(), v.verb()));
      props.put("platformActual", Level.word(v.platform(), v.actual()));
      props.put("platformAllowed", Level.word(v.platform(), v.allowed()));
    }
    props.put("raw", v.raw());
    props.put("baseline", v.baseline());
    props.put("fix", v.fix());
    props.put("steps", v.steps());
    String text = v.message() + " Fix: " + v.fix();
    return new SarifLog.Result(
        v.ruleId(),
        ruleIndex,
        v.severity().sarifLevel(),
        SarifLog.Message.of(text),
        List.of(loc),
        Map.of(FINGERPRINT_KEY, v.fingerprint()),
        suppressions,
        props);
  }

  /** A snapshot of the violation's instance, else of its platform, else the run's first. */
  private static InputRef fallback(Report r, Violation v) {
    InputRef platformOnly = null;
    for (PrincipalInfo p : r.principals()) {
      if (p.source() != null && p.platform().equals(v.platform())) {
        if (p.instance().equals(v.instance())) {
          return p.source();
        }
        platformOnly = platformOnly == null ? p.source() : platformOnly;
      }
    }
    if (platformOnly != null) {
      return platformOnly;
    }
    return r.run().inputs().stream()
        .filter(i -> i.kind() == InputKind.SNAPSHOT)
        .findFirst()
        .orElse(null);
  }

  private static Map<String, Object> relaxed(RuleRelaxation x) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ruleId", x.ruleId());
    m.put("change", x.disabled() ? "disabled" : "lowered");
    m.put("declared", x.declared().id());
    m.put("effective", x.disabled() ? null : x.effective().id());
    m.put("at", x.where());
    return m;
  }

  private static Map<String, Object> covered(PrincipalInfo p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("platform", p.platform());
    m.put("instance", p.instance());
    m.put("id", p.id());
    m.put("name", p.name());
    m.put("role", p.role());
    m.put("baselines", p.baselines());
    if (p.assignedBy() != null) {
      Map<String, Object> by = new LinkedHashMap<>();
      by.put("origin", p.assignedBy().origin());
      if (p.assignedBy().field() != null) {
        by.put("field", p.assignedBy().field());
        by.put("pattern", p.assignedBy().pattern());
      }
      by.put("text", p.assignedBy().describe());
      m.put("assignedBy", by);
    }
    return m;
  }

  /**
   * A SARIF artifact location for an input: a relative path stays relative (so code scanning
   * resolves it in the repository), an absolute path becomes a file URI, and a bundled file (a
   * built-in rule or baseline, the demo's data) is relative to {@link #BUNDLED_BASE}.
   */
  static SarifLog.ArtifactLocation location(InputRef in, Integer index) {
    switch (in.origin()) {
      case BUILT_IN, GENERATED -> {
        return new SarifLog.ArtifactLocation(encodePath(in.path()), BUNDLED_BASE, index, null);
      }
      case DEMO -> {
        return new SarifLog.ArtifactLocation(
            encodePath("demo/" + in.path()), BUNDLED_BASE, index, null);
      }
      default -> {
        String path = in.path().replace('\\', '/');
        if (path.startsWith("/")) {
          try {
            return new SarifLog.ArtifactLocation(
                new URI("file", "", path, null).toASCIIString(), null, index, null);
          } catch (URISyntaxException e) {
            throw new IllegalArgumentException("unusable path " + in.path(), e);
          }
        }
        return new SarifLog.ArtifactLocation(encodePath(path), null, index, null);
      }
    }
  }

  private static String encodePath(String path) {
    try {
      String encoded = new URI(null, null, path, null).toASCIIString();
      // a relative reference whose first segment has a colon would read as a scheme
      return encoded.contains(":") && !encoded.contains("/") ? "./" + encoded : encoded;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("unusable path " + path, e);
    }
  }

  /** GitHub's numeric security-severity (critical above 9, high 7 to 8.9, ...). */
  static String securitySeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      case INFO -> "0.0";
    };
  }

  /** "PSA-OVERGRANT-DELETE" becomes "PsaOvergrantDelete" (SARIF's rule name is an identifier). */
  static String name(String id) {
    StringBuilder b = new StringBuilder();
    for (String part : id.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        b.append(Character.toUpperCase(part.charAt(0)))
            .append(part.substring(1).toLowerCase(Locale.ROOT));
      }
    }
    return b.toString();
  }

  private static String semver(String version) {
    return version.matches("\\d+\\.\\d+\\.\\d+([-+].*)?") ? version : null;
  }

  private static String guid(String runId) {
    return runId.matches(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}" + "-[0-9a-fA-F]{12}")
        ? runId
        : null;
  }

  private static String join(String... parts) {
    StringBuilder b = new StringBuilder();
    for (String p : parts) {
      if (p != null && !p.isBlank()) {
        if (b.length() > 0) {
          b.append("\n\n");
        }
        b.append(p);
      }
    }
    return b.length() == 0 ? null : b.toString();
  }
}
