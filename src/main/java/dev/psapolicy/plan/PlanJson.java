package dev.psapolicy.plan;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.psapolicy.input.Fields;
import dev.psapolicy.input.Hashes;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.plan.RolePlan.FunctionChange;
import dev.psapolicy.plan.RolePlan.Holder;
import dev.psapolicy.plan.RolePlan.Keep;
import dev.psapolicy.plan.RolePlan.ModuleChange;
import dev.psapolicy.plan.RolePlan.Shortfall;
import dev.psapolicy.plan.RolePlan.VerbChange;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one reader and writer of plan files. The writer streams the records in a fixed field order
 * (nulls left out, lists always written); the plan hash is the sha256 of the same JSON, compact,
 * without {@code planHash} and {@code generatedAt}. The reader checks every key with its position
 * (unknown keys are errors) and recomputes the hash from what it read: a plan edited after it was
 * written is an input error naming the file.
 *
 * <p>Levels are written with their neutral labels (None / My / All) and verbs with their neutral
 * ids (add / edit / delete / inquire): a plan file is read by programs; the text and Markdown
 * renderers speak the platform's words.
 */
public final class PlanJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private static final Set<String> TOP =
      Set.of("formatVersion", "kind", "planHash", "generatedAt", "tool", "inputs", "instances");
  private static final Set<String> TOOL = Set.of("name", "version");
  private static final Set<String> INPUT = Set.of("kind", "location", "sha256");
  private static final Set<String> INSTANCE =
      Set.of("platform", "instance", "factsSha256", "snapshots", "roles", "synthesised", "actions");
  private static final Set<String> ROLE_PLAN =
      Set.of("role", "decision", "reason", "holders", "changes", "keeps");
  private static final Set<String> ROLE_REF = Set.of("roleId", "role");
  private static final Set<String> PRINCIPAL = Set.of("id", "name", "key");
  private static final Set<String> HOLDER =
      Set.of("principal", "baselines", "verdict", "shortfalls");
  private static final Set<String> SHORTFALL =
      Set.of("module", "function", "verb", "level", "needed");
  private static final Set<String> KEEP =
      Set.of("principal", "module", "function", "verb", "level", "allowed");
  private static final Set<String> MODULE = Set.of("module", "functions");
  private static final Set<String> FUNCTION = Set.of("function", "setting", "verbs");
  private static final Set<String> VERB = Set.of("verb", "from", "to", "clears");
  private static final Set<String> SYNTHESISED =
      Set.of(
          "principal", "name", "current", "baselines", "union", "unionRule", "rows", "satisfiedBy");
  private static final Set<String> ROW =
      Set.of("module", "function", "setting", "add", "edit", "delete", "inquire");
  private static final Set<String> ACTION =
      Set.of(
          "id",
          "kind",
          "automated",
          "optIn",
          "principal",
          "role",
          "from",
          "to",
          "reason",
          "steps",
          "clears");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{32}");

  /** The options of {@code apply} an action may name as its opt-in. */
  private static final List<String> OPT_INS = List.of(Planner.DEACTIVATE_OPT_IN);

  private static final List<String> LEVELS = List.of("None", "My", "All");
  private static final List<String> VERBS = List.of("add", "edit", "delete", "inquire");

  private PlanJson() {}

  // ---------------------------------------------------------------- writing

  /** The plan file's bytes: indented JSON with its hash, ending in a line break. */
  public static byte[] write(Plan plan) {
    Plan hashed = plan.withHash(hash(plan));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(hashed, out, true);
    out.write('\n');
    return out.toByteArray();
  }

  /** Writes the plan file (with its hash) to a stream. */
  public static void write(Plan plan, OutputStream out) throws IOException {
    out.write(write(plan));
  }

  /**
   * The plan hash: sha256 (hex) of the plan's canonical JSON, that is the compact JSON of the plan
   * without {@code planHash} and {@code generatedAt}. Two plans of the same inputs and findings
   * have the same hash whenever they are made; any edit of the content changes it.
   */
  public static String hash(Plan plan) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(plan, out, false);
    return Hashes.sha256(out.toByteArray());
  }

  private static void write(Plan p, OutputStream out, boolean file) {
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      if (file) {
        g.useDefaultPrettyPrinter();
      }
      g.writeStartObject();
      g.writeNumberField("formatVersion", p.formatVersion());
      g.writeStringField("kind", Plan.KIND);
      if (file) {
        text(g, "planHash", p.planHash());
        text(g, "generatedAt", p.generatedAt() == null ? null : p.generatedAt().toString());
      }
      g.writeObjectFieldStart("tool");
      text(g, "name", p.tool().name());
      text(g, "version", p.tool().version());
      g.writeEndObject();
      g.writeArrayFieldStart("inputs");
      for (Plan.PlanInput in : p.inputs()) {
        g.writeStartObject();
        text(g, "kind", in.kind());
        text(g, "location", in.location());
        text(g, "sha256", in.sha256());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("instances");
      for (InstancePlan i : p.instances()) {
        instance(g, i);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise plan", e);
    }
  }

  private static void instance(JsonGenerator g, InstancePlan i) throws IOException {
    g.writeStartObject();
    text(g, "platform", i.platform().id());
    text(g, "instance", i.instance());
    text(g, "factsSha256", i.factsSha256());
    if (i.snapshots() > 1) {
      // written only then, so that a one-snapshot plan keeps the bytes (and hash) it always had
      g.writeNumberField("snapshots", i.snapshots());
    }
    g.writeArrayFieldStart("roles");
    for (RolePlan r : i.roles()) {
      rolePlan(g, r);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("synthesised");
    for (SynthesisedRole s : i.synthesised()) {
      synthesised(g, s);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("actions");
    for (Action a : i.actions()) {
      action(g, a);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void rolePlan(JsonGenerator g, RolePlan r) throws IOException {
    g.writeStartObject();
    roleRef(g, "role", r.role());
    text(g, "decision", r.decision().external());
    text(g, "reason", r.reason());
    g.writeArrayFieldStart("holders");
    for (Holder h : r.holders()) {
      g.writeStartObject();
      principal(g, "principal", h.principal());
      texts(g, "baselines", h.baselines());
      text(g, "verdict", h.verdict().external());
      g.writeArrayFieldStart("shortfalls");
      for (Shortfall s : h.shortfalls()) {
        g.writeStartObject();
        text(g, "module", s.module());
        text(g, "function", s.function());
        text(g, "verb", s.verb().id());
        text(g, "level", s.level().label());
        text(g, "needed", s.needed().label());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("changes");
    for (ModuleChange m : r.changes()) {
      g.writeStartObject();
      text(g, "module", m.module());
      g.writeArrayFieldStart("functions");
      for (FunctionChange f : m.functions()) {
        g.writeStartObject();
        text(g, "function", f.function());
        text(g, "setting", f.setting());
        g.writeArrayFieldStart("verbs");
        for (VerbChange v : f.verbs()) {
          g.writeStartObject();
          text(g, "verb", v.verb().id());
          text(g, "from", v.from().label());
          text(g, "to", v.to().label());
          texts(g, "clears", v.clears());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("keeps");
    for (Keep k : r.keeps()) {
      g.writeStartObject();
      principal(g, "principal", k.principal());
      text(g, "module", k.module());
      text(g, "function", k.function());
      text(g, "verb", k.verb().id());
      text(g, "level", k.level().label());
      text(g, "allowed", k.allowed().label());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void synthesised(JsonGenerator g, SynthesisedRole s) throws IOException {
    g.writeStartObject();
    principal(g, "principal", s.principal());
    text(g, "name", s.name());
    roleRef(g, "current", s.current());
    texts(g, "baselines", s.baselines());
    g.writeBooleanField("union", s.union());
    text(g, "unionRule", s.unionRule());
    g.writeArrayFieldStart("rows");
    for (SynthesisedRole.Row r : s.rows()) {
      g.writeStartObject();
      text(g, "module", r.module());
      text(g, "function", r.function());
      text(g, "setting", r.setting());
      for (Verb v : Verb.values()) {
        text(g, v.id(), r.level(v).label());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("satisfiedBy");
    for (RoleRef r : s.satisfiedBy()) {
      roleRefValue(g, r);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void action(JsonGenerator g, Action a) throws IOException {
    g.writeStartObject();
    text(g, "id", a.id());
    text(g, "kind", a.kind().external());
    g.writeBooleanField("automated", a.automated());
    text(g, "optIn", a.optIn());
    principal(g, "principal", a.principal());
    roleRef(g, "role", a.role());
    roleRef(g, "from", a.from());
    roleRef(g, "to", a.to());
    text(g, "reason", a.reason());
    texts(g, "steps", a.steps());
    texts(g, "clears", a.clears());
    g.writeEndObject();
  }

  private static void principal(JsonGenerator g, String field, PlanPrincipal p) throws IOException {
    if (p == null) {
      return;
    }
    g.writeObjectFieldStart(field);
    text(g, "id", p.id());
    text(g, "name", p.name());
    text(g, "key", p.key());
    g.writeEndObject();
  }

  private static void roleRef(JsonGenerator g, String field, RoleRef r) throws IOException {
    if (r == null) {
      return;
    }
    g.writeFieldName(field);
    roleRefValue(g, r);
  }

  private static void roleRefValue(JsonGenerator g, RoleRef r) throws IOException {
    g.writeStartObject();
    text(g, "roleId", r.roleId());
    text(g, "role", r.role());
    g.writeEndObject();
  }

  private static void text(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  private static void texts(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads a plan file: every problem with its {@code file:line:col}, all of them together; a plan
   * whose content does not match its {@code planHash} is refused.
   */
  public static Plan read(InputFile file) throws InvalidInputException {
    String display = file.location();
    Node root = StructuredFiles.parse(StructuredFiles.text(file), display, true);
    Reader r = new Reader(display, new Problems());
    Plan plan = r.plan(root);
    r.problems.throwIfAny();
    String declared = plan.planHash();
    String actual = hash(plan);
    if (!actual.equals(declared)) {
      r.problems.add(
          display,
          root.get("planHash"),
          "planHash "
              + declared
              + " does not match the plan's content (sha256 "
              + actual
              + "): the plan was changed after it was written; make a new plan with psa-policy"
              + " plan");
      r.problems.throwIfAny();
    }
    return plan;
  }

  /** The reader of one file: collects problems, returns null (or empty) where a value is bad. */
  private static final class Reader {
    private final String file;
    private final Problems problems;

    Reader(String file, Problems problems) {
      this.file = file;
      this.problems = problems;
    }

    private Fields fields(Node n, String what, Set<String> keys) {
      return Fields.of(file, n, what, keys, problems);
    }

    Plan plan(Node root) {
      Fields top = fields(root, "a plan", TOP);
      if (top == null) {
        return null;
      }
      int version = top.optInt("formatVersion", -1);
      if (!top.has("formatVersion")) {
        problems.add(file, root, "missing required key 'formatVersion'");
      } else if (version != Plan.FORMAT_VERSION && version != -1) {
        problems.add(
            file,
            top.raw("formatVersion"),
            "unsupported formatVersion "
                + version
                + " (this psa-policy reads "
                + Plan.FORMAT_VERSION
                + ")");
      }
      top.requireOneOf("kind", List.of(Plan.KIND));
      String hash = top.requireText("planHash");
      if (hash != null && !SHA256.matcher(hash).matches()) {
        problems.add(
            file,
            top.raw("planHash"),
            "'planHash' must be 64 lower-case hex digits, found '" + hash + "'");
      }
      Instant generatedAt = null;
      String generated = top.optText("generatedAt");
      if (generated != null) {
        try {
          generatedAt = Instant.parse(generated);
        } catch (DateTimeParseException e) {
          problems.add(
              file,
              top.raw("generatedAt"),
              "'generatedAt' must be a UTC time like 2026-12-04T10:00:00Z, found '"
                  + generated
                  + "'");
        }
      }
      Plan.Tool tool = null;
      Fields t = top.has("tool") ? fields(top.raw("tool"), "'tool'", TOOL) : null;
      if (!top.has("tool")) {
        problems.add(file, root, "missing required key 'tool'");
      } else if (t != null) {
        tool = new Plan.Tool(t.requireText("name"), t.optText("version"));
      }
      List<Plan.PlanInput> inputs =
          list(
              top,
              "inputs",
              n -> {
                Fields f = fields(n, "an input", INPUT);
                return f == null
                    ? null
                    : new Plan.PlanInput(
                        f.requireText("kind"), f.requireText("location"), f.optText("sha256"));
              });
      if (!top.has("instances")) {
        problems.add(file, root, "missing required key 'instances'");
      }
      List<InstancePlan> instances = list(top, "instances", this::instance);
      return new Plan(version, hash, generatedAt, tool, inputs, instances);
    }

    private InstancePlan instance(Node n) {
      Fields f = fields(n, "an instance", INSTANCE);
      if (f == null) {
        return null;
      }
      Platform platform =
          Platform.parse(f.requireOneOf("platform", List.of("connectwise", "autotask")));
      String instance = f.requireText("instance");
      String facts = f.optText("factsSha256");
      if (facts != null && !SHA256.matcher(facts).matches()) {
        problems.add(
            file,
            f.raw("factsSha256"),
            "'factsSha256' must be 64 lower-case hex digits, found '" + facts + "'");
      }
      int before = problems.list().size();
      int snapshots = f.optInt("snapshots", 1);
      if (problems.list().size() == before && snapshots < 1) {
        problems.add(file, f.raw("snapshots"), "'snapshots' must be 1 or more, found " + snapshots);
        snapshots = 1;
      }
      List<RolePlan> roles = list(f, "roles", this::rolePlan);
      List<SynthesisedRole> synthesised = list(f, "synthesised", this::synthesised);
      List<Action> actions = list(f, "actions", this::action);
      return platform == null || instance == null
          ? null
          : new InstancePlan(platform, instance, facts, snapshots, roles, synthesised, actions);
    }

    private RolePlan rolePlan(Node n) {
      Fields f = fields(n, "a role plan", ROLE_PLAN);
      if (f == null) {
        return null;
      }
      RoleRef role = requireRoleRef(f, "role");
      RolePlan.Decision decision =
          RolePlan.Decision.parse(f.requireOneOf("decision", RolePlan.Decision.externals()));
      String reason = f.optText("reason");
      List<Holder> holders = list(f, "holders", this::holder);
      List<ModuleChange> changes = list(f, "changes", this::moduleChange);
      List<Keep> keeps = list(f, "keeps", this::keep);
      return role == null || decision == null
          ? null
          : new RolePlan(role, decision, reason, holders, changes, keeps);
    }

    private Holder holder(Node n) {
      Fields f = fields(n, "a holder", HOLDER);
      if (f == null) {
        return null;
      }
      PlanPrincipal p = requirePrincipal(f, "principal");
      List<String> baselines = f.optTextList("baselines");
      RolePlan.Verdict verdict =
          RolePlan.Verdict.parse(f.requireOneOf("verdict", RolePlan.Verdict.externals()));
      List<Shortfall> shortfalls =
          list(
              f,
              "shortfalls",
              m -> {
                Fields s = fields(m, "a shortfall", SHORTFALL);
                if (s == null) {
                  return null;
                }
                String module = s.requireText("module");
                String function = s.requireText("function");
                Verb verb = verb(s, "verb");
                Level level = level(s, "level");
                Level needed = level(s, "needed");
                return module == null
                        || function == null
                        || verb == null
                        || level == null
                        || needed == null
                    ? null
                    : new Shortfall(module, function, verb, level, needed);
              });
      return p == null || verdict == null ? null : new Holder(p, baselines, verdict, shortfalls);
    }

    private Keep keep(Node n) {
      Fields f = fields(n, "a kept grant", KEEP);
      if (f == null) {
        return null;
      }
      PlanPrincipal p = requirePrincipal(f, "principal");
      String module = f.requireText("module");
      String function = f.requireText("function");
      Verb verb = verb(f, "verb");
      Level level = level(f, "level");
      Level allowed = level(f, "allowed");
      return p == null
              || module == null
              || function == null
              || verb == null
              || level == null
              || allowed == null
          ? null
          : new Keep(p, module, function, verb, level, allowed);
    }

    private ModuleChange moduleChange(Node n) {
      Fields f = fields(n, "a module's changes", MODULE);
      if (f == null) {
        return null;
      }
      String module = f.requireText("module");
      List<FunctionChange> functions =
          list(
              f,
              "functions",
              m -> {
                Fields fn = fields(m, "a function's changes", FUNCTION);
                if (fn == null) {
                  return null;
                }
                String function = fn.requireText("function");
                String setting = fn.optText("setting");
                List<VerbChange> verbs =
                    list(
                        fn,
                        "verbs",
                        v -> {
                          Fields vf = fields(v, "a verb change", VERB);
                          if (vf == null) {
                            return null;
                          }
                          Verb verb = verb(vf, "verb");
                          Level from = level(vf, "from");
                          Level to = level(vf, "to");
                          List<String> clears = fingerprints(vf);
                          return verb == null || from == null || to == null
                              ? null
                              : new VerbChange(verb, from, to, clears);
                        });
                return function == null ? null : new FunctionChange(function, setting, verbs);
              });
      return module == null ? null : new ModuleChange(module, functions);
    }

    private SynthesisedRole synthesised(Node n) {
      Fields f = fields(n, "a synthesised role", SYNTHESISED);
      if (f == null) {
        return null;
      }
      PlanPrincipal p = requirePrincipal(f, "principal");
      String name = f.requireText("name");
      RoleRef current = f.has("current") ? roleRef(f.raw("current")) : null;
      List<String> baselines = f.optTextList("baselines");
      boolean union = f.optBoolean("union", false);
      String unionRule = f.optText("unionRule");
      List<SynthesisedRole.Row> rows =
          list(
              f,
              "rows",
              m -> {
                Fields r = fields(m, "a role row", ROW);
                if (r == null) {
                  return null;
                }
                String module = r.requireText("module");
                String function = r.requireText("function");
                String setting = r.optText("setting");
                Level[] levels = new Level[4];
                for (Verb v : Verb.values()) {
                  levels[v.ordinal()] = level(r, v.id());
                }
                for (Level l : levels) {
                  if (l == null) {
                    return null;
                  }
                }
                return module == null || function == null
                    ? null
                    : new SynthesisedRole.Row(
                        module, function, setting, levels[0], levels[1], levels[2], levels[3]);
              });
      List<RoleRef> satisfiedBy = list(f, "satisfiedBy", this::roleRef);
      return p == null || name == null
          ? null
          : new SynthesisedRole(p, name, current, baselines, union, unionRule, rows, satisfiedBy);
    }

    private Action action(Node n) {
      Fields f = fields(n, "an action", ACTION);
      if (f == null) {
        return null;
      }
      String id = f.requireText("id");
      Action.Kind kind = Action.Kind.parse(f.requireOneOf("kind", Action.Kind.externals()));
      Node automatedNode = f.raw("automated");
      if (automatedNode == null || automatedNode.isNull()) {
        problems.add(file, n, "missing required key 'automated'");
      }
      boolean automated = f.optBoolean("automated", false);
      String optIn = f.optOneOf("optIn", OPT_INS);
      PlanPrincipal principal = f.has("principal") ? principal(f.raw("principal")) : null;
      RoleRef role = f.has("role") ? roleRef(f.raw("role")) : null;
      RoleRef from = f.has("from") ? roleRef(f.raw("from")) : null;
      RoleRef to = f.has("to") ? roleRef(f.raw("to")) : null;
      String reason = f.optText("reason");
      List<String> steps = f.optTextList("steps");
      List<String> clears = fingerprints(f);
      return id == null || kind == null
          ? null
          : new Action(
              id, kind, automated, optIn, principal, role, from, to, reason, steps, clears);
    }

    /** A {@code clears} list: violation fingerprints, 32 lower-case hex digits each. */
    private List<String> fingerprints(Fields f) {
      List<String> out = new ArrayList<>();
      for (Node item : f.optList("clears")) {
        if (item.isScalar() && FINGERPRINT.matcher(item.text()).matches()) {
          out.add(item.text());
        } else {
          problems.add(
              file,
              item,
              "items of 'clears' must be violation fingerprints (32 lower-case hex digits), found "
                  + item.describe());
        }
      }
      return out;
    }

    private PlanPrincipal requirePrincipal(Fields f, String key) {
      if (!f.has(key)) {
        problems.add(file, f.node(), "missing required key '" + key + "'");
        return null;
      }
      return principal(f.raw(key));
    }

    private PlanPrincipal principal(Node n) {
      Fields f = fields(n, "a principal", PRINCIPAL);
      if (f == null) {
        return null;
      }
      String id = f.requireText("id");
      String name = f.optText("name");
      String key = f.requireText("key");
      return id == null || key == null ? null : new PlanPrincipal(id, name, key);
    }

    private RoleRef requireRoleRef(Fields f, String key) {
      if (!f.has(key)) {
        problems.add(file, f.node(), "missing required key '" + key + "'");
        return null;
      }
      return roleRef(f.raw(key));
    }

    private RoleRef roleRef(Node n) {
      Fields f = fields(n, "a role", ROLE_REF);
      if (f == null) {
        return null;
      }
      String id = f.optText("roleId");
      String role = f.requireText("role");
      return role == null ? null : new RoleRef(id, role);
    }

    private Verb verb(Fields f, String key) {
      String s = f.requireOneOf(key, VERBS);
      return s == null ? null : Verb.parse(s);
    }

    private Level level(Fields f, String key) {
      String s = f.requireOneOf(key, LEVELS);
      return s == null ? null : Level.parseConnectWise(s);
    }

    private <T> List<T> list(Fields f, String key, Function<Node, T> item) {
      List<T> out = new ArrayList<>();
      for (Node n : f.optList(key)) {
        T t = item.apply(n);
        if (t != null) {
          out.add(t);
        }
      }
      return out;
    }
  }
}
