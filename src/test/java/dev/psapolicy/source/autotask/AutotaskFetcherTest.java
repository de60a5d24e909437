package dev.psapolicy.source.autotask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.psapolicy.source.http.FetchException;
import dev.psapolicy.source.http.Progress;
import dev.psapolicy.source.http.PsaHttpClient;
import dev.psapolicy.testing.DemoData;
import dev.psapolicy.testing.FastHttp;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Autotask client against the simulator. */
class AutotaskFetcherTest {
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
  }

  @Test
  void refusesToStartWhenTheFetchWouldPassTheThresholdShare() throws Exception {
    start(DemoData.autotaskMsp().withThreshold(10_000, 4_970), SimulatorOptions.loopback());
    FetchException e =
        assertThrows(FetchException.class, () -> fetch(DemoData.atCredentials("29683001")));
    assertEquals(FetchException.Kind.REFUSED, e.kind());
    assertEquals(
        "refusing to fetch: the Autotask database has used 4971 of its 10000 requests"
            + " in the current 60-minute window, and this fetch needs about 38 more, which would"
            + " pass 50% of the limit (--max-threshold-share 0.5)",
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

  @Test
  void anAccessValueOutsideTheVocabularyIsIncompleteData() throws Exception {
    AutotaskMsp demo = DemoData.autotaskMsp();
    AutotaskMsp.Level odd =
        new AutotaskMsp.Level(
            40,
            "API User - Odd",
            false,
            Map.of(
                "tickets", new AutotaskMsp.Access("All", "Partial", "None", "All"),
                "resources", new AutotaskMsp.Access("None", "None", "None", "All")));
    List<AutotaskMsp.Level> levels = new java.util.ArrayList<>(demo.levels());
    levels.add(odd);
    List<AutotaskMsp.Resource> resources = new java.util.ArrayList<>(demo.resources());
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
    assertEquals(
        List.of(
            "GET /V1.0/Tickets/entityInformation -> 200:"
                + " info.userAccessForUpdate is 'Partial', not None, All, Restricted or 0, 1, 2"),
        s.incomplete());
  }

  @Test
  void anApiUserThatCannotSeeItsOwnResourceIsIncomplete() throws Exception {
    AutotaskMsp demo = DemoData.autotaskMsp();
    List<AutotaskMsp.Level> levels = new java.util.ArrayList<>(demo.levels());
    levels.add(new AutotaskMsp.Level(41, "API User - Blind", false, Map.of()));
    List<AutotaskMsp.Resource> resources = new java.util.ArrayList<>(demo.resources());
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
    com.fasterxml.jackson.databind.node.ObjectNode q =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    q.put("maxRecords", 2);
    q.putArray("filter").addObject().put("op", "gt").put("field", "id").put("value", 0);
    var items =
        dev.psapolicy.source.http.Pages.nextPageUrl(
            http, http.postJson("/V1.0/Resources/query", q));
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
}
