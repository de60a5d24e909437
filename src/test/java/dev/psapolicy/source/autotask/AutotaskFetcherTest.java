package dev.psapolicy.source.autotask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.simulator.AutotaskMsp;
import dev.psapolicy.simulator.AutotaskSimulator;
import dev.psapolicy.simulator.Fault;
import dev.psapolicy.simulator.FaultPlan;
import dev.psapolicy.simulator.SimulatorOptions;
import dev.psapolicy.simulator.SimulatorServer.LoggedRequest;
import dev.psapolicy.source.http.ApiResponse;
import dev.psapolicy.source.http.FetchException;
import dev.psapolicy.source.http.Pages;
import dev.psapolicy.source.http.Progress;
import dev.psapolicy.source.http.PsaHttpClient;
import dev.psapolicy.testing.DemoData;
import dev.psapolicy.testing.FastHttp;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Autotask client against the simulator. */
class AutotaskFetcherTest {
  /** A zone without the one call for every entity. */
  private static final String GLOBAL_404 = "404@/V1.0/EntityInformation$";

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
  private final FastHttp fast = new FastHttp();
  private final FaultPlan faults = FaultPlan.none();
  private AutotaskSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private AutotaskSimulator start(AutotaskMsp msp, SimulatorOptions o) throws Exception {
    sim = AutotaskSimulator.start(msp, o.withFaults(faults));
    return sim;
  }

  private Snapshot fetch(AutotaskCredentials c) throws FetchException {
    return fetch(
        c, new AutotaskOptions(URI.create(sim.apiRoot()), null, null, 0.5, 3, DemoData.entities()));
  }

  private Snapshot fetch(AutotaskCredentials c, AutotaskOptions o) throws FetchException {
    return new AutotaskFetcher(
            c, o, fast.settings(), CLOCK, PsaHttpClient.Listener.none(), Progress.none())
        .fetch()
        .snapshot();
  }

  /** function → levels per verb, compared on the lattice (raw words may differ). */
  private static Map<String, List<Level>> levels(SnapshotPrincipal p) {
    Map<String, List<Level>> m = new TreeMap<>();
    for (PermissionRow r : p.grants()) {
      m.put(
          r.module() + " / " + r.function(),
          List.of(Verb.values()).stream().map(v -> Level.parseAutotask(r.raw(v))).toList());
    }
    return m;
  }

  @Test
  void auditsTheCallingApiUserAsTheSeedDescribesIt() throws Exception {
    start(DemoData.autotaskMsp(), SimulatorOptions.loopback());
    Snapshot seed = DemoData.autotask();
    for (SnapshotPrincipal want : seed.principals()) {
      Snapshot s = fetch(DemoData.atCredentials(want.id()));
      assertTrue(s.complete(), String.valueOf(s.incomplete()));
      assertEquals(1, s.principals().size(), "one principal per fetch: the caller");
      SnapshotPrincipal got = s.principals().get(0);
      assertEquals(want.id(), got.id());
      assertEquals(want.name(), got.name());
      assertEquals(want.role(), got.role(), "the userType picklist label");
      assertEquals("resource", got.kind());
      assertFalse(got.admin());
      assertEquals(levels(want), levels(got));
      assertEquals(36, got.grants().size());
    }
    assertTrue(sim.maxConcurrent() <= 3, "at most 3 concurrent requests");
  }

  @Test
  void keepsTheRawWordsAndAcceptsTheNumbersToo() throws Exception {
    start(DemoData.autotaskMsp(), SimulatorOptions.loopback().withNumericAccess(true));
    Snapshot s = fetch(DemoData.atCredentials("29683001"));
    assertTrue(s.complete(), String.valueOf(s.incomplete()));
    PermissionRow contracts =
        s.principals().get(0).grants().stream()
            .filter(r -> r.function().equals("Contracts"))
            .findFirst()
            .orElseThrow();
    assertEquals(new PermissionRow("Contracts", "Contracts", "1", "1", "2", "1", 0), contracts);
    SnapshotPrincipal want = DemoData.autotask().principals().get(0);
    assertEquals(levels(want), levels(s.principals().get(0)));
  }

  @Test
  void discoversTheZone() throws Exception {
    start(DemoData.autotaskMsp(), SimulatorOptions.loopback());
    Snapshot s =
        fetch(
            DemoData.atCredentials("29683002"),
            new AutotaskOptions(
                null,
                URI.create(sim.apiRoot()),
                "acme (webservices5)",
                0.5,
                3,
                DemoData.entities()));
    assertTrue(s.complete());
    assertEquals("acme (webservices5)", s.instance());
    assertEquals(
        "/V1.0/ZoneInformation?user=api29683002@ACME.EXAMPLE",
        s.provenance().responses().get(0).path());
    assertEquals(sim.apiRoot(), s.provenance().baseUrl());
    assertEquals("API User (system)", s.principals().get(0).role());
    // the one security level the API shows settings for: the calling user's own
    String levelId = s.principals().get(0).roleId();
    assertEquals(
        List.of(levelId + " API User (system)"),
        s.roles().stream().map(r -> r.id() + " " + r.name()).toList());
    assertEquals(s.principals().get(0).grants(), s.role(levelId).grants());
    assertEquals(
        List.of(
            "/V1.0/ZoneInformation?user=api29683002@ACME.EXAMPLE",
            "/V1.0/ThresholdInformation",
            "/V1.0/Resources/query",
            "/V1.0/Resources/entityInformation/fields",
            "/V1.0/EntityInformation"),
        s.provenance().responses().stream().map(Snapshot.ResponseRef::path).toList());
    assertEquals(5, s.provenance().requestCount(), "at most 6 requests per API user");
    assertEquals(Snapshot.AccessMethod.GLOBAL, s.provenance().accessMethod());
  }

  @Test
  void refusesToStartWhenTheFetchWouldPassTheThresholdShare() throws Exception {
    start(DemoData.autotaskMsp().withThreshold(10_000, 4_970), SimulatorOptions.loopback());
    FetchException e =
        assertThrows(FetchException.class, () -> fetch(DemoData.atCredentials("29683001")));
    assertEquals(FetchException.Kind.REFUSED, e.kind());
    assertEquals(
        "refusing to fetch: the Autotask database has used 4971 of its 10000 requests"
            + " in the current 60-minute window, and this fetch may need up to 39 more, which"
            + " would pass 50% of the limit (--max-threshold-share 0.5)",
        e.getMessage());
    assertEquals(1, sim.requests().size(), "nothing after ThresholdInformation");
    // with a larger share it goes ahead
    Snapshot s =
        fetch(
            DemoData.atCredentials("29683001"),
            new AutotaskOptions(
                URI.create(sim.apiRoot()), null, null, 0.9, 3, DemoData.entities()));
    assertTrue(s.complete());
  }

  @Test
  void neverRunsMoreThanThreeRequestsAtOnce() throws Exception {
    // A zone without the one call: every entity is probed on its own, concurrently.
    faults.add(Fault.parse(GLOBAL_404));
    faults.add(Fault.parse("slow:40@entityInformation$"));
    start(DemoData.autotaskMsp(), SimulatorOptions.loopback());
    Snapshot s = fetch(DemoData.atCredentials("29683001"));
    assertTrue(s.complete(), String.valueOf(s.incomplete()));
    assertTrue(sim.maxConcurrent() <= 3, "max " + sim.maxConcurrent());
    assertTrue(sim.maxConcurrent() >= 2, "probes run concurrently: " + sim.maxConcurrent());
    assertTrue(sim.requests().stream().noneMatch(r -> r.status() == 429));
  }

  @Test
  void aWrongSecretHasItsOwnMessage() throws Exception {
    start(DemoData.autotaskMsp(), SimulatorOptions.loopback());
    FetchException e =
        assertThrows(
            FetchException.class,
            () ->
                fetch(
                    new AutotaskCredentials(
                        AutotaskMsp.demoUserName("29683001"),
                        "NotTheSecret123",
                        "SIMINTEGRATIONCODE0001")));
    assertEquals(FetchException.Kind.CREDENTIALS, e.kind());
    assertEquals(
        "Autotask rejected the credentials: GET /V1.0/ThresholdInformation -> 401"
            + " Unauthorized: Unauthorized: the user name or secret is not valid. (check"
            + " AT_USERNAME, AT_SECRET and AT_INTEGRATION_CODE)",
        e.getMessage());
    assertFalse(e.getMessage().contains("NotTheSecret123"));
    assertFalse(e.getMessage().contains("SIMINTEGRATIONCODE0001"));
  }

  @Test
  void anUnknownUserIsAFiveHundredWithAHint() throws Exception {
    start(DemoData.autotaskMsp(), SimulatorOptions.loopback());
    FetchException e =
        assertThrows(
            FetchException.class,
            () ->
                fetch(
                    new AutotaskCredentials(
                        "nobody@ACME.EXAMPLE", "Whatever123", "SIMINTEGRATIONCODE0001")));
    assertEquals(FetchException.Kind.INCOMPLETE, e.kind());
    assertEquals(
        "GET /V1.0/ThresholdInformation -> 500 Internal Server Error after 4 attempts:"
            + " Unable to authenticate: unknown user name. (Autotask answers 500 to an unknown user"
            + " name or integration code: check AT_USERNAME and AT_INTEGRATION_CODE)",
        e.getMessage());
  }

  @Test
  void aDeniedEntityProbeMakesTheSnapshotIncomplete() throws Exception {
    faults.add(Fault.parse(GLOBAL_404));
    faults.add(Fault.parse("403@/V1.0/Tickets/entityInformation"));
    start(DemoData.autotaskMsp(), SimulatorOptions.loopback());
    Snapshot s = fetch(DemoData.atCredentials("29683001"));
    assertFalse(s.complete());
    assertEquals(
        List.of(
            "GET /V1.0/Tickets/entityInformation -> 403 Forbidden: injected fault"
                + " 403@/V1.0/Tickets/entityInformation"),
        s.incomplete());
    assertEquals(35, s.principals().get(0).grants().size());
  }

  static List<Arguments> oddValueRoutes() {
    return List.of(
        Arguments.of(
            "the one call",
            List.of(),
            "GET /V1.0/EntityInformation -> 200: entity 'Ticket':"
                + " info.userAccessForUpdate is 'Partial', not None, All, Restricted or 0, 1, 2"),
        Arguments.of(
            "per entity (404 on the one call)",
            List.of(GLOBAL_404),
            "GET /V1.0/Tickets/entityInformation -> 200:"
                + " info.userAccessForUpdate is 'Partial', not None, All, Restricted or 0, 1, 2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oddValueRoutes")
  void anAccessValueOutsideTheVocabularyIsIncompleteData(
      String route, List<String> specs, String reason) throws Exception {
    specs.forEach(f -> faults.add(Fault.parse(f)));
    AutotaskMsp demo = DemoData.autotaskMsp();
    AutotaskMsp.Level odd =
        new AutotaskMsp.Level(
            40,
            "API User - Odd",
            false,
            Map.of(
                "tickets", new AutotaskMsp.Access("All", "Partial", "None", "All"),
                "resources", new AutotaskMsp.Access("None", "None", "None", "All")));
    List<AutotaskMsp.Level> levels = new ArrayList<>(demo.levels());
    levels.add(odd);
    List<AutotaskMsp.Resource> resources = new ArrayList<>(demo.resources());
    resources.add(
        new AutotaskMsp.Resource(
            29683009, "odd@ACME.EXAMPLE", "OddSecret9", "Odd", "User", 40, 7, true));
    start(
        new AutotaskMsp(demo.integrationCodes(), demo.entities(), levels, resources, 10_000, 0),
        SimulatorOptions.loopback());
    Snapshot s =
        fetch(
            new AutotaskCredentials(
                "odd@ACME.EXAMPLE", "OddSecret9", AutotaskMsp.DEMO_INTEGRATION_CODE));
    assertFalse(s.complete());
    assertEquals(List.of(reason), s.incomplete());
    assertTrue(
        s.principals().get(0).grants().stream().noneMatch(r -> r.function().equals("Tickets")),
        "no row for the entity whose value is unknown");
  }

  @Test
  void anApiUserThatCannotSeeItsOwnResourceIsIncomplete() throws Exception {
    AutotaskMsp demo = DemoData.autotaskMsp();
    List<AutotaskMsp.Level> levels = new ArrayList<>(demo.levels());
    levels.add(new AutotaskMsp.Level(41, "API User - Blind", false, Map.of()));
    List<AutotaskMsp.Resource> resources = new ArrayList<>(demo.resources());
    resources.add(
        new AutotaskMsp.Resource(
            29683010, "blind@ACME.EXAMPLE", "BlindSecret1", "Blind", "User", 41, 7, true));
    start(
        new AutotaskMsp(demo.integrationCodes(), demo.entities(), levels, resources, 10_000, 0),
        SimulatorOptions.loopback());
    FetchException e =
        assertThrows(
            FetchException.class,
            () ->
                fetch(
                    new AutotaskCredentials(
                        "blind@ACME.EXAMPLE", "BlindSecret1", AutotaskMsp.DEMO_INTEGRATION_CODE)));
    assertEquals(
        "POST /V1.0/Resources/query -> 200: no Resource with userName"
            + " 'blind@ACME.EXAMPLE' is visible to the API user (its security level must allow"
            + " query on Resources)",
        e.getMessage());
  }

  @Test
  void followsNextPageUrls() throws Exception {
    AutotaskMsp demo = DemoData.autotaskMsp();
    sim = AutotaskSimulator.start(demo, SimulatorOptions.loopback());
    PsaHttpClient http =
        new PsaHttpClient(
            URI.create(sim.apiRoot()),
            Map.of(
                "ApiIntegrationCode", AutotaskMsp.DEMO_INTEGRATION_CODE,
                "UserName", AutotaskMsp.demoUserName("29683001"),
                "Secret", AutotaskMsp.demoSecret("29683001")),
            DemoData.atCredentials("29683001").redactor(),
            fast.settings(),
            PsaHttpClient.Listener.none());
    ObjectNode q = JsonNodeFactory.instance.objectNode();
    q.put("maxRecords", 2);
    q.putArray("filter").addObject().put("op", "gt").put("field", "id").put("value", 0);
    var items = Pages.nextPageUrl(http, http.postJson("/V1.0/Resources/query", q));
    assertEquals(demo.resources().size(), items.size());
    List<String> paths = sim.requests().stream().map(LoggedRequest::pathAndQuery).toList();
    assertEquals((demo.resources().size() + 1) / 2, paths.size(), paths.toString());
  }

  @Test
  void probesEveryEntityTheCatalogCovers() {
    List<Cell> cells = PermissionCatalog.builtIn().cells(Platform.AUTOTASK);
    assertEquals(cells.size(), DemoData.entities().size());
    for (String category : PermissionCatalog.builtIn().categories()) {
      for (String entity : PermissionCatalog.builtIn().categoryEntities(category)) {
        assertTrue(DemoData.entities().stream().anyMatch(e -> e.name().equals(entity)), entity);
      }
    }
  }

  /** The entity of each per-entity probe among the responses, in order of the responses. */
  private static List<String> probed(Snapshot s) {
    return s.provenance().responses().stream()
        .map(r -> PROBE.matcher(r.path()))
        .filter(Matcher::matches)
        .map(m -> m.group(1))
        .sorted()
        .toList();
  }

  private static final Pattern PROBE = Pattern.compile("/V1\\.0/([A-Za-z]+)/entityInformation");

  static List<Arguments> accessRoutes() {
    List<String> all =
        DemoData.entities().stream().map(AutotaskOptions.Entity::name).sorted().toList();
    return List.of(
        Arguments.of(
            "the one call", List.of(), Set.of(), Snapshot.AccessMethod.GLOBAL, List.of(), 4),
        Arguments.of(
            "the one call leaves two entities out",
            List.of(),
            Set.of("Tickets", "timeentries"),
            Snapshot.AccessMethod.GLOBAL_AND_PER_ENTITY,
            List.of("Tickets", "TimeEntries"),
            6),
        Arguments.of(
            "404 on the one call (an older zone)",
            List.of(GLOBAL_404),
            Set.of(),
            Snapshot.AccessMethod.PER_ENTITY,
            all,
            4 + all.size()),
        Arguments.of(
            "405 on the one call",
            List.of("405@/V1.0/EntityInformation$"),
            Set.of(),
            Snapshot.AccessMethod.PER_ENTITY,
            all,
            4 + all.size()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accessRoutes")
  void readsTheAccessWithOneCallAndProbesOnlyWhatItLeavesOut(
      String route,
      List<String> specs,
      Set<String> omitted,
      Snapshot.AccessMethod method,
      List<String> probes,
      int requests)
      throws Exception {
    specs.forEach(f -> faults.add(Fault.parse(f)));
    start(DemoData.autotaskMsp(), SimulatorOptions.loopback().omitting(omitted));
    List<String> order = DemoData.entities().stream().map(AutotaskOptions.Entity::name).toList();
    for (SnapshotPrincipal want : DemoData.autotask().principals()) {
      Snapshot s = fetch(DemoData.atCredentials(want.id()));
      assertTrue(s.complete(), String.valueOf(s.incomplete()));
      assertEquals(method, s.provenance().accessMethod());
      assertEquals(probes, probed(s));
      assertEquals(requests, s.provenance().requestCount(), "requests per API user");
      SnapshotPrincipal got = s.principals().get(0);
      assertEquals(levels(want), levels(got), "the same access whichever way it was read");
      assertEquals(
          order, got.grants().stream().map(PermissionRow::function).toList(), "catalog order");
    }
  }

  static List<Arguments> globalFailures() {
    return List.of(
        Arguments.of(
            "500@/V1.0/EntityInformation$",
            "GET /V1.0/EntityInformation -> 500 Internal Server Error after 4 attempts: injected"
                + " fault 500@/V1.0/EntityInformation$"),
        Arguments.of(
            "403@/V1.0/EntityInformation$",
            "GET /V1.0/EntityInformation -> 403 Forbidden: injected fault"
                + " 403@/V1.0/EntityInformation$"),
        Arguments.of(
            "garble@/V1.0/EntityInformation$",
            "GET /V1.0/EntityInformation -> 200: the response body is not valid JSON at line 1,"
                + " column 4949 (Unexpected end-of-input in field name)"),
        // a same-origin redirect to another model: the message names the request that answered
        Arguments.of(
            "redirect:/ATServicesRest/V1.0/Version@/V1.0/EntityInformation$",
            "GET /V1.0/Version -> 200: expected an object with an 'entityDescriptions' array"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("globalFailures")
  void anyOtherFailureOfTheOneCallIsIncompleteNotAFallback(String spec, String reason)
      throws Exception {
    start(DemoData.autotaskMsp(), SimulatorOptions.loopback());
    faults.add(Fault.parse(spec.replace("redirect:/", "redirect:" + sim.origin() + "/")));
    Snapshot s = fetch(DemoData.atCredentials("29683001"));
    assertFalse(s.complete());
    assertEquals(List.of(reason), s.incomplete());
    assertEquals(List.of(), s.principals().get(0).grants());
    assertEquals(List.of(), probed(s), "no request per entity");
    assertEquals(Snapshot.AccessMethod.GLOBAL, s.provenance().accessMethod());
  }

  private static final List<AutotaskOptions.Entity> THREE =
      List.of(
          new AutotaskOptions.Entity("Service Desk", "Tickets"),
          new AutotaskOptions.Entity("CRM", "Companies"),
          new AutotaskOptions.Entity("Contracts", "Contracts"));

  private static String info(String name, String create, String update, String del, String q) {
    return "{\"info\": {\"name\": \""
        + name
        + "\", \"canCreate\": true"
        + (create == null ? "" : ", \"userAccessForCreate\": " + create)
        + (update == null ? "" : ", \"userAccessForUpdate\": " + update)
        + (del == null ? "" : ", \"userAccessForDelete\": " + del)
        + (q == null ? "" : ", \"userAccessForQuery\": " + q)
        + "}}";
  }

  static List<Arguments> globalBodies() {
    String ticket = info("Ticket", "\"All\"", "\"Restricted\"", "\"None\"", "1");
    return List.of(
        Arguments.of(
            "matched ignoring case, plural or singular; the catalog's spelling kept",
            "{\"entityDescriptions\": ["
                + info("TICKETS", "\"All\"", "2", "\"None\"", "\"All\"")
                + ", "
                + info("company", "0", "\"none\"", "\"None\"", "\"Restricted\"")
                + ", "
                + info("Opportunity", "\"All\"", "\"All\"", "\"All\"", "\"All\"")
                + "]}",
            List.of(
                "Service Desk / Tickets: All 2 None All",
                "CRM / Companies: 0 none None Restricted",
                "Contracts / Contracts: not described"),
            List.of()),
        Arguments.of(
            "values outside the vocabulary, per entity",
            "{\"entityDescriptions\": ["
                + info("Ticket", "\"All\"", "\"Partial\"", "3", null)
                + "]}",
            List.of(
                "Service Desk / Tickets: no row",
                "CRM / Companies: not described",
                "Contracts / Contracts: not described"),
            List.of(
                "GET /V1.0/EntityInformation -> 200: entity 'Ticket': info.userAccessForUpdate"
                    + " is 'Partial', not None, All, Restricted or 0, 1, 2",
                "GET /V1.0/EntityInformation -> 200: entity 'Ticket': info.userAccessForDelete"
                    + " is 3, not None, All, Restricted or 0, 1, 2",
                "GET /V1.0/EntityInformation -> 200: entity 'Ticket': info.userAccessForQuery"
                    + " is missing, not None, All, Restricted or 0, 1, 2")),
        Arguments.of(
            "an entity described twice",
            "{\"entityDescriptions\": ["
                + ticket
                + ", "
                + ticket.replace("Ticket", "ticket")
                + "]}",
            List.of(),
            List.of(
                "GET /V1.0/EntityInformation -> 200: entity 'ticket' is described more than"
                    + " once")),
        Arguments.of(
            "an entry without a name",
            "{\"entityDescriptions\": [" + ticket + ", {\"info\": {\"canQuery\": true}}]}",
            List.of(),
            List.of(
                "GET /V1.0/EntityInformation -> 200: entityDescriptions[1] has no 'info' object"
                    + " with a 'name'")),
        Arguments.of(
            "an array instead of the model",
            "[" + ticket + "]",
            List.of(),
            List.of(
                "GET /V1.0/EntityInformation -> 200: expected an object with an"
                    + " 'entityDescriptions' array")),
        Arguments.of(
            "entityDescriptions not an array",
            "{\"entityDescriptions\": " + ticket + "}",
            List.of(),
            List.of(
                "GET /V1.0/EntityInformation -> 200: expected an object with an"
                    + " 'entityDescriptions' array")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("globalBodies")
  void readsTheOneCallsBody(String name, String body, List<String> rows, List<String> reasons)
      throws Exception {
    ApiResponse r =
        new ApiResponse(
            "GET",
            URI.create("https://webservices5.autotask.net/ATServicesRest/V1.0/EntityInformation"),
            AutotaskFetcher.GLOBAL_PATH,
            200,
            Map.of(),
            body.getBytes(StandardCharsets.UTF_8));
    AutotaskFetcher.Probe[] probes = new AutotaskFetcher.Probe[THREE.size()];
    List<String> got = new ArrayList<>(AutotaskFetcher.fromGlobal(r, THREE, probes));
    List<String> gotRows = new ArrayList<>();
    boolean unreadable = !got.isEmpty();
    for (int i = 0; i < probes.length && !unreadable; i++) {
      String cell = THREE.get(i).section() + " / " + THREE.get(i).name() + ": ";
      AutotaskFetcher.Probe p = probes[i];
      if (p == null) {
        gotRows.add(cell + "not described");
      } else if (p.row() == null) {
        gotRows.add(cell + "no row");
        got.addAll(p.reasons());
      } else {
        PermissionRow row = p.row();
        assertEquals(THREE.get(i).section(), row.module());
        gotRows.add(cell + String.join(" ", row.add(), row.edit(), row.delete(), row.inquire()));
      }
    }
    assertEquals(reasons, got);
    assertEquals(rows, gotRows);
  }
}
