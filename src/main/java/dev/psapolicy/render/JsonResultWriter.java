package dev.psapolicy.render;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link JsonResult} with Jackson's streaming generator, byte for byte what databind's
 * indented output of the same records is (field order, nulls written, the {@code NON_NULL} and
 * {@code NON_EMPTY} fields left out when so): a check's JSON output needs no databind set-up, which
 * costs a cold run more than the rest of rendering. {@code JsonResultWriterTest} holds the two
 * outputs equal.
 */
final class JsonResultWriter {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonResultWriter() {}

  static void write(JsonResult r, OutputStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("formatVersion", r.formatVersion());
      g.writeFieldName("run");
      run(g, r.run());
      g.writeFieldName("summary");
      summary(g, r.summary());
      g.writeFieldName("violations");
      g.writeStartArray();
      for (JsonResult.JsonViolation v : r.violations()) {
        violation(g, v);
      }
      g.writeEndArray();
      g.writeFieldName("principals");
      g.writeStartArray();
      for (JsonResult.Principal p : r.principals()) {
        principal(g, p);
      }
      g.writeEndArray();
      g.writeFieldName("rules");
      g.writeStartArray();
      for (JsonResult.Rule rule : r.rules()) {
        rule(g, rule);
      }
      g.writeEndArray();
      if (r.relaxedRules() != null && !r.relaxedRules().isEmpty()) {
        g.writeFieldName("relaxedRules");
        g.writeStartArray();
        for (JsonResult.RelaxedRule x : r.relaxedRules()) {
          g.writeStartObject();
          text(g, "ruleId", x.ruleId());
          text(g, "change", x.change());
          text(g, "declared", x.declared());
          text(g, "effective", x.effective());
          text(g, "at", x.at());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
  }

  private static void run(JsonGenerator g, JsonResult.Run run) throws IOException {
    if (run == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    text(g, "runId", run.runId());
    text(g, "startedAt", run.startedAt());
    text(g, "toolVersion", run.toolVersion());
    g.writeFieldName("inputs");
    if (run.inputs() == null) {
      g.writeNull();
    } else {
      g.writeStartArray();
      for (JsonResult.Input i : run.inputs()) {
        g.writeStartObject();
        text(g, "kind", i.kind());
        text(g, "name", i.name());
        text(g, "sha256", i.sha256());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeNumberField("principals", run.principals());
    g.writeNumberField("grantsEvaluated", run.grantsEvaluated());
    g.writeBooleanField("complete", run.complete());
    strings(g, "incomplete", run.incomplete());
    g.writeEndObject();
  }

  private static void summary(JsonGenerator g, JsonResult.Summary s) throws IOException {
    if (s == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeNumberField("violations", s.violations());
    g.writeFieldName("bySeverity");
    if (s.bySeverity() == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      for (Map.Entry<String, Integer> e : s.bySeverity().entrySet()) {
        g.writeFieldName(e.getKey());
        if (e.getValue() == null) {
          g.writeNull();
        } else {
          g.writeNumber(e.getValue());
        }
      }
      g.writeEndObject();
    }
    g.writeNumberField("open", s.open());
    g.writeNumberField("waived", s.waived());
    g.writeNumberField("accepted", s.accepted());
    text(g, "failOn", s.failOn());
    g.writeNumberField("failing", s.failing());
    g.writeNumberField("exitCode", s.exitCode());
    g.writeEndObject();
  }

  private static void violation(JsonGenerator g, JsonResult.JsonViolation v) throws IOException {
    g.writeStartObject();
    text(g, "ruleId", v.ruleId());
    text(g, "severity", v.severity());
    text(g, "title", v.title());
    text(g, "message", v.message());
    text(g, "platform", v.platform());
    text(g, "instance", v.instance());
    text(g, "principal", v.principal());
    text(g, "principalName", v.principalName());
    text(g, "role", v.role());
    text(g, "module", v.module());
    text(g, "function", v.function());
    text(g, "verb", v.verb());
    text(g, "actual", v.actual());
    text(g, "allowed", v.allowed());
    text(g, "raw", v.raw());
    text(g, "baseline", v.baseline());
    text(g, "fix", v.fix());
    g.writeNumberField("steps", v.steps());
    text(g, "fingerprint", v.fingerprint());
    text(g, "status", v.status());
    text(g, "disposedBy", v.disposedBy());
    textIfSet(g, "platformVerb", v.platformVerb());
    textIfSet(g, "platformActual", v.platformActual());
    textIfSet(g, "platformAllowed", v.platformAllowed());
    g.writeEndObject();
  }

  private static void principal(JsonGenerator g, JsonResult.Principal p) throws IOException {
    g.writeStartObject();
    text(g, "platform", p.platform());
    text(g, "instance", p.instance());
    text(g, "id", p.id());
    text(g, "name", p.name());
    text(g, "role", p.role());
    strings(g, "baselines", p.baselines());
    if (p.assignedBy() != null) {
      JsonResult.AssignedBy a = p.assignedBy();
      g.writeFieldName("assignedBy");
      g.writeStartObject();
      text(g, "origin", a.origin());
      textIfSet(g, "field", a.field());
      textIfSet(g, "pattern", a.pattern());
      text(g, "text", a.text());
      g.writeEndObject();
    }
    g.writeNumberField("grants", p.grants());
    g.writeEndObject();
  }

  private static void rule(JsonGenerator g, JsonResult.Rule r) throws IOException {
    g.writeStartObject();
    text(g, "id", r.id());
    text(g, "severity", r.severity());
    text(g, "severityOneStep", r.severityOneStep());
    text(g, "title", r.title());
    text(g, "rationale", r.rationale());
    text(g, "remediation", r.remediation());
    text(g, "source", r.source());
    text(g, "origin", r.origin());
    g.writeEndObject();
  }

  /** A text field, null written as null (databind's {@code ALWAYS}). */
  private static void text(JsonGenerator g, String name, String value) throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeString(value);
    }
  }

  /** A {@code NON_NULL} field: left out when null. */
  private static void textIfSet(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void strings(JsonGenerator g, String name, List<String> values)
      throws IOException {
    g.writeFieldName(name);
    if (values == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (String s : values) {
      if (s == null) {
        g.writeNull();
      } else {
        g.writeString(s);
      }
    }
    g.writeEndArray();
  }
}
