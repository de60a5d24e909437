package dev.psapolicy.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.plan.RolePlan.Decision;
import dev.psapolicy.plan.RolePlan.Holder;
import dev.psapolicy.plan.RolePlan.Verdict;
import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan cases under {@code src/test/resources/dev/psapolicy/plan/cases/}: one folder per case
 * with a snapshot, its baselines and config, and the expected plan in every format next to them
 * ({@code expected.txt}, {@code expected.md}, {@code expected.json}), plus the demo's plan under
 * {@code demo/}. Regenerate after an intended change with {@code -Dgolden.update=true} and review
 * the diff. The tests below state what each case is about, on the plan read back from its JSON.
 */
class PlanCasesTest {
  static final Path CASES = Path.of("src/test/resources/dev/psapolicy/plan/cases");
  static final Path DEMO = Path.of("src/test/resources/dev/psapolicy/plan/demo");
  private static final Map<String, String> FILES =
      Map.of("text", "expected.txt", "markdown", "expected.md", "json", "expected.json");

  private static Path demoPlanFile;

  static List<String> caseNames() throws IOException {
    try (Stream<Path> dirs = Files.list(CASES)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static List<Arguments> casesAndFormats() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String c : caseNames()) {
      for (String f : FILES.keySet().stream().sorted().toList()) {
        out.add(Arguments.of(c, f));
      }
    }
    return out;
  }

  private static void golden(Path file, String actual) throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(file), "missing " + file + " (run with -Dgolden.update=true)");
    assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from " + file);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("casesAndFormats")
  void planMatchesItsExpectedFile(String name, String format) throws IOException {
    Cli.Result r =
        new Cli(CASES.resolve(name)).run("plan", "--snapshot", "snapshot.yaml", "--format", format);
    assertEquals("", r.err());
    assertEquals(0, r.exit());
    golden(CASES.resolve(name).resolve(FILES.get(format)), r.out());
  }

  @BeforeAll
  static void planTheDemo() throws IOException {
    Path dir = Files.createTempDirectory("plan-demo");
    Cli.Result r =
        new Cli(dir).run("plan", "--demo", "--no-config", "--format", "json", "-o", "plan.json");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.out());
    demoPlanFile = dir.resolve("plan.json");
  }

  /**
   * The demo's plan with the hashes of its fetched snapshots blanked: a demo fetch records the
   * simulators' ephemeral ports in each snapshot's provenance, so those bytes (and the plan hash
   * that covers them) differ from run to run; everything else is pinned.
   */
  static Plan demoPlan() throws IOException, InvalidInputException {
    Plan plan = read(demoPlanFile);
    List<Plan.PlanInput> inputs =
        plan.inputs().stream()
            .map(
                in ->
                    in.location().startsWith("demo:")
                        ? new Plan.PlanInput(in.kind(), in.location(), "0".repeat(64))
                        : in)
            .toList();
    return new Plan(
        plan.formatVersion(), null, plan.generatedAt(), plan.tool(), inputs, plan.instances());
  }

  /** {@code plan --demo}: the plan an admin follows, pinned in every format. */
  @ParameterizedTest(name = "demo {0}")
  @MethodSource("formats")
  void theDemoPlanMatchesItsGoldenFile(String format) throws Exception {
    Plan plan = demoPlan();
    String actual = new String(PlanRenderer.byName(format).render(plan), StandardCharsets.UTF_8);
    golden(DEMO.resolve(FILES.get(format)), actual);
  }

  static List<String> formats() {
    return PlanRenderer.names();
  }

  @Test
  void theDemoPlanWithoutFileEqualsTheOneWrittenToAFile() throws Exception {
    Cli.Result r =
        new Cli(Files.createTempDirectory("plan-demo")).run("plan", "--demo", "--no-config");
    assertEquals(0, r.exit(), r.err());
    // the same plan but for the hash (see demoPlan): the text names it on its first line only
    String expected = new String(PlanRenderer.TEXT.render(demoPlan()), StandardCharsets.UTF_8);
    assertEquals(
        expected.substring(expected.indexOf('\n')), r.out().substring(r.out().indexOf('\n')));
    assertTrue(r.out().matches("(?s)psa-policy plan [0-9a-f]{64}\n.*"), r.out());
  }

  private static Plan read(Path file) throws IOException, InvalidInputException {
    return PlanJson.read(InputFile.file(InputKind.PLAN, file.toString(), Files.readAllBytes(file)));
  }

  private static Plan plan(String name) throws Exception {
    return read(CASES.resolve(name).resolve("expected.json"));
  }

  private static InstancePlan only(Plan plan) {
    assertEquals(1, plan.instances().size());
    return plan.instances().get(0);
  }

  // ---------------------------------------------------------------- what each case is about

  @Test
  void aSharedRoleWithDifferentBaselinesGetsDedicatedRolesAndNoHolderIsUnderGranted()
      throws Exception {
    InstancePlan i = only(plan("shared-role"));
    RolePlan role = i.roles().get(0);
    assertEquals(Decision.DEDICATED, role.decision());
    assertEquals(
        List.of("301", "302"), role.holders().stream().map(h -> h.principal().id()).toList());
    for (Holder h : role.holders()) {
      assertEquals(Verdict.OK, h.verdict(), h.principal().display());
      assertEquals(List.of(), h.shortfalls());
    }
    assertEquals(List.of(), role.changes(), "the shared role itself is not edited");
    assertTrue(
        role.keeps().stream()
            .anyMatch(
                k ->
                    k.principal().id().equals("302")
                        && k.function().equals("Service Tickets")
                        && k.verb().id().equals("edit")),
        "the reader would keep the writer's Edit: " + role.keeps());
    assertTrue(role.reason().contains("one dedicated role per integration"), role.reason());
    List<Action> creates =
        i.actions().stream().filter(a -> a.kind() == Action.Kind.CREATE_ROLE).toList();
    assertEquals(List.of("301", "302"), creates.stream().map(a -> a.principal().id()).toList());
    assertTrue(creates.stream().noneMatch(Action::automated));
  }

  @Test
  void aRoleThatAlreadySatisfiesTheBaselineMakesTheFixAReassignment() throws Exception {
    InstancePlan i = only(plan("reassign"));
    assertEquals(Decision.REASSIGN, i.roles().get(0).decision());
    SynthesisedRole s = i.synthesised().get(0);
    assertEquals(List.of(new RoleRef("31", "Ticket Reader role")), s.satisfiedBy(), "never Admin");
    assertEquals(1, i.actions().size());
    Action a = i.actions().get(0);
    assertEquals("A1", a.id());
    assertEquals(Action.Kind.REASSIGN, a.kind());
    assertTrue(a.automated());
    assertEquals(new RoleRef("20", "Too Wide"), a.from());
    assertEquals(new RoleRef("31", "Ticket Reader role"), a.to());
    assertEquals(3, a.clears().size());
  }

  @Test
  void aPrincipalServingTwoBaselinesGetsTheirUnionFlaggedAsTheDattoFinding() throws Exception {
    InstancePlan i = only(plan("union"));
    SynthesisedRole s = i.synthesised().get(0);
    assertTrue(s.union());
    assertEquals("DATTO-ONE-USER-PER-INTEGRATION", s.unionRule());
    assertTrue(
        Files.readString(Path.of("rules/practices.drl")).contains("@id(\"" + s.unionRule() + "\")"),
        "the flag names an existing rule");
    // the union: the writer's Service Tickets and Contacts, the reader's Company Maintenance
    assertEquals(
        List.of(
            "Companies / Company Maintenance None None None My",
            "Companies / Contacts None None None All",
            "Service Desk / Service Tickets All All None All"),
        s.rows().stream()
            .map(
                r ->
                    r.module()
                        + " / "
                        + r.function()
                        + " "
                        + r.add().label()
                        + " "
                        + r.edit().label()
                        + " "
                        + r.delete().label()
                        + " "
                        + r.inquire().label())
            .toList());
    assertTrue(i.actions().stream().anyMatch(a -> a.kind() == Action.Kind.SPLIT_USER));
  }

  @Test
  void anAutotaskSecurityLevelIsEditedByHandInAutotasksWords() throws Exception {
    InstancePlan i = only(plan("autotask-level"));
    assertTrue(i.actions().stream().noneMatch(Action::automated), "Autotask has no automated step");
    Action edit = i.actions().get(0);
    assertEquals(Action.Kind.EDIT_SECURITY_LEVEL, edit.kind());
    assertEquals(
        List.of(
            "Admin > Account Settings & Users > Resources/Users (HR) > Security > Security Levels >"
                + " 'API User - Ticket Sync' > Contracts > Object Permissions: Contracts; Contract"
                + " Visibility (Contracts): query None (now Restricted)",
            "Admin > Account Settings & Users > Resources/Users (HR) > Security > Security Levels >"
                + " 'API User - Ticket Sync' > Service Desk > Object Permissions: Tickets: delete"
                + " None (now All)",
            "Admin > Account Settings & Users > Resources/Users (HR) > Security > Security Levels >"
                + " 'API User - Ticket Sync' > Service Desk > Object Permissions: Ticket Notes:"
                + " update None (now Restricted)",
            "Admin > Account Settings & Users > Resources/Users (HR) > Security > Security Levels >"
                + " 'API User - Ticket Sync' > Service Desk > Object Permissions: Ticket Notes:"
                + " delete None (now All)"),
        edit.steps());
  }

  @Test
  void aRoleSharedByUsersOfTheSameBaselineIsEditedAndEveryHolderKeepsWhatItNeeds()
      throws Exception {
    InstancePlan i = only(plan("shared-same-baseline"));
    RolePlan role = i.roles().get(0);
    assertEquals(Decision.EDIT, role.decision());
    assertEquals(
        List.of(Verdict.OK, Verdict.OK), role.holders().stream().map(Holder::verdict).toList());
    assertEquals(List.of(), role.keeps());
    assertEquals(1, role.verbChanges().size());
    assertEquals(Action.Kind.EDIT_ROLE, i.actions().get(0).kind());
    assertEquals(2, i.actions().get(0).clears().size(), "one finding per holder");
  }

  @Test
  void aWiderCustomizeListIsAManualStepInTheRole() throws Exception {
    InstancePlan i = only(plan("customize-wider"));
    assertEquals(1, i.actions().size());
    Action a = i.actions().get(0);
    assertEquals(Action.Kind.EDIT_CUSTOMIZE, a.kind());
    assertFalse(a.automated());
    assertEquals(
        List.of(
            "System > Security Roles > 'Tables' > System > Table Setup > Customize: allow access"
                + " only to Company / Company Status"),
        a.steps());
  }

  @Test
  void aLeastPrivilegeInstanceHasAnEmptyPlan() throws Exception {
    Plan plan = plan("clean");
    assertTrue(plan.empty());
    assertEquals(Decision.UNCHANGED, only(plan).roles().get(0).decision());
  }

  // ---------------------------------------------------------------- what every plan keeps

  static List<String> casesAndDemo() throws IOException {
    List<String> out = new ArrayList<>(caseNames());
    out.add("(demo)");
    return out;
  }

  /**
   * Every open finding of {@code check} is claimed by exactly one action, and no action claims a
   * finding check did not report.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("casesAndDemo")
  void everyOpenFindingIsClaimedByExactlyOneAction(String name) throws Exception {
    boolean demo = name.equals("(demo)");
    Cli.Result check =
        demo
            ? new Cli(Files.createTempDirectory("plan-demo"))
                .run("check", "--demo", "--no-config", "--format", "json")
            : new Cli(CASES.resolve(name))
                .run("check", "--snapshot", "snapshot.yaml", "--format", "json");
    Set<String> open = new TreeSet<>();
    for (JsonNode v : new ObjectMapper().readTree(check.out()).get("violations")) {
      if (v.get("status").asText().equals("open")) {
        open.add(v.get("fingerprint").asText());
      }
    }
    Plan plan = demo ? read(demoPlanFile) : plan(name);
    List<String> claimed = plan.actions().stream().flatMap(a -> a.clears().stream()).toList();
    assertEquals(open, new TreeSet<>(claimed));
    assertEquals(claimed.size(), new TreeSet<>(claimed).size(), "claimed twice: " + claimed);
    assertFalse(demo && open.isEmpty(), "the demo has findings");
  }

  /** Automated actions exist only for ConnectWise, and only reassign and deactivate. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("casesAndDemo")
  void onlyConnectWiseReassignAndDeactivateAreAutomated(String name) throws Exception {
    Plan plan = name.equals("(demo)") ? read(demoPlanFile) : plan(name);
    for (InstancePlan i : plan.instances()) {
      for (Action a : i.actions()) {
        if (a.automated()) {
          assertEquals("connectwise", i.platform().id(), a.id());
          assertTrue(
              Set.of(Action.Kind.REASSIGN, Action.Kind.DEACTIVATE).contains(a.kind()), a.id());
          assertTrue(a.id().startsWith("A"), a.id());
        } else {
          assertTrue(a.id().startsWith("M"), a.id());
        }
      }
    }
  }
}
