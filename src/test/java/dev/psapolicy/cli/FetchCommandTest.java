package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.Hashes;
import dev.psapolicy.simulator.AutotaskMsp;
import dev.psapolicy.simulator.AutotaskSimulator;
import dev.psapolicy.simulator.ConnectWiseMsp;
import dev.psapolicy.simulator.ConnectWiseSimulator;
import dev.psapolicy.simulator.Fault;
import dev.psapolicy.simulator.FaultPlan;
import dev.psapolicy.simulator.SimulatorOptions;
import dev.psapolicy.simulator.SimulatorTls;
import dev.psapolicy.source.snapshot.SnapshotReader;
import dev.psapolicy.testing.Cli;
import dev.psapolicy.testing.DemoData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code psa-policy fetch} end to end against the simulators, as a function. */
class FetchCommandTest {
  private static final String CW_PUBLIC = "PubK3y-7f1c9e20";
  private static final String CW_PRIVATE = "PrivS3cret-a8d2b4e6c0";
  private static final String CW_CLIENT = "3f0e2a5c-1111-4a2b-9c3d-000000000001";
  private static final String AT_USER = AutotaskMsp.demoUserName("29683001");
  private static final String AT_SECRET = "AtS3cret-99e1f0d7";
  private static final String AT_CODE = "IntC0de-5b7a3c11";
  private static final List<String> SECRETS =
      List.of(
          CW_PUBLIC,
          CW_PRIVATE,
          AT_SECRET,
          AT_CODE,
          Base64.getEncoder()
              .encodeToString(
                  ("acme+" + CW_PUBLIC + ":" + CW_PRIVATE).getBytes(StandardCharsets.UTF_8)));

  @TempDir Path dir;
  private final FaultPlan faults = FaultPlan.none();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Cli.Result> results = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private ConnectWiseSimulator cw(SimulatorOptions o) throws IOException {
    ConnectWiseSimulator s =
        ConnectWiseSimulator.start(
            ConnectWiseMsp.fromSnapshot(DemoData.connectWise(), 5)
                .withLogin("acme", CW_PUBLIC, CW_PRIVATE),
            o.withFaults(faults));
    open.add(s);
    return s;
  }

  private AutotaskSimulator at(int used) throws IOException {
    AutotaskMsp demo = DemoData.autotaskMsp();
    List<AutotaskMsp.Resource> resources = new ArrayList<>();
    for (AutotaskMsp.Resource r : demo.resources()) {
      resources.add(
          r.userName().equals(AT_USER)
              ? new AutotaskMsp.Resource(
                  r.id(),
                  r.userName(),
                  AT_SECRET,
                  r.firstName(),
                  r.lastName(),
                  r.levelId(),
                  r.licenseType(),
                  r.active())
              : r);
    }
    AutotaskSimulator s =
        AutotaskSimulator.start(
            new AutotaskMsp(
                List.of(AT_CODE), demo.entities(), demo.levels(), resources, 10_000, used),
            SimulatorOptions.loopback().withFaults(faults));
    open.add(s);
    return s;
  }

  private Cli cli() {
    return new Cli(dir)
        .env("CW_COMPANY", "acme")
        .env("CW_PUBLIC_KEY", CW_PUBLIC)
        .env("CW_PRIVATE_KEY", CW_PRIVATE)
        .env("CW_CLIENT_ID", CW_CLIENT)
        .env("AT_USERNAME", AT_USER)
        .env("AT_SECRET", AT_SECRET)
        .env("AT_INTEGRATION_CODE", AT_CODE);
  }

  private Cli.Result run(Cli cli, String... args) {
    Cli.Result r = cli.run(args);
    results.add(r);
    return r;
  }

  /** Every byte psa-policy printed or wrote in this test, as text. */
  private String everything() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Cli.Result r : results) {
      sb.append(r.out()).append(r.err());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        if (!p.getFileName().toString().startsWith("creds")) {
          sb.append(Files.readString(p, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return sb.toString();
  }

  @Test
  void fetchesConnectWiseIntoASnapshotThatCheckReads() throws Exception {
    ConnectWiseSimulator sim = cw(SimulatorOptions.loopback());
    Cli.Result r =
        run(
            cli(),
            "fetch",
            "connectwise",
            "--base-url",
            sim.apiRoot(),
            "-o",
            "cw.json",
            "--instance",
            "acme.example",
            "--integration",
            "hatz-ai-connectwise=187",
            "--integration",
            "rewst-connectwise=188",
            "--integration",
            "nable-ncentral-connectwise=189",
            "--integration",
            "cyberdrain-cow-connectwise=189");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.out());
    assertEquals(
        "psa-policy fetch: connectwise acme.example: 4 principal(s), 65 permission"
            + " row(s), 14 request(s); wrote cw.json\n",
        r.err());
    Snapshot s = SnapshotReader.read(dir.resolve("cw.json"));
    assertTrue(s.complete());
    assertEquals(List.of("hatz-ai-connectwise"), s.principals().get(0).integrations());
    // what recognise: patterns match: the API member's identifier and e-mail address
    assertEquals("hatzai", s.principals().get(0).identifier());
    assertEquals("hatzai@acme.example", s.principals().get(0).email());
    assertEquals(sim.apiRoot(), s.provenance().baseUrl());
    Cli.Result check = run(cli(), "check", "--snapshot", "cw.json");
    assertEquals(1, check.exit(), check.err());
    assertTrue(check.out().contains("CW-TICKET-ADD-ONLY"), check.out());
    assertTrue(check.out().contains("PSA-ADMIN-API-USER"), check.out());
  }

  @Test
  void readsEveryRoleByDefaultAndOnlyTheHeldOnesWithRolesHeld() throws Exception {
    ConnectWiseSimulator sim = cw(SimulatorOptions.loopback());
    Cli.Result r =
        run(cli(), "fetch", "connectwise", "--base-url", sim.apiRoot(), "-o", "all.json");
    assertEquals(0, r.exit(), r.err());
    Snapshot all = SnapshotReader.read(dir.resolve("all.json"));
    // 4 staff roles (2-5) and a least-privilege role (31) no API member holds, and the ones the
    // integrations hold
    assertEquals(
        List.of(
            "1 Admin",
            "2 Technician",
            "3 Service Manager",
            "4 Dispatcher",
            "5 Accounting",
            "18 Integration-Hatz",
            "19 Rewst Automation",
            "20 Integration-Shared",
            "31 Hatz AI least privilege"),
        all.roles().stream().map(x -> x.id() + " " + x.name()).toList());
    assertEquals("18", all.principals().get(0).roleId());
    assertEquals(cells(all.principals().get(0).grants()), cells(all.role("18").grants()));
    r =
        run(
            cli(),
            "fetch",
            "connectwise",
            "--base-url",
            sim.apiRoot(),
            "--roles",
            "held",
            "-o",
            "held.json");
    assertEquals(
        "psa-policy fetch: connectwise acme: 4 principal(s), 65 permission row(s), 9 request(s);"
            + " wrote held.json\n",
        r.err());
    Snapshot held = SnapshotReader.read(dir.resolve("held.json"));
    assertEquals(List.of("1", "18", "19", "20"), held.roles().stream().map(x -> x.id()).toList());
    assertEquals(
        all.principals().stream().map(p -> p.roleId() + " " + cells(p.grants())).toList(),
        held.principals().stream().map(p -> p.roleId() + " " + cells(p.grants())).toList());
    // a role no one holds whose settings cannot be read is incomplete data too, and is not listed
    faults.add(Fault.parse("403@/securityRoles/2/settings"));
    r = run(cli(), "fetch", "connectwise", "--base-url", sim.apiRoot(), "-o", "denied.json");
    assertEquals(4, r.exit(), r.err());
    Snapshot denied = SnapshotReader.read(dir.resolve("denied.json"));
    assertFalse(denied.complete());
    assertEquals(null, denied.role("2"));
    assertEquals(8, denied.roles().size());
    r = run(cli(), "fetch", "connectwise", "--base-url", sim.apiRoot(), "--roles", "some");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy fetch: --roles 'some' is not all or held (see psa-policy fetch --help)\n",
        r.err());
  }

  private static List<String> cells(List<Snapshot.PermissionRow> rows) {
    return rows.stream()
        .map(
            x ->
                x.module()
                    + " / "
                    + x.function()
                    + " "
                    + x.add()
                    + " "
                    + x.edit()
                    + " "
                    + x.delete()
                    + " "
                    + x.inquire())
        .toList();
  }

  @Test
  void aFunctionOnlyThePsaNamesIsJudgedNotIncomplete() throws Exception {
    // A real instance reports functions the catalog has never heard of: they are real (the PSA said
    // so) and judged like any other cell; no baseline lists it, so All is an over-grant.
    Snapshot seed = DemoData.connectWise();
    Snapshot.SnapshotPrincipal p = seed.principals().get(0);
    List<Snapshot.PermissionRow> rows = new ArrayList<>(p.grants());
    rows.add(
        new Snapshot.PermissionRow(
            "Service Desk", "Ticket Kanban Board", "None", "None", "All", "None", 0));
    List<Snapshot.SnapshotPrincipal> principals = new ArrayList<>(seed.principals());
    principals.set(
        0,
        new Snapshot.SnapshotPrincipal(
            p.id(),
            p.name(),
            p.kind(),
            p.role(),
            p.admin(),
            p.inactive(),
            p.integrations(),
            rows,
            p.line()));
    ConnectWiseSimulator sim =
        ConnectWiseSimulator.start(
            ConnectWiseMsp.fromSnapshot(seed.withPrincipals(principals), 5)
                .withLogin("acme", CW_PUBLIC, CW_PRIVATE),
            SimulatorOptions.loopback().withFaults(faults));
    open.add(sim);
    Cli.Result r =
        run(
            cli(),
            "fetch",
            "connectwise",
            "--base-url",
            sim.apiRoot(),
            "-o",
            "cw.json",
            "--integration",
            "hatz-ai-connectwise=" + p.id());
    assertEquals(0, r.exit(), r.err());
    Cli.Result check = run(cli(), "check", "--snapshot", "cw.json", "--fail-on", "critical");
    assertEquals(1, check.exit(), check.out() + check.err());
    assertTrue(
        check.out().contains("PSA-OVERGRANT-DELETE")
            && check.out().contains("Service Desk / Ticket Kanban Board"),
        check.out());
    assertFalse(check.out().contains("PSA-UNKNOWN-PERMISSION"), check.out());
    assertFalse(check.out().contains("incomplete"), check.out());

    // The same name typed into a baseline is an input error.
    Files.writeString(
        dir.resolve("kanban.yaml"),
        "id: kanban-connectwise\n"
            + "platform: connectwise\n"
            + "title: Kanban\n"
            + "product: Kanban\n"
            + "vendor: Kanban\n"
            + "source: https://example.com/kanban\n"
            + "retrieved: 2026-11-26\n"
            + "rows:\n"
            + "  - { module: Service Desk, function: Ticket Kanban Board, add: None, edit: None,"
            + " delete: All, inquire: None }\n");
    Cli.Result typed = run(cli(), "check", "--snapshot", "cw.json", "--baseline", "kanban.yaml");
    assertEquals(3, typed.exit(), typed.out() + typed.err());
    assertTrue(typed.err().contains("kanban.yaml:9:"), typed.err());
  }

  @Test
  void fetchedSnapshotsFollowThePublishedSchema() throws Exception {
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(
                new String(
                    Bundled.read("dev/psapolicy/schema/snapshot.schema.json"),
                    StandardCharsets.UTF_8));
    ConnectWiseSimulator sim = cw(SimulatorOptions.loopback());
    AutotaskSimulator at = at(124);
    assertEquals(
        0,
        run(
                cli(),
                "fetch",
                "connectwise",
                "--base-url",
                sim.apiRoot(),
                "-o",
                "cw.json",
                "--integration",
                "hatz-ai-connectwise=187")
            .exit());
    assertEquals(
        0, run(cli(), "fetch", "autotask", "--base-url", at.apiRoot(), "-o", "at.json").exit());
    faults.add(Fault.parse("403@/settings"));
    assertEquals(
        4,
        run(cli(), "fetch", "connectwise", "--base-url", sim.apiRoot(), "-o", "partial.json")
            .exit());
    for (String f : List.of("cw.json", "at.json", "partial.json")) {
      JsonNode json = new ObjectMapper().readTree(dir.resolve(f).toFile());
      assertEquals(Set.of(), schema.validate(json), f);
    }
  }

  @Test
  void writesToStandardOutputWithoutDashO() throws Exception {
    ConnectWiseSimulator sim = cw(SimulatorOptions.loopback());
    Cli.Result r = run(cli(), "fetch", "connectwise", "--site", sim.siteUrl());
    assertEquals(0, r.exit(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals("acme", json.get("instance").asText());
    assertEquals(4, json.get("principals").size());
  }

  @Test
  void keepsRawResponsesThatMatchTheProvenanceHashes() throws Exception {
    ConnectWiseSimulator sim = cw(SimulatorOptions.loopback());
    Cli.Result r =
        run(
            cli(),
            "fetch",
            "connectwise",
            "--base-url",
            sim.apiRoot(),
            "-o",
            "cw.json",
            "--raw",
            "raw",
            "--page-size",
            "10");
    assertEquals(0, r.exit(), r.err());
    Snapshot s = SnapshotReader.read(dir.resolve("cw.json"));
    JsonNode index = new ObjectMapper().readTree(dir.resolve("raw/index.json").toFile());
    assertEquals(s.provenance().responses().size(), index.size());
    for (int i = 0; i < index.size(); i++) {
      JsonNode e = index.get(i);
      byte[] body = Files.readAllBytes(dir.resolve("raw").resolve(e.get("file").asText()));
      assertEquals(s.provenance().responses().get(i).sha256(), Hashes.sha256(body));
      assertEquals(s.provenance().responses().get(i).path(), e.get("path").asText());
    }
    assertEquals("001-GET-system-info.json", index.get(0).get("file").asText());
  }

  @Test
  void secretsNeverAppearInAnyOutput() throws Exception {
    ConnectWiseSimulator sim = cw(SimulatorOptions.loopback());
    AutotaskSimulator at = at(124);
    assertEquals(
        0,
        run(
                cli(),
                "fetch",
                "connectwise",
                "--base-url",
                sim.apiRoot(),
                "-o",
                "cw.json",
                "--raw",
                "raw-cw",
                "--debug")
            .exit());
    assertEquals(
        0,
        run(
                cli(),
                "fetch",
                "autotask",
                "--zone-lookup",
                at.apiRoot(),
                "-o",
                "at.json",
                "--raw",
                "raw-at",
                "--debug")
            .exit());
    // failures: a rejected key, an injected 401, a denied page, an unreachable host
    assertEquals(
        4,
        run(
                cli().env("CW_PRIVATE_KEY", CW_PRIVATE + "x"),
                "fetch",
                "connectwise",
                "--base-url",
                sim.apiRoot(),
                "--debug")
            .exit());
    assertEquals(
        4,
        run(
                cli().env("AT_SECRET", AT_SECRET + "x"),
                "fetch",
                "autotask",
                "--base-url",
                at.apiRoot(),
                "--debug")
            .exit());
    faults.add(Fault.parse("403@/settings*1"));
    assertEquals(
        4,
        run(
                cli(),
                "fetch",
                "connectwise",
                "--base-url",
                sim.apiRoot(),
                "--raw",
                "raw-denied",
                "-o",
                "denied.json",
                "--debug")
            .exit());
    faults.add(Fault.parse("auth"));
    assertEquals(4, run(cli(), "fetch", "autotask", "--base-url", at.apiRoot(), "--debug").exit());
    assertEquals(
        4,
        run(
                cli(),
                "fetch",
                "connectwise",
                "--base-url",
                "http://127.0.0.1:1/v4_6_release/apis/3.0",
                "--retries",
                "0",
                "--debug")
            .exit());
    String all = everything();
    assertTrue(all.contains("\"principals\""), "the outputs were captured");
    for (String secret : SECRETS) {
      assertFalse(all.contains(secret), "leaked " + secret.substring(0, 4) + "...");
    }
  }

  @Test
  void missingCredentialsAreAUsageError() {
    Cli.Result r =
        run(
            new Cli(dir).env("CW_COMPANY", "acme"),
            "fetch",
            "connectwise",
            "--site",
            "na.myconnectwise.net");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy fetch: missing credentials: CW_PUBLIC_KEY, CW_PRIVATE_KEY,"
            + " CW_CLIENT_ID (set the environment variables or give --credentials FILE)"
            + " (see psa-policy fetch --help)\n",
        r.err());
  }

  @Test
  void aCredentialWithAControlCharacterIsNamedNotShown() {
    Cli.Result r =
        run(
            cli().env("CW_PRIVATE_KEY", "Priv\u0007Bell99"),
            "fetch",
            "connectwise",
            "--base-url",
            "http://127.0.0.1:1/x");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy fetch: CW_PRIVATE_KEY contains a control character"
            + " (see psa-policy fetch --help)\n",
        r.err());
  }

  @Test
  void plainHttpIsRefusedForRemoteHosts() {
    Cli.Result r =
        run(
            cli(),
            "fetch",
            "connectwise",
            "--base-url",
            "http://psa.example.com/v4_6_release/apis/3.0");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy fetch: --base-url: plain http:// is allowed only to loopback"
            + " addresses; use https://psa.example.com/v4_6_release/apis/3.0"
            + " (see psa-policy fetch --help)\n",
        r.err());
    r = run(cli(), "fetch", "autotask", "--zone-lookup", "http://10.1.2.3/ATServicesRest");
    assertEquals(2, r.exit());
  }

  @Test
  void persistentServerErrorsAreIncompleteDataAndWriteNothing() throws Exception {
    faults.add(Fault.parse("500@/system/apiMembers"));
    ConnectWiseSimulator sim = cw(SimulatorOptions.loopback());
    Cli.Result r =
        run(
            cli(),
            "fetch",
            "connectwise",
            "--base-url",
            sim.apiRoot(),
            "-o",
            "cw.json",
            "--retries",
            "0");
    assertEquals(4, r.exit());
    assertEquals(
        "psa-policy fetch: incomplete data: GET /system/apiMembers?pageSize=1000&page=1"
            + " -> 500 Internal Server Error: ConnectWiseApi: injected fault 500@/system/apiMembers"
            + "\n",
        r.err());
    assertFalse(Files.exists(dir.resolve("cw.json")));
  }

  @Test
  void aDeniedPermissionEndpointWritesAnIncompleteSnapshotThatNeverPasses() throws Exception {
    faults.add(Fault.parse("403@/securityRoles/1/settings"));
    ConnectWiseSimulator sim = cw(SimulatorOptions.loopback());
    Cli.Result r = run(cli(), "fetch", "connectwise", "--base-url", sim.apiRoot(), "-o", "cw.json");
    assertEquals(4, r.exit());
    assertEquals(
        "psa-policy fetch: connectwise acme: 4 principal(s), 51 permission row(s),"
            + " 14 request(s); wrote cw.json\n"
            + "psa-policy fetch: incomplete data: GET /system/securityRoles/1/settings?pageSize=1000"
            + "&page=1 -> 403 Forbidden: Forbidden: injected fault 403@/securityRoles/1/settings"
            + " (psa-policy's API member needs Inquire on System / Security)\n",
        r.err());
    Snapshot s = SnapshotReader.read(dir.resolve("cw.json"));
    assertFalse(s.complete());
    Cli.Result check = run(cli(), "check", "--snapshot", "cw.json", "--fail-on", "critical");
    assertEquals(4, check.exit(), check.out());
    assertTrue(
        check
            .err()
            .startsWith(
                "psa-policy check: incomplete data: cw.json: snapshot"
                    + " marked incomplete: GET /system/securityRoles/1/settings"),
        check.err());
  }

  @Test
  void wrongCredentialsHaveTheirOwnMessage() throws Exception {
    ConnectWiseSimulator sim = cw(SimulatorOptions.loopback());
    Cli.Result r =
        run(
            cli().env("CW_PUBLIC_KEY", "SomeoneElse1"),
            "fetch",
            "connectwise",
            "--base-url",
            sim.apiRoot());
    assertEquals(4, r.exit());
    assertEquals(
        "psa-policy fetch: ConnectWise rejected the credentials: GET /system/info"
            + " -> 401 Unauthorized: Unauthorized: Unauthorized (check CW_COMPANY, CW_PUBLIC_KEY,"
            + " CW_PRIVATE_KEY and CW_CLIENT_ID)\n",
        r.err());
    assertEquals("", r.out());
  }

  @Test
  void anUnreachableHostIsOneLine() {
    Cli.Result r =
        run(
            cli(),
            "fetch",
            "connectwise",
            "--base-url",
            "http://127.0.0.1:1/v4_6_release/apis/3.0",
            "--retries",
            "0");
    assertEquals(4, r.exit());
    assertTrue(
        r.err()
            .startsWith(
                "psa-policy fetch: incomplete data: GET /system/info: cannot"
                    + " connect to 127.0.0.1:1 ("),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void credentialsFileMustBeReadableOnlyByItsOwner() throws Exception {
    ConnectWiseSimulator sim = cw(SimulatorOptions.loopback());
    Path creds = dir.resolve("creds.env");
    Files.writeString(
        creds,
        "# ConnectWise\nexport CW_COMPANY=acme\nCW_PUBLIC_KEY="
            + CW_PUBLIC
            + "\nCW_PRIVATE_KEY='"
            + CW_PRIVATE
            + "'\nCW_CLIENT_ID="
            + CW_CLIENT
            + "\n");
    Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-r--r--"));
    Cli.Result r =
        run(
            new Cli(dir),
            "fetch",
            "connectwise",
            "--base-url",
            sim.apiRoot(),
            "--credentials",
            "creds.env");
    assertEquals(3, r.exit());
    assertEquals(
        "creds.env: credentials file is accessible to group or others (rw-r--r--);"
            + " make it readable only by its owner: chmod 600 creds.env\n",
        r.err());
    Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
    r =
        run(
            new Cli(dir),
            "fetch",
            "connectwise",
            "--base-url",
            sim.apiRoot(),
            "--credentials",
            "creds.env",
            "-o",
            "cw.json");
    assertEquals(0, r.exit(), r.err());
    Files.writeString(creds, "CW_COMPANY=acme\nCW_PRIVAT_KEY=x\n");
    r =
        run(
            new Cli(dir),
            "fetch",
            "connectwise",
            "--base-url",
            sim.apiRoot(),
            "--credentials",
            "creds.env");
    assertEquals(3, r.exit());
    assertEquals(
        "creds.env:2:1: unknown key 'CW_PRIVAT_KEY' (expected CW_COMPANY,"
            + " CW_PUBLIC_KEY, CW_PRIVATE_KEY, CW_CLIENT_ID)\n",
        r.err());
  }

  @Test
  void anIntegrationForAPrincipalTheFetchDidNotFindIsAUsageError() throws Exception {
    ConnectWiseSimulator sim = cw(SimulatorOptions.loopback());
    Cli.Result r =
        run(
            cli(),
            "fetch",
            "connectwise",
            "--base-url",
            sim.apiRoot(),
            "-o",
            "cw.json",
            "--integration",
            "hatz-ai-connectwise=999");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy fetch: --integration names principal '999', which the fetch did not"
            + " find (found: 187, 188, 189, 190) (see psa-policy fetch --help)\n",
        r.err());
    assertFalse(Files.exists(dir.resolve("cw.json")));
  }

  @Test
  void fetchesAutotaskAndChecksBothPsas() throws Exception {
    ConnectWiseSimulator sim = cw(SimulatorOptions.loopback());
    AutotaskSimulator at = at(124);
    assertEquals(
        0, run(cli(), "fetch", "connectwise", "--base-url", sim.apiRoot(), "-o", "cw.json").exit());
    Cli.Result r =
        run(
            cli(),
            "fetch",
            "autotask",
            "--zone-lookup",
            at.apiRoot(),
            "-o",
            "at.json",
            "--integration",
            "rewst-autotask",
            "--instance",
            "acme (webservices5)");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "psa-policy fetch: autotask acme (webservices5): 1 principal(s), 36 permission"
            + " row(s), 5 request(s) (entity access: global); wrote at.json\n",
        r.err());
    assertEquals(
        Snapshot.AccessMethod.GLOBAL,
        SnapshotReader.read(dir.resolve("at.json")).provenance().accessMethod());
    assertFalse(
        Files.readString(dir.resolve("cw.json")).contains("accessMethod"),
        "ConnectWise snapshots do not carry it");

    Snapshot.SnapshotPrincipal self =
        SnapshotReader.read(dir.resolve("at.json")).principals().get(0);
    assertEquals(AT_USER, self.identifier());
    assertEquals("api29683001@acme.example", self.email());
    Cli.Result check =
        run(cli(), "check", "--snapshot", "cw.json", "--snapshot", "at.json", "--format", "json");
    assertEquals(1, check.exit(), check.err());
    assertTrue(check.out().contains("\"AT-TICKET-NO-DELETE\""), check.out());
  }

  @Test
  void autotaskRefusesToStartNearTheRequestLimit() throws Exception {
    AutotaskSimulator at = at(9_000);
    Cli.Result r = run(cli(), "fetch", "autotask", "--base-url", at.apiRoot(), "-o", "at.json");
    assertEquals(4, r.exit());
    assertEquals(
        "psa-policy fetch: refusing to fetch: the Autotask database has used 9001 of"
            + " its 10000 requests in the current 60-minute window, and this fetch may need up to"
            + " 39 more, which would pass 50% of the limit (--max-threshold-share 0.5)\n",
        r.err());
    r =
        run(
            cli(),
            "fetch",
            "autotask",
            "--base-url",
            at.apiRoot(),
            "-o",
            "at.json",
            "--max-threshold-share",
            "0.95");
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void tlsWithAPrivateCa() throws Exception {
    Path keystore = resource("dev/psapolicy/tls/simulator.p12");
    ConnectWiseSimulator sim =
        cw(
            SimulatorOptions.loopback()
                .withTls(SimulatorTls.fromPkcs12(keystore, "changeit".toCharArray())));
    assertTrue(sim.apiRoot().startsWith("https://127.0.0.1:"));
    Path ca = resource("dev/psapolicy/tls/simulator-cert.pem");
    Cli.Result r =
        run(
            cli(),
            "fetch",
            "connectwise",
            "--base-url",
            sim.apiRoot(),
            "-o",
            "cw.json",
            "--ca-cert",
            ca.toString());
    assertEquals(0, r.exit(), r.err());
    r = run(cli(), "fetch", "connectwise", "--base-url", sim.apiRoot(), "--retries", "0");
    assertEquals(4, r.exit());
    assertTrue(
        r.err()
            .startsWith(
                "psa-policy fetch: incomplete data: GET /system/info: TLS with"
                    + " 127.0.0.1:"
                    + sim.port()
                    + " failed ("),
        r.err());
    assertTrue(r.err().endsWith("); is the server certificate trusted? (--ca-cert)\n"), r.err());
  }

  @Test
  void usageErrors() {
    assertEquals(
        "psa-policy fetch: give the PSA: fetch connectwise|autotask"
            + " (see psa-policy fetch --help)\n",
        run(cli(), "fetch").err());
    assertEquals(
        "psa-policy fetch: unknown PSA 'halo' (connectwise, autotask)"
            + " (see psa-policy fetch --help)\n",
        run(cli(), "fetch", "halo").err());
    Cli.Result r = run(cli(), "fetch", "connectwise", "--zone-lookup", "https://x");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy fetch: --zone-lookup applies to autotask only"
            + " (see psa-policy fetch --help)\n",
        r.err());
    assertEquals(
        "psa-policy fetch: give --site HOST (e.g. na.myconnectwise.net) or --base-url"
            + " URL (see psa-policy fetch --help)\n",
        run(cli(), "fetch", "connectwise").err());
    assertEquals(
        "psa-policy fetch: --page-size must be a whole number from 1 to 1000"
            + " (see psa-policy fetch --help)\n",
        run(cli(), "fetch", "connectwise", "--site", "x.example", "--page-size", "5000").err());
  }

  private static Path resource(String name) throws Exception {
    return Path.of(FetchCommandTest.class.getClassLoader().getResource(name).toURI());
  }
}
