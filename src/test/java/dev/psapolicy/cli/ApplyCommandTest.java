package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.plan.Action;
import dev.psapolicy.plan.InstancePlan;
import dev.psapolicy.plan.Plan;
import dev.psapolicy.plan.PlanJson;
import dev.psapolicy.plan.PlanPrincipal;
import dev.psapolicy.plan.RoleRef;
import dev.psapolicy.simulator.ConnectWiseMsp;
import dev.psapolicy.simulator.ConnectWiseSimulator;
import dev.psapolicy.simulator.Fault;
import dev.psapolicy.simulator.FaultPlan;
import dev.psapolicy.simulator.SimulatorOptions;
import dev.psapolicy.simulator.SimulatorServer;
import dev.psapolicy.source.snapshot.SnapshotReader;
import dev.psapolicy.source.snapshot.SnapshotWriter;
import dev.psapolicy.testing.Cli;
import dev.psapolicy.testing.DemoData;
import dev.psapolicy.vocabulary.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply} against the ConnectWise simulator: dry run, approval, an instance changed between
 * plan and apply, a write that fails halfway and its rollback, and the full round trip fetch → plan
 * → apply → check.
 */
class ApplyCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATCH_187 =
      "PATCH /system/apiMembers/187 [{\"op\":\"replace\",\"path\":\"securityRole\","
          + "\"value\":{\"id\":31,\"name\":\"Hatz AI least privilege\"}}]";

  @TempDir Path dir;
  private final FaultPlan faults = FaultPlan.none();
  private ConnectWiseSimulator sim;

  @BeforeEach
  void start() throws Exception {
    sim =
        ConnectWiseSimulator.start(
            ConnectWiseMsp.fromSnapshot(DemoData.connectWise(), 5),
            SimulatorOptions.loopback().withFaults(faults));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private Cli cli() {
    return new Cli(dir)
        .env("CW_COMPANY", ConnectWiseMsp.DEMO_COMPANY)
        .env("CW_PUBLIC_KEY", ConnectWiseMsp.DEMO_PUBLIC_KEY)
        .env("CW_PRIVATE_KEY", ConnectWiseMsp.DEMO_PRIVATE_KEY)
        .env("CW_CLIENT_ID", ConnectWiseMsp.DEMO_CLIENT_ID);
  }

  /** fetch's and apply's connection options: the same for both, as the docs ask. */
  private List<String> connection() {
    return List.of(
        "--base-url",
        sim.apiRoot(),
        "--instance",
        "acme.example",
        "--integration",
        "nable-ncentral-connectwise=189",
        "--integration",
        "cyberdrain-cow-connectwise=189");
  }

  private Cli.Result run(List<String> head, List<String> tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(tail);
    return cli().run(all.toArray(String[]::new));
  }

  private Snapshot fetch(String file) throws Exception {
    Cli.Result r = run(List.of("fetch", "connectwise", "-o", file), connection());
    assertEquals(0, r.exit(), r.err());
    return SnapshotReader.read(dir.resolve(file));
  }

  /** Fetches the simulator and plans it: the plan's JSON. */
  private JsonNode plan() throws Exception {
    fetch("before.json");
    Cli.Result r =
        cli()
            .run(
                "plan",
                "--snapshot",
                "before.json",
                "--format",
                "json",
                "-o",
                "plan.json",
                "--no-config");
    assertEquals(0, r.exit(), r.err());
    return JSON.readTree(dir.resolve("plan.json").toFile());
  }

  private static String hash(JsonNode plan) {
    return plan.path("planHash").asText();
  }

  private Cli.Result apply(String plan, String... more) {
    List<String> args = new ArrayList<>(List.of("apply", plan, "--no-config"));
    args.addAll(List.of(more));
    return run(args, connection());
  }

  /** The violations (fingerprints) check reports on a snapshot file. */
  private Set<String> violations(String snapshot) throws Exception {
    Cli.Result r =
        cli()
            .run(
                "check",
                "--snapshot",
                snapshot,
                "--format",
                "json",
                "-o",
                snapshot + ".results",
                "--no-config");
    assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
    Set<String> out = new TreeSet<>();
    for (JsonNode v :
        JSON.readTree(dir.resolve(snapshot + ".results").toFile()).path("violations")) {
      out.add(v.path("fingerprint").asText());
    }
    return out;
  }

  private static List<String> clears(JsonNode plan, String actionId) {
    List<String> out = new ArrayList<>();
    for (JsonNode i : plan.path("instances")) {
      for (JsonNode a : i.path("actions")) {
        if (a.path("id").asText().equals(actionId)
            && i.path("platform").asText().equals("connectwise")) {
          a.path("clears").forEach(c -> out.add(c.asText()));
        }
      }
    }
    return out;
  }

  @Test
  void aDryRunSaysWhatItWouldSendAndSendsNothing() throws Exception {
    JsonNode plan = plan();
    int before = sim.requests().size();
    Cli.Result r = cli().run("apply", "plan.json", "--no-config");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "psa-policy apply: plan "
            + hash(plan)
            + " (plan.json): dry run, nothing is sent\n"
            + "connectwise acme.example A1 reassign Hatz AI (187): 'Integration-Hatz' (id 18) ->"
            + " 'Hatz AI least privilege' (id 31): would apply; clears 4 violation(s)\n"
            + "  would send: "
            + PATCH_187
            + "\n"
            + "connectwise acme.example A2 deactivate Legacy PSA Sync (190): skipped (needs"
            + " --deactivate-unused)\n"
            + "  not sent: PATCH /system/apiMembers/190"
            + " [{\"op\":\"replace\",\"path\":\"inactiveFlag\",\"value\":true}]\n"
            + r.out().lines().filter(l -> l.contains("manual action(s)")).findFirst().orElseThrow()
            + "\n"
            + "to perform it: psa-policy apply plan.json --approve "
            + hash(plan)
            + " with the connection options of the fetch (--site or --base-url, --credentials,"
            + " --integration ...)\n",
        r.out());
    assertEquals("", r.err());
    assertEquals(before, sim.requests().size(), "a dry run sends nothing at all");
    assertTrue(sim.writes().isEmpty());
    assertFalse(Files.exists(dir.resolve("plan.rollback.json")));
  }

  @Test
  void aWrongApprovalIsRefusedBeforeAnyRequest() throws Exception {
    JsonNode plan = plan();
    int before = sim.requests().size();
    String wrong = "0".repeat(64);
    Cli.Result r = apply("plan.json", "--approve", wrong);
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy apply: --approve "
            + wrong
            + " is not this plan's hash: review plan.json and approve its planHash "
            + hash(plan)
            + " (see psa-policy apply --help)\n",
        r.err());
    assertEquals(before, sim.requests().size());
    // a plan changed after it was written fails its own hash
    String text = Files.readString(dir.resolve("plan.json")).replace("\"31\"", "\"2\"");
    Files.writeString(dir.resolve("edited.json"), text);
    r = apply("edited.json", "--approve", hash(plan));
    assertEquals(3, r.exit());
    assertTrue(r.err().contains("the plan was changed after it was written"), r.err());
    // --rollback and --evidence belong to an approved run
    r = cli().run("apply", "plan.json", "--rollback", "x.json");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy apply: --rollback needs --approve PLAN_HASH (a dry run writes nothing)"
            + " (see psa-policy apply --help)\n",
        r.err());
    assertTrue(sim.writes().isEmpty());
  }

  @Test
  void anInstanceChangedSinceThePlanIsRefusedAndNothingIsWritten() throws Exception {
    JsonNode plan = plan();
    // an admin moves Rewst to the staff Technician role between plan and apply
    sim.update(m -> m.withMember(m.member(188).withRoleId(2)));
    Cli.Result r = apply("plan.json", "--approve", hash(plan));
    assertEquals(7, r.exit(), r.out() + r.err());
    String fresh = SnapshotWriter.factsSha256(fetch("now.json"));
    assertEquals(
        "psa-policy apply: refused: connectwise acme.example changed since the plan was made"
            + " (facts sha256 "
            + fresh
            + ", the plan's "
            + plan.path("instances").path(0).path("factsSha256").asText()
            + "); nothing was written: make a new plan (fetch with the same --integration"
            + " options as the plan's snapshot)\n",
        r.err());
    assertTrue(sim.writes().isEmpty());
    assertFalse(Files.exists(dir.resolve("plan.rollback.json")));
  }

  @Test
  void aPlanMadeFromSeveralSnapshotsOfTheInstanceIsRefusedForWhatItIs() throws Exception {
    plan();
    Plan made =
        PlanJson.read(
            InputFile.file(
                InputKind.PLAN, "plan.json", Files.readAllBytes(dir.resolve("plan.json"))));
    InstancePlan one = made.instances().get(0);
    Plan two =
        new Plan(
            made.formatVersion(),
            null,
            made.generatedAt(),
            made.tool(),
            made.inputs(),
            List.of(
                new InstancePlan(
                    one.platform(),
                    one.instance(),
                    one.factsSha256(),
                    2,
                    one.roles(),
                    one.synthesised(),
                    one.actions())));
    two = two.withHash(PlanJson.hash(two));
    Files.write(dir.resolve("two.json"), PlanJson.write(two));
    assertTrue(
        JSON.readTree(dir.resolve("two.json").toFile())
                .path("instances")
                .path(0)
                .path("snapshots")
                .asInt()
            == 2,
        "written only when more than one");
    assertTrue(
        JSON.readTree(dir.resolve("plan.json").toFile())
            .path("instances")
            .path(0)
            .path("snapshots")
            .isMissingNode());
    Cli.Result r = apply("two.json", "--approve", two.planHash());
    assertEquals(7, r.exit(), r.out() + r.err());
    assertEquals(
        "psa-policy apply: refused: the plan was made from 2 snapshots of connectwise"
            + " acme.example, and apply compares the instance with its one fetch before writing,"
            + " so it cannot tell whether the instance changed; nothing was written: fetch the"
            + " instance once (every --integration in the one fetch) and plan from that snapshot\n",
        r.err());
    assertTrue(sim.writes().isEmpty());
  }

  @Test
  void theDemoRoundTripClearsWhatThePlanClaimsAndNothingElse() throws Exception {
    JsonNode plan = plan();
    Set<String> before = violations("before.json");
    List<String> claimed = clears(plan, "A1");
    assertEquals(4, claimed.size());
    assertTrue(before.containsAll(claimed));

    Cli.Result r = apply("plan.json", "--approve", hash(plan), "--evidence", "pack");
    assertEquals(0, r.exit(), r.out() + r.err());
    List<SimulatorServer.LoggedRequest> writes = sim.writes();
    assertEquals(1, writes.size());
    assertEquals(
        PATCH_187, writes.get(0).method() + " /system/apiMembers/187 " + writes.get(0).body());
    assertEquals(200, writes.get(0).status());
    assertTrue(r.out().contains("verified A1: 4 of 4 claimed violation(s) gone\n"), r.out());
    assertTrue(
        r.out()
            .contains("verified: nothing else changed (every other principal and role as before)"),
        r.out());

    // check on a fresh fetch: exactly the claimed violations are gone
    Snapshot after = fetch("after.json");
    Set<String> expected = new TreeSet<>(before);
    claimed.forEach(expected::remove);
    assertEquals(expected, violations("after.json"));
    assertEquals("31", after.principals().get(0).roleId());

    // the evidence pack holds the plan, before and after, the rollback plan and every request
    List<String> files;
    try (Stream<Path> s = Files.walk(dir.resolve("pack"))) {
      files =
          s.filter(Files::isRegularFile)
              .map(p -> dir.resolve("pack").relativize(p).toString())
              .sorted()
              .toList();
    }
    assertTrue(files.contains("inputs/plans/plan.json"), files.toString());
    assertTrue(files.contains("inputs/plans/rollback.json"), files.toString());
    assertTrue(files.contains("inputs/snapshots/apply-before.json"), files.toString());
    assertTrue(files.contains("inputs/snapshots/apply-after.json"), files.toString());
    assertTrue(files.contains("inputs/responses/apply-requests.json"), files.toString());
    String requests = Files.readString(dir.resolve("pack/inputs/responses/apply-requests.json"));
    List<String> phases = new ArrayList<>();
    JSON.readTree(requests).forEach(q -> phases.add(q.path("phase").asText()));
    assertEquals(1, phases.stream().filter("write"::equals).count(), requests);
    assertEquals("fetch before", phases.get(0));
    assertEquals("fetch after", phases.get(phases.size() - 1));
    assertFalse(requests.contains(ConnectWiseMsp.DEMO_PRIVATE_KEY));
    assertEquals(0, cli().run("verify", "pack").exit());

    // and its rollback plan puts the instance back as the plan found it
    JsonNode rollback = JSON.readTree(dir.resolve("plan.rollback.json").toFile());
    r = apply("plan.rollback.json", "--approve", hash(rollback), "--rollback", "again.json");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals("", r.err(), "the rollback's re-check runs with the plan's policy");
    assertEquals(
        SnapshotWriter.factsSha256(SnapshotReader.read(dir.resolve("before.json"))),
        SnapshotWriter.factsSha256(fetch("restored.json")));
  }

  @Test
  void aWriteThatFailsHalfwayStopsAndItsRollbackRestoresTheRoles() throws Exception {
    // a plan with two reassignments (by hand, per the contract): Hatz AI to 31, Rewst to 31
    String original = SnapshotWriter.factsSha256(fetch("before.json"));
    String planText = threeReassignments(original);
    Files.writeString(dir.resolve("two.json"), planText);
    String twoHash = JSON.readTree(planText).path("planHash").asText();
    faults.add(Fault.parse("403@PATCH /system/apiMembers#1*1"));

    Cli.Result r = apply("two.json", "--approve", twoHash);
    assertEquals(8, r.exit(), r.out() + r.err());
    assertTrue(
        r.out()
            .contains(
                "A1 reassign Hatz AI (187): 'Integration-Hatz' (id 18) -> 'Hatz AI least privilege' (id 31): applied"),
        r.out());
    assertTrue(
        r.out()
            .contains(
                "A2 reassign Rewst (188): 'Rewst Automation' (id 19) -> 'Hatz AI least privilege' (id 31): FAILED"),
        r.out());
    assertTrue(
        r.out()
            .contains(
                "A3 reassign RMM and Warranty Sync (189): 'Integration-Shared' (id 20) -> 'Hatz AI least privilege' (id 31): not applied"),
        r.out());
    assertTrue(
        r.err()
            .endsWith(
                "psa-policy apply: stopped: PATCH /system/apiMembers/188 -> 403 Forbidden: Forbidden:"
                    + " injected fault 403@PATCH /system/apiMembers#1*1\n"),
        r.err());
    assertEquals(List.of(200, 403), sim.writes().stream().map(w -> w.status()).toList());
    assertEquals(31, sim.msp().member(187).roleId());
    assertEquals(19, sim.msp().member(188).roleId());

    // the rollback plan moves exactly the member that moved back, and apply runs it
    JsonNode rollback = JSON.readTree(dir.resolve("two.rollback.json").toFile());
    JsonNode actions = rollback.path("instances").path(0).path("actions");
    assertEquals(1, actions.size());
    assertEquals("187", actions.path(0).path("principal").path("id").asText());
    assertEquals("18", actions.path(0).path("to").path("roleId").asText());
    r =
        apply(
            "two.rollback.json",
            "--approve",
            rollback.path("planHash").asText(),
            "--rollback",
            "undo-undo.json");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(
        r.out().contains("verified A1: 0 of 0 claimed violation(s) gone; re-opened: "), r.out());
    assertEquals(original, SnapshotWriter.factsSha256(fetch("restored.json")));
  }

  @Test
  void aPlanTheInstanceContradictsIsRefusedBeforeAnyWrite() throws Exception {
    String facts = SnapshotWriter.factsSha256(fetch("before.json"));
    List<Action> actions =
        List.of(
            new Action(
                "A1",
                Action.Kind.REASSIGN,
                true,
                null,
                new PlanPrincipal("187", "Hatz AI", "connectwise:acme.example:187"),
                null,
                new RoleRef("19", "Rewst Automation"),
                new RoleRef("31", "Hatz AI least privilege"),
                "a wrong from",
                List.of(),
                List.of()),
            new Action(
                "A2",
                Action.Kind.REASSIGN,
                true,
                null,
                new PlanPrincipal("188", "Rewst", "connectwise:acme.example:188"),
                null,
                new RoleRef("19", "Rewst Automation"),
                new RoleRef("1", "Admin"),
                "an admin role as a fix",
                List.of(),
                List.of("0123456789abcdef0123456789abcdef")),
            new Action(
                "A3",
                Action.Kind.REASSIGN,
                true,
                null,
                new PlanPrincipal("4242", "Ghost", "connectwise:acme.example:4242"),
                null,
                new RoleRef("19", "Rewst Automation"),
                new RoleRef("31", "Hatz AI least privilege"),
                "no such member",
                List.of(),
                List.of()));
    String text = plan(Platform.CONNECTWISE, "acme.example", facts, actions);
    Files.writeString(dir.resolve("bad.json"), text);
    Cli.Result r = apply("bad.json", "--approve", JSON.readTree(text).path("planHash").asText());
    assertEquals(3, r.exit(), r.out() + r.err());
    assertEquals(
        "bad.json: A1: Hatz AI (187) holds role id 18, not 'Rewst Automation' (id 19) as the plan"
            + " says\n"
            + "bad.json: A2: moves Rewst (188) to the admin role 'Admin' (id 1): no least-privilege"
            + " fix does\n"
            + "bad.json: A3: no API member 4242 in acme.example\n",
        r.err());
    assertTrue(sim.writes().isEmpty());
  }

  @Test
  void deactivationsNeedTheirOptionAndRollBackAsAManualStep() throws Exception {
    JsonNode plan = plan();
    Cli.Result r = apply("plan.json", "--approve", hash(plan), "--deactivate-unused");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(
        r.out()
            .contains(
                "A2 deactivate Legacy PSA Sync (190): applied\n"
                    + "  sent: PATCH /system/apiMembers/190"
                    + " [{\"op\":\"replace\",\"path\":\"inactiveFlag\",\"value\":true}]\n"),
        r.out());
    assertTrue(sim.msp().member(190).inactive());
    assertEquals(31, sim.msp().member(187).roleId());
    assertEquals(2, sim.writes().size());
    JsonNode actions =
        JSON.readTree(dir.resolve("plan.rollback.json").toFile())
            .path("instances")
            .path(0)
            .path("actions");
    assertEquals("reassign", actions.path(0).path("kind").asText());
    assertEquals("manual", actions.path(1).path("kind").asText());
    assertFalse(actions.path(1).path("automated").asBoolean());
    assertEquals(
        "System > Members > API Members > 'Legacy PSA Sync': clear Inactive",
        actions.path(1).path("steps").path(0).asText());
  }

  @Test
  void thePlanFileIsReadLikeEveryInput() throws Exception {
    Cli.Result r = cli().run("apply", "missing.json");
    assertEquals(3, r.exit());
    assertEquals("missing.json: file not found\n", r.err());
    Files.createDirectories(dir.resolve("folder.json"));
    r = cli().run("apply", "folder.json");
    assertEquals(3, r.exit());
    assertEquals("folder.json: is a folder; expected a file\n", r.err());
    r = cli().run("apply");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy apply: give the plan file: apply PLAN.json (see psa-policy apply --help)\n",
        r.err());
  }

  @Test
  void autotaskActionsAreManualAndAnAutomatedOneIsAnInvalidPlan() throws Exception {
    Action edit =
        new Action(
            "M1",
            Action.Kind.EDIT_SECURITY_LEVEL,
            false,
            null,
            null,
            new RoleRef("27", "API User - Rewst"),
            null,
            null,
            "the Autotask API cannot edit a security level",
            List.of("Admin > ... > 'API User - Rewst' > Service Desk: delete None"),
            List.of());
    Files.writeString(dir.resolve("at.json"), plan(Platform.AUTOTASK, "acme", List.of(edit)));
    Cli.Result r = cli().run("apply", "at.json", "--no-config");
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out()
            .endsWith(
                "(at.json): no action apply may perform, nothing is sent\n"
                    + "1 manual action(s) stay steps for an admin (psa-policy plan shows them); the next"
                    + " check verifies them\n"),
        r.out());
    Action reassign =
        new Action(
            "A1",
            Action.Kind.REASSIGN,
            true,
            null,
            new PlanPrincipal("29683001", "Rewst", "autotask:acme:29683001"),
            null,
            new RoleRef("27", "API User - Rewst"),
            new RoleRef("24", "API User (system)"),
            "by hand",
            List.of(),
            List.of());
    Files.writeString(dir.resolve("at2.json"), plan(Platform.AUTOTASK, "acme", List.of(reassign)));
    r = cli().run("apply", "at2.json", "--no-config");
    assertEquals(3, r.exit());
    assertEquals(
        "at2.json: autotask acme A1: automated actions exist for ConnectWise only\n", r.err());
    assertTrue(sim.requests().isEmpty());
  }

  @Test
  void aReassignmentWithoutTheRoleItMovesFromIsAnInvalidPlan() throws Exception {
    // without it the rollback could not move the member back: refused before any request
    Action reassign =
        new Action(
            "A1",
            Action.Kind.REASSIGN,
            true,
            null,
            new PlanPrincipal("187", "Hatz AI", "connectwise:acme.example:187"),
            null,
            null,
            new RoleRef("31", "Hatz AI least privilege"),
            "by hand",
            List.of(),
            List.of());
    Files.writeString(
        dir.resolve("nofrom.json"), plan(Platform.CONNECTWISE, "acme.example", List.of(reassign)));
    Cli.Result r = cli().run("apply", "nofrom.json", "--no-config");
    assertEquals(3, r.exit());
    assertEquals(
        "nofrom.json: connectwise acme.example A1: a reassignment needs the numeric id of the role"
            + " it moves from (from.roleId): its rollback moves the member back there\n",
        r.err());
    assertTrue(sim.requests().isEmpty());
  }

  /**
   * A plan made by hand per the contract: the ConnectWise instance with three reassignments to role
   * 31 (Hatz AI's, then Rewst's and the shared member's, which a planner would not propose: they
   * only make a second and a third write), hashed as plan files are.
   */
  private static String threeReassignments(String facts) {
    String[][] moves = {
      {"187", "Hatz AI", "18", "Integration-Hatz"},
      {"188", "Rewst", "19", "Rewst Automation"},
      {"189", "RMM and Warranty Sync", "20", "Integration-Shared"}
    };
    List<Action> actions = new ArrayList<>();
    for (String[] m : moves) {
      actions.add(
          new Action(
              "A" + (actions.size() + 1),
              Action.Kind.REASSIGN,
              true,
              null,
              new PlanPrincipal(m[0], m[1], "connectwise:acme.example:" + m[0]),
              null,
              new RoleRef(m[2], m[3]),
              new RoleRef("31", "Hatz AI least privilege"),
              "by hand",
              List.of(),
              List.of()));
    }
    return plan(Platform.CONNECTWISE, "acme.example", facts, actions);
  }

  private static String plan(Platform platform, String instance, List<Action> actions) {
    return plan(platform, instance, "f".repeat(64), actions);
  }

  private static String plan(
      Platform platform, String instance, String facts, List<Action> actions) {
    Plan p =
        new Plan(
            Plan.FORMAT_VERSION,
            null,
            Cli.NOW,
            new Plan.Tool("psa-policy", "test"),
            List.of(),
            List.of(new InstancePlan(platform, instance, facts, List.of(), List.of(), actions)));
    return new String(PlanJson.write(p.withHash(PlanJson.hash(p))), StandardCharsets.UTF_8);
  }
}
