package dev.psapolicy.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.plan.RolePlan.FunctionChange;
import dev.psapolicy.plan.RolePlan.Holder;
import dev.psapolicy.plan.RolePlan.Keep;
import dev.psapolicy.plan.RolePlan.ModuleChange;
import dev.psapolicy.plan.RolePlan.Shortfall;
import dev.psapolicy.plan.RolePlan.VerbChange;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plan files: the writer's bytes are pinned by a golden file, the reader gives back the same plan,
 * the hash ignores only {@code planHash} and {@code generatedAt}, and a plan edited after it was
 * written is refused with its place.
 */
class PlanJsonTest {
  private static final Path GOLDEN =
      Path.of("src/test/resources/dev/psapolicy/plan/sample-plan.json");

  /** A plan with every kind of field set at least once. */
  static Plan sample() {
    PlanPrincipal hatz = new PlanPrincipal("187", "Hatz AI", "connectwise:acme.example:187");
    PlanPrincipal rmm = new PlanPrincipal("189", null, "connectwise:acme.example:189");
    RolePlan shared =
        new RolePlan(
            new RoleRef("12", "Integration-Shared"),
            RolePlan.Decision.DEDICATED,
            "Hatz AI (187) would keep Edit on Service Desk / Service Tickets at All",
            List.of(
                new Holder(hatz, List.of("hatz-ai-connectwise"), RolePlan.Verdict.OK, List.of()),
                new Holder(
                    rmm,
                    List.of(),
                    RolePlan.Verdict.UNDER_GRANTED,
                    List.of(
                        new Shortfall(
                            "Finance", "Billing View Time", Verb.EDIT, Level.NONE, Level.ALL)))),
            List.of(
                new ModuleChange(
                    "Service Desk",
                    List.of(
                        new FunctionChange(
                            "Service Tickets",
                            null,
                            List.of(
                                new VerbChange(
                                    Verb.EDIT,
                                    Level.ALL,
                                    Level.NONE,
                                    List.of("ab12ab12ab12ab12ab12ab12ab12ab12"))))))),
            List.of(
                new Keep(
                    hatz, "Service Desk", "Service Tickets", Verb.EDIT, Level.ALL, Level.NONE)));
    SynthesisedRole synth =
        new SynthesisedRole(
            hatz,
            "Hatz AI least privilege",
            new RoleRef(null, "Integration-Hatz"),
            List.of("hatz-ai-connectwise", "rewst-connectwise"),
            true,
            "DATTO-ONE-USER-PER-INTEGRATION",
            List.of(
                new SynthesisedRole.Row(
                    "Service Desk",
                    "Service Tickets",
                    null,
                    Level.ALL,
                    Level.NONE,
                    Level.NONE,
                    Level.MY)),
            List.of(new RoleRef("31", "Hatz least")));
    Action reassign =
        new Action(
            "A1",
            Action.Kind.REASSIGN,
            true,
            null,
            hatz,
            null,
            new RoleRef("12", "Integration-Shared"),
            new RoleRef("31", "Hatz least"),
            "'Hatz least' satisfies hatz-ai-connectwise",
            List.of("set the API member's security role to 'Hatz least' (id 31)"),
            List.of("ab12ab12ab12ab12ab12ab12ab12ab12", "cd34cd34cd34cd34cd34cd34cd34cd34"));
    Action deactivate =
        new Action(
            "A2",
            Action.Kind.DEACTIVATE,
            true,
            "--deactivate-unused",
            rmm,
            null,
            null,
            null,
            "no baseline claims it",
            List.of(),
            List.of());
    Action manual =
        new Action(
            "M1",
            Action.Kind.EDIT_SECURITY_LEVEL,
            false,
            null,
            null,
            new RoleRef(null, "API User - Rewst"),
            null,
            null,
            "only an admin can edit a security level",
            List.of("Admin > Account Settings & Users > ... > Tickets: delete None"),
            List.of("ef56ef56ef56ef56ef56ef56ef56ef56"));
    return new Plan(
        Plan.FORMAT_VERSION,
        null,
        Instant.parse("2026-12-04T10:00:00Z"),
        new Plan.Tool("psa-policy", "1.2.3"),
        List.of(new Plan.PlanInput("snapshot", "acme.json", "00".repeat(32))),
        List.of(
            new InstancePlan(
                Platform.CONNECTWISE,
                "acme.example",
                "11".repeat(32),
                List.of(shared),
                List.of(synth),
                List.of(reassign, deactivate, manual))));
  }

  private static InputFile file(String name, byte[] bytes) {
    return InputFile.file(InputKind.PLAN, name, bytes);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void writesTheGoldenFile() throws IOException {
    String actual = text(PlanJson.write(sample()));
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), actual);
  }

  @Test
  void readsBackWhatItWrote() throws InvalidInputException {
    Plan plan = sample();
    Plan read = PlanJson.read(file("plan.json", PlanJson.write(plan)));
    assertEquals(plan.withHash(PlanJson.hash(plan)), read);
  }

  @Test
  void theHashIgnoresOnlyWhenTheHashAndTimeAre() {
    Plan plan = sample();
    Plan later =
        new Plan(
            plan.formatVersion(),
            "ff".repeat(32),
            Instant.parse("2027-01-01T00:00:00Z"),
            plan.tool(),
            plan.inputs(),
            plan.instances());
    assertEquals(PlanJson.hash(plan), PlanJson.hash(later));
    Plan otherTool =
        new Plan(
            plan.formatVersion(),
            null,
            plan.generatedAt(),
            new Plan.Tool("psa-policy", "1.2.4"),
            plan.inputs(),
            plan.instances());
    assertNotEquals(PlanJson.hash(plan), PlanJson.hash(otherTool));
  }

  /** Any edit of the content, however small, is refused, at the planHash key. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"to\" : \"None\"|\"to\" : \"My\"",
        "\"automated\" : false|\"automated\" : true",
        "\"clears\" : [ \"ab12ab12ab12ab12ab12ab12ab12ab12\", \"cd34cd34cd34cd34cd34cd34cd34cd34\" ]|\"clears\" : [ \"ab12ab12ab12ab12ab12ab12ab12ab12\" ]",
        "\"roleId\" : \"31\"|\"roleId\" : \"32\"",
        "\"inquire\" : \"My\"|\"inquire\" : \"All\""
      })
  void aTamperedPlanIsRefused(String from, String to) {
    String good = text(PlanJson.write(sample()));
    assertTrue(good.contains(from), "the sample holds " + from);
    String bad = good.replaceFirst(Pattern.quote(from), to);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> PlanJson.read(file("plan.json", bad.getBytes(StandardCharsets.UTF_8))));
    assertEquals(1, e.problems().size());
    InputProblem p = e.problems().get(0);
    assertEquals("plan.json", p.file());
    assertEquals(4, p.line());
    assertTrue(
        p.message()
            .matches(
                "planHash [0-9a-f]{64} does not match the plan's content \\(sha256 [0-9a-f]{64}\\):"
                    + " the plan was changed after it was written; make a new plan with psa-policy"
                    + " plan"),
        p.message());
  }

  @Test
  void unknownKeysAndBadValuesAreInputErrorsWithTheirPlace() {
    String good = text(PlanJson.write(sample()));
    String bad =
        good.replaceFirst("\"automated\" : true", "\"automatic\" : true")
            .replaceFirst("\"verb\" : \"edit\"", "\"verb\" : \"update\"");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> PlanJson.read(file("plan.json", bad.getBytes(StandardCharsets.UTF_8))));
    assertEquals(
        List.of(
            "plan.json:45:20: 'verb' has unknown value 'update' (expected one of: add, edit,"
                + " delete, inquire)",
            "plan.json:101:19: missing required key 'automated'",
            "plan.json:104:7: unknown key 'automatic' (did you mean 'automated'?)"),
        e.problems().stream().map(InputProblem::toString).toList());
  }

  /** Values a renderer or apply would trust are checked for their shape. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"factsSha256\" : \"1111|\"factsSha256\" : \"x111"
            + "|'factsSha256' must be 64 lower-case hex digits, found 'x111",
        "\"clears\" : [ \"ef56|\"clears\" : [ \"`ef56"
            + "|items of 'clears' must be violation fingerprints (32 lower-case hex digits), found"
            + " the string '`ef56",
      })
  void badlyShapedValuesAreRefused(String from, String to, String message) {
    String bad = text(PlanJson.write(sample())).replaceFirst(Pattern.quote(from), to);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> PlanJson.read(file("plan.json", bad.getBytes(StandardCharsets.UTF_8))));
    assertEquals(1, e.problems().size(), e.problems().toString());
    assertTrue(e.problems().get(0).message().startsWith(message), e.problems().get(0).message());
  }
}
