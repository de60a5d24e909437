package dev.psapolicy.source.connectwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.simulator.ConnectWiseMsp;
import dev.psapolicy.simulator.ConnectWiseSimulator;
import dev.psapolicy.simulator.Fault;
import dev.psapolicy.simulator.FaultPlan;
import dev.psapolicy.simulator.SimulatorOptions;
import dev.psapolicy.simulator.SimulatorServer.LoggedRequest;
import dev.psapolicy.source.http.FetchException;
import dev.psapolicy.source.http.FetchResult;
import dev.psapolicy.source.http.HttpFailure;
import dev.psapolicy.source.http.Pages;
import dev.psapolicy.source.http.Progress;
import dev.psapolicy.source.http.PsaHttpClient;
import dev.psapolicy.source.http.Redactor;
import dev.psapolicy.testing.DemoData;
import dev.psapolicy.testing.FastHttp;
import dev.psapolicy.vocabulary.CustomizeList;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ConnectWise client against the simulator. */
class ConnectWiseFetcherTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
  private final FastHttp fast = new FastHttp();
  private final FaultPlan faults = FaultPlan.none();
  private ConnectWiseSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private ConnectWiseSimulator start(ConnectWiseMsp msp) throws Exception {
    sim = ConnectWiseSimulator.start(msp, SimulatorOptions.loopback().withFaults(faults));
    return sim;
  }

  private FetchResult fetch(int pageSize, boolean forwardOnly) throws FetchException {
    return fetch(
        DemoData.cwCredentials(),
        new ConnectWiseOptions(
            URI.create(sim.apiRoot()), null, "2025.8", pageSize, forwardOnly, null));
  }

  private FetchResult fetch(ConnectWiseCredentials c, ConnectWiseOptions o) throws FetchException {
    return new ConnectWiseFetcher(
            c, o, fast.settings(), CLOCK, PsaHttpClient.Listener.none(), Progress.none())
        .fetch();
  }

  /** Principal id → sorted rows, ignoring file positions. */
  private static Map<String, List<PermissionRow>> rows(Snapshot s) {
    Map<String, List<PermissionRow>> m = new TreeMap<>();
    for (SnapshotPrincipal p : s.principals()) {
      List<PermissionRow> rows = new ArrayList<>();
      for (PermissionRow r : p.grants()) {
        rows.add(
            new PermissionRow(
                r.module(), r.function(), r.add(), r.edit(), r.delete(), r.inquire(), 0));
      }
      rows.sort(Comparator.comparing(PermissionRow::module).thenComparing(PermissionRow::function));
      m.put(p.id(), rows);
    }
    return m;
  }

  /** The seed with a Customize list on every Table Setup row of the principals named. */
  private static Snapshot withTableSetupLists(Snapshot seed, Map<String, List<String>> byId) {
    List<SnapshotPrincipal> principals = new ArrayList<>();
    for (SnapshotPrincipal p : seed.principals()) {
      List<String> items = byId.get(p.id());
      List<PermissionRow> rows = new ArrayList<>();
      for (PermissionRow r : p.grants()) {
        rows.add(
            items != null && r.function().equals("Table Setup")
                ? r.withCustomize(CustomizeList.of(items))
                : r);
      }
      principals.add(
          new SnapshotPrincipal(
              p.id(),
              p.name(),
              p.kind(),
              p.role(),
              p.admin(),
              p.inactive(),
              p.integrations(),
              rows,
              p.line()));
    }
    return seed.withPrincipals(principals);
  }

  @Test
  void onlyTheCallingMembersCustomizeListsAreObserved() throws Exception {
    // Hatz AI (187) is the member the key pair belongs to; Rewst (188) has a list too, but
    // ConnectWise shows a list only to the member that calls, so a fetch cannot read it.
    Snapshot seed =
        withTableSetupLists(
            DemoData.connectWise(),
            Map.of(
                "187", List.of("Service / Service Board", "General / Manage Hosted API"),
                "188", List.of("Company / Company Type")));
    start(ConnectWiseMsp.fromSnapshot(seed, 3, PermissionCatalog.builtIn().customizeIds()));
    FetchResult r =
        fetch(
            DemoData.cwCredentials(),
            new ConnectWiseOptions(
                URI.create(sim.apiRoot()),
                null,
                "2025.8",
                100,
                false,
                null,
                PermissionCatalog.builtIn().customizeIds()));
    Snapshot s = r.snapshot();
    assertTrue(s.complete(), String.valueOf(s.incomplete()));
    Map<String, CustomizeList> tableSetup = new TreeMap<>();
    for (SnapshotPrincipal p : s.principals()) {
      for (PermissionRow row : p.grants()) {
        if (row.function().equals("Table Setup")) {
          tableSetup.put(p.id(), row.customize());
        }
        if (!row.function().equals("Table Setup")) {
          assertNull(row.customize(), p.id() + " " + row.function());
        }
      }
    }
    assertEquals(
        CustomizeList.of(List.of("Service / Service Board", "General / Manage Hosted API")),
        tableSetup.get("187"));
    assertNull(tableSetup.get("188"), "another member's list is not observable");
    assertTrue(
        r.responses().stream()
            .anyMatch(x -> x.path().contains("/system/mySecurity/customizeItems")),
        "the items were read from /system/mySecurity/customizeItems");

    // without the catalog's identifiers no list is read at all
    FetchResult plain = fetch(100, false);
    assertTrue(
        plain.snapshot().principals().stream()
            .flatMap(p -> p.grants().stream())
            .allMatch(row -> row.customize() == null));
  }

  @Test
  void fetchesTheDemoMspAcrossPagesAsTheSeedDescribesIt() throws Exception {
    Snapshot seed = DemoData.connectWise();
    start(ConnectWiseMsp.fromSnapshot(seed, 24));
    FetchResult r = fetch(4, false);
    Snapshot s = r.snapshot();
    assertTrue(s.complete(), String.valueOf(s.incomplete()));
    assertEquals(rows(seed), rows(s));
    for (SnapshotPrincipal want : seed.principals()) {
      SnapshotPrincipal got =
          s.principals().stream().filter(p -> p.id().equals(want.id())).findFirst().orElseThrow();
      assertEquals(want.name(), got.name());
      assertEquals(want.role(), got.role());
      assertEquals(want.admin(), got.admin());
      assertEquals("api-member", got.kind());
      assertEquals(List.of(), got.integrations(), "the PSA does not know integrations");
    }
    assertEquals("acme", s.instance());
    assertEquals(Instant.parse("2026-11-26T12:00:00Z"), s.fetchedAt());
    assertEquals(sim.apiRoot(), s.provenance().baseUrl());
    assertEquals("3.0; version=2025.8 (server v2025.8.1)", s.provenance().apiVersion());
    assertEquals(sim.requests().size(), s.provenance().requestCount());
    assertEquals(s.provenance().requestCount(), s.provenance().responses().size());
    // 17 settings rows of Hatz AI's role at 4 a page: pages 1-5, the last one short.
    List<String> hatz =
        sim.requests().stream()
            .map(LoggedRequest::pathAndQuery)
            .filter(p -> p.contains("/securityRoles/18/settings"))
            .toList();
    assertEquals(5, hatz.size(), hatz.toString());
    assertTrue(hatz.get(4).endsWith("pageSize=4&page=5"), hatz.get(4));
    for (LoggedRequest q : sim.requests()) {
      assertEquals(ConnectWiseMsp.DEMO_CLIENT_ID, q.headers().get("clientid"));
      assertEquals(
          "application/vnd.connectwise.com+json; version=2025.8", q.headers().get("accept"));
    }
  }

  @Test
  void forwardOnlyPagingGivesTheSameFacts() throws Exception {
    Snapshot seed = DemoData.connectWise();
    start(ConnectWiseMsp.fromSnapshot(seed, 24));
    Snapshot s = fetch(3, true).snapshot();
    assertTrue(s.complete(), String.valueOf(s.incomplete()));
    assertEquals(rows(seed), rows(s));
    assertTrue(sim.requests().stream().anyMatch(q -> q.pathAndQuery().contains("pageId=")));
    assertTrue(
        sim.requests().stream()
            .allMatch(
                q ->
                    "forward-only".equals(q.headers().get("pagination-type"))
                        || q.pathAndQuery().contains("companyinfo")
                        || q.pathAndQuery().endsWith("/system/info")));
  }

  @Test
  void eachRoleIsFetchedOnceHoweverManyMembersShareIt() throws Exception {
    List<ConnectWiseMsp.Role> roles =
        List.of(
            new ConnectWiseMsp.Role(
                18,
                "Integration-RO",
                false,
                false,
                List.of(
                    new ConnectWiseMsp.Setting(
                        "Companies", "Company Maintenance", "None", "None", "None", "All"))),
            new ConnectWiseMsp.Role(
                19,
                "Integration-RW",
                false,
                false,
                List.of(
                    new ConnectWiseMsp.Setting(
                        "Service Desk", "Service Tickets", "All", "All", "None", "All"))));
    List<ConnectWiseMsp.Member> members = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      members.add(
          new ConnectWiseMsp.Member(
              500 + i,
              "api" + i,
              "Api",
              "User" + i,
              "Api User " + i,
              "A",
              i % 2 == 0 ? 18 : 19,
              i == 3));
    }
    members.add(
        new ConnectWiseMsp.Member(900, "tech", "Tech", "Nician", "Tech Nician", "F", 19, false));
    start(
        new ConnectWiseMsp(
            ConnectWiseMsp.DEMO_COMPANY,
            ConnectWiseMsp.DEMO_PUBLIC_KEY,
            ConnectWiseMsp.DEMO_PRIVATE_KEY,
            "v4_6_release/",
            roles,
            members));
    Snapshot s = fetch(10, false).snapshot();
    assertEquals(25, s.principals().size(), "API members only, each once");
    assertTrue(s.principals().stream().anyMatch(p -> p.id().equals("503") && p.inactive()));
    List<String> settings =
        sim.requests().stream()
            .map(LoggedRequest::pathAndQuery)
            .filter(p -> p.contains("/settings"))
            .toList();
    assertEquals(2, settings.size(), settings.toString());
    long memberPages =
        sim.requests().stream()
            .filter(q -> q.pathAndQuery().contains("/system/apiMembers"))
            .count();
    assertEquals(3, memberPages, "25 members at 10 a page");
  }

  @Test
  void discoversTheCodebaseFromTheSite() throws Exception {
    start(ConnectWiseMsp.fromSnapshot(DemoData.connectWise(), 0));
    Snapshot s =
        fetch(
                DemoData.cwCredentials(),
                new ConnectWiseOptions(
                    null, URI.create(sim.siteUrl()), "2025.8", 1000, false, "acme.example"))
            .snapshot();
    assertTrue(s.complete());
    assertEquals(sim.apiRoot(), s.provenance().baseUrl());
    assertEquals("/login/companyinfo/acme", s.provenance().responses().get(0).path());
    assertEquals(4, s.principals().size());
  }

  @Test
  void wrongCredentialsHaveTheirOwnMessage() throws Exception {
    start(ConnectWiseMsp.fromSnapshot(DemoData.connectWise(), 0));
    FetchException e =
        assertThrows(
            FetchException.class,
            () ->
                fetch(
                    new ConnectWiseCredentials("acme", "WrongPublic", "WrongPrivateKey99", "cid"),
                    new ConnectWiseOptions(
                        URI.create(sim.apiRoot()), null, "2025.8", 1000, false, null)));
    assertEquals(FetchException.Kind.CREDENTIALS, e.kind());
    assertEquals(
        "ConnectWise rejected the credentials: GET /system/info -> 401 Unauthorized:"
            + " Unauthorized: Unauthorized (check CW_COMPANY, CW_PUBLIC_KEY, CW_PRIVATE_KEY and"
            + " CW_CLIENT_ID)",
        e.getMessage());
    assertFalse(e.getMessage().contains("WrongPrivateKey99"));
  }

  @Test
  void aDeniedMemberListStopsTheFetch() throws Exception {
    faults.add(Fault.parse("403@/system/apiMembers"));
    start(ConnectWiseMsp.fromSnapshot(DemoData.connectWise(), 0));
    FetchException e = assertThrows(FetchException.class, () -> fetch(1000, false));
    assertEquals(FetchException.Kind.INCOMPLETE, e.kind());
    assertEquals(
        "GET /system/apiMembers?pageSize=1000&page=1 -> 403 Forbidden: Forbidden:"
            + " injected fault 403@/system/apiMembers (psa-policy's API member needs Inquire on"
            + " System / Member Maintenance)",
        e.getMessage());
  }

  @Test
  void aFailedPageAfterRetriesStopsTheFetch() throws Exception {
    faults.add(Fault.parse("500@/system/members.*page=2"));
    start(ConnectWiseMsp.fromSnapshot(DemoData.connectWise(), 0));
    FetchException e = assertThrows(FetchException.class, () -> fetch(2, false));
    assertEquals(
        "GET /system/members?conditions=licenseClass=\"A\"&pageSize=2&page=2 -> 500"
            + " Internal Server Error after 4 attempts: ConnectWiseApi: injected fault"
            + " 500@/system/members.*page=2",
        e.getMessage());
  }

  @Test
  void aDeniedRoleSettingsPageMakesTheSnapshotIncomplete() throws Exception {
    faults.add(Fault.parse("401@/securityRoles/18/settings"));
    start(ConnectWiseMsp.fromSnapshot(DemoData.connectWise(), 0));
    Snapshot s = fetch(1000, false).snapshot();
    assertFalse(s.complete());
    assertEquals(
        List.of(
            "GET /system/securityRoles/18/settings?pageSize=1000&page=1 -> 401"
                + " Unauthorized: Unauthorized: injected fault 401@/securityRoles/18/settings"
                + " (psa-policy's API member needs Inquire on System / Security)"),
        s.incomplete());
    assertEquals(4, s.principals().size(), "the other roles are still read");
  }

  @Test
  void aLevelOutsideTheSpecIsIncompleteDataNotAGuess() throws Exception {
    List<ConnectWiseMsp.Role> roles =
        List.of(
            new ConnectWiseMsp.Role(
                18,
                "Odd",
                false,
                false,
                List.of(
                    new ConnectWiseMsp.Setting(
                        "Service Desk", "Service Tickets", "Some", "All", "None", "All"))));
    start(
        new ConnectWiseMsp(
            "acme",
            ConnectWiseMsp.DEMO_PUBLIC_KEY,
            ConnectWiseMsp.DEMO_PRIVATE_KEY,
            "v4_6_release/",
            roles,
            List.of(new ConnectWiseMsp.Member(7, "odd", "O", "Dd", "Odd", "A", 18, false))));
    Snapshot s = fetch(1000, false).snapshot();
    assertFalse(s.complete());
    assertEquals(
        List.of(
            "GET /system/securityRoles/18/settings: item 1 (Service Desk /"
                + " Service Tickets): addLevel 'Some' is not None, My or All"),
        s.incomplete());
    assertEquals(null, s.principals().get(0).grants().get(0).add());
  }

  @Test
  void aTruncatedJsonBodyIsIncomplete() throws Exception {
    faults.add(Fault.parse("garble@/system/securityroles\\?"));
    start(ConnectWiseMsp.fromSnapshot(DemoData.connectWise(), 0));
    FetchException e = assertThrows(FetchException.class, () -> fetch(1000, false));
    assertTrue(
        e.getMessage()
            .startsWith(
                "GET /system/securityroles?pageSize=1000&page=1 -> 200:"
                    + " the response body is not valid JSON"),
        e.getMessage());
  }

  @Test
  void aShortPageEndsTheListEvenWhenTheServerOffersMore() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> seen = new ArrayList<>();
    server.createContext(
        "/",
        ex -> {
          seen.add(ex.getRequestURI().toString());
          byte[] body = "[{\"id\":1},{\"id\":2}]".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders()
              .add(
                  "Link",
                  "<http://127.0.0.1:"
                      + ex.getLocalAddress().getPort()
                      + "/api/x?page=2>; rel=\"next\"");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
          }
        });
    server.start();
    try {
      PsaHttpClient http =
          new PsaHttpClient(
              URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api"),
              Map.of(),
              Redactor.none(),
              fast.settings(),
              PsaHttpClient.Listener.none());
      assertEquals(2, Pages.linked(http, "/x", 5, false).size());
      assertEquals(List.of("/api/x?pageSize=5&page=1"), seen);
      // a full page follows the link; the server repeating itself is an error, not a loop
      assertThrows(HttpFailure.class, () -> Pages.linked(http, "/x?page=2", 2, true));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aNextLinkToAnotherOriginIsRefused() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] body = "[{\"id\":1}]".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Link", "<https://evil.example/steal>; rel=\"next\"");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
          }
        });
    server.start();
    try {
      PsaHttpClient http =
          new PsaHttpClient(
              URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api"),
              Map.of(),
              Redactor.none(),
              fast.settings(),
              PsaHttpClient.Listener.none());
      HttpFailure f = assertThrows(HttpFailure.class, () -> Pages.linked(http, "/x", 1, false));
      assertEquals(
          "GET /x?pageSize=1&page=1 -> 200: the next-page link points to another"
              + " origin (https://evil.example); psa-policy never sends credentials there",
          f.getMessage());
    } finally {
      server.stop(0);
    }
  }
}
