package dev.psapolicy.render;

import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.PrincipalInfo;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.RunInfo;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable result: typed records ({@link JsonResult}) with a formatVersion, written by
 * Jackson's streaming generator ({@link JsonResultWriter}).
 */
public final class JsonRenderer implements Renderer {
  /** Version of the JSON result format. */
  public static final int FORMAT_VERSION = 1;

  @Override
  public String name() {
    return "json";
  }

  @Override
  public void render(Report report, OutputStream out) throws IOException {
    // streamed: databind's set-up costs a cold run more than the rest of rendering
    JsonResultWriter.write(toJson(report), out);
    out.write('\n');
  }

  /** The JSON document as typed records (also read back by diff and evidence). */
  public static JsonResult toJson(Report r) {
    Map<String, Integer> bySeverity = new LinkedHashMap<>();
    r.countBySeverity().forEach((s, n) -> bySeverity.put(s.id(), n));
    RunInfo run = r.run();
    List<JsonResult.Input> inputs =
        run.inputs().stream()
            .map(i -> new JsonResult.Input(i.kind().id(), i.name(), i.sha256()))
            .toList();
    JsonResult.Run jr =
        new JsonResult.Run(
            run.runId(),
            run.startedAt().toString(),
            run.toolVersion(),
            inputs,
            r.principals().size(),
            run.grantsEvaluated(),
            run.complete(),
            run.incomplete());
    JsonResult.Summary summary =
        new JsonResult.Summary(
            r.violations().size(),
            bySeverity,
            r.count(Disposition.Status.OPEN),
            r.count(Disposition.Status.WAIVED),
            r.count(Disposition.Status.ACCEPTED),
            r.verdict().failOn().id(),
            r.verdict().failing(),
            r.verdict().exitCode());
    List<JsonResult.JsonViolation> vs =
        r.violations().stream().map(JsonRenderer::violation).toList();
    List<JsonResult.Rule> rules = r.rules().stream().map(JsonRenderer::rule).toList();
    List<JsonResult.Principal> principals =
        r.principals().stream().map(JsonRenderer::principal).toList();
    List<JsonResult.RelaxedRule> relaxed =
        r.relaxations().stream()
            .map(
                x ->
                    new JsonResult.RelaxedRule(
                        x.ruleId(),
                        x.disabled() ? "disabled" : "lowered",
                        x.declared().id(),
                        x.disabled() ? null : x.effective().id(),
                        x.where()))
            .toList();
    return new JsonResult(FORMAT_VERSION, jr, summary, vs, principals, rules, relaxed);
  }

  private static JsonResult.JsonViolation violation(Violation v) {
    // neutral fields for scripts; Autotask cells also get the platform's own words
    boolean words = v.cell() != null && Platform.parse(v.platform()) == Platform.AUTOTASK;
    return new JsonResult.JsonViolation(
        v.ruleId(),
        v.severity().id(),
        v.title(),
        v.message(),
        v.platform(),
        v.instance(),
        v.principalId(),
        v.principalName(),
        v.role(),
        v.module(),
        v.function(),
        v.verb(),
        v.actual(),
        v.allowed(),
        v.raw(),
        v.baseline(),
        v.fix(),
        v.steps(),
        v.fingerprint(),
        v.disposition().status().id(),
        v.disposition().reference(),
        words ? Verb.id(v.platform(), v.verb()) : null,
        words ? Level.word(v.platform(), v.actual()) : null,
        words ? Level.word(v.platform(), v.allowed()) : null);
  }

  private static JsonResult.Rule rule(RuleInfo r) {
    return new JsonResult.Rule(
        r.id(),
        r.severity().id(),
        r.oneStepSeverity() == null ? null : r.oneStepSeverity().id(),
        r.title(),
        r.rationale(),
        r.remediation(),
        r.source(),
        r.builtIn() ? "builtin" : "user");
  }

  private static JsonResult.Principal principal(PrincipalInfo p) {
    return new JsonResult.Principal(
        p.platform(),
        p.instance(),
        p.id(),
        p.name(),
        p.role(),
        p.baselines(),
        p.assignedBy() == null
            ? null
            : new JsonResult.AssignedBy(
                p.assignedBy().origin(),
                p.assignedBy().field(),
                p.assignedBy().pattern(),
                p.assignedBy().describe()),
        p.grants().size());
  }
}
