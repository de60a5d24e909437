package dev.psapolicy.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.Hashes;
import dev.psapolicy.simulator.ConnectWiseMsp;
import dev.psapolicy.simulator.ConnectWiseSimulator;
import dev.psapolicy.simulator.Fault;
import dev.psapolicy.simulator.FaultPlan;
import dev.psapolicy.simulator.SimulatorOptions;
import dev.psapolicy.testing.DemoData;
import dev.psapolicy.testing.FastHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer against the ConnectWise simulator with injected faults. */
class PsaHttpClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FastHttp fast = new FastHttp();
  private final FaultPlan faults = FaultPlan.none();
  private ConnectWiseSimulator sim;
  private PsaHttpClient http;

  @BeforeEach
  void start() throws Exception {
    Snapshot seed = DemoData.connectWise();
    ConnectWiseMsp msp = ConnectWiseMsp.fromSnapshot(seed, 3);
    sim = ConnectWiseSimulator.start(msp, SimulatorOptions.loopback().withFaults(faults));
    http = client(sim.apiRoot(), fast.settings());
  }

  private static PsaHttpClient client(String root, HttpSettings settings) {
    return new PsaHttpClient(
        URI.create(root),
        Map.of(
            "Authorization",
            DemoData.cwCredentials().authorization(),
            "clientId",
            ConnectWiseMsp.DEMO_CLIENT_ID,
            "Accept",
            "application/vnd.connectwise.com+json; version=2025.8"),
        DemoData.cwCredentials().redactor(),
        settings,
        PsaHttpClient.Listener.none());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void tooManyRequestsWaitsForRetryAfterThenSucceeds() throws Exception {
    faults.add(Fault.parse("429:7@/system/info*2"));
    ApiResponse r = http.get("/system/info", Map.of());
    assertEquals(200, r.status());
    assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(7)), fast.sleeps());
    assertEquals(3, http.requestCount());
    assertEquals(
        List.of(429, 429, 200), http.responses().stream().map(RecordedResponse::status).toList());
  }

  @Test
  void anIdempotentWriteIsRetriedAndRecordedWithItsBody() throws Exception {
    faults.add(Fault.parse("500@PATCH /system/apiMembers/187*1"));
    JsonNode replace =
        JSON.readTree("[{\"op\":\"replace\",\"path\":\"securityRole\",\"value\":{\"id\":31}}]");
    ApiResponse r = http.writeJson("PATCH", "/system/apiMembers/187", replace);
    assertEquals(200, r.status());
    assertEquals(31, sim.msp().member(187).roleId());
    List<RecordedRequest> sent = http.requests();
    assertEquals(
        List.of("PATCH /system/apiMembers/187 500", "PATCH /system/apiMembers/187 200"),
        sent.stream().map(q -> q.method() + " " + q.path() + " " + q.status()).toList());
    assertEquals(
        JSON.writeValueAsString(replace), new String(sent.get(1).body(), StandardCharsets.UTF_8));
  }

  @Test
  void aWriteThatIsNotIdempotentIsSentOnce() throws Exception {
    faults.add(Fault.parse("500@PATCH /system/apiMembers/187*1"));
    JsonNode add =
        JSON.readTree("[{\"op\":\"add\",\"path\":\"securityRole\",\"value\":{\"id\":31}}]");
    HttpFailure f =
        assertThrows(
            HttpFailure.class, () -> http.writeJson("PATCH", "/system/apiMembers/187", add));
    assertEquals(
        "PATCH /system/apiMembers/187 -> 500 Internal Server Error: ConnectWiseApi: injected fault"
            + " 500@PATCH /system/apiMembers/187*1",
        f.getMessage());
    assertEquals(1, http.requestCount(), "no blind retry");
    assertEquals(18, sim.msp().member(187).roleId());
    assertTrue(PsaHttpClient.idempotent("PUT", JSON.readTree("{}")));
    assertFalse(PsaHttpClient.idempotent("POST", JSON.readTree("{}")));
  }

  @Test
  void aRefusedWriteNamesTheVendorsReasonAndIsNotRetried() throws Exception {
    JsonNode unknownRole =
        JSON.readTree("[{\"op\":\"replace\",\"path\":\"securityRole\",\"value\":{\"id\":999}}]");
    HttpFailure f =
        assertThrows(
            HttpFailure.class,
            () -> http.writeJson("PATCH", "/system/apiMembers/187", unknownRole));
    assertEquals(
        "PATCH /system/apiMembers/187 -> 400 Bad Request: InvalidObject: apiMember object is"
            + " invalid: securityRole id 999 is not a security role",
        f.getMessage());
    assertEquals(1, http.requestCount());
  }

  @Test
  void serverErrorThenSuccessBacksOffExponentially() throws Exception {
    faults.add(Fault.parse("500@/system/info*2"));
    assertEquals(200, http.get("/system/info", Map.of()).status());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), fast.sleeps());
  }

  @Test
  void persistentServerErrorFailsAfterTheLastAttempt() {
    faults.add(Fault.parse("500@/system/info"));
    HttpFailure f = assertThrows(HttpFailure.class, () -> http.get("/system/info", Map.of()));
    assertEquals(HttpFailure.Kind.STATUS, f.kind());
    assertEquals(
        "GET /system/info -> 500 Internal Server Error after 4 attempts:"
            + " ConnectWiseApi: injected fault 500@/system/info",
        f.getMessage());
    assertEquals(4, http.requestCount());
    assertEquals(3, fast.sleeps().size());
  }

  @Test
  void aRetryAfterLongerThanTheCapFailsAtOnce() {
    faults.add(Fault.parse("429:3600@/system/info"));
    HttpFailure f = assertThrows(HttpFailure.class, () -> http.get("/system/info", Map.of()));
    assertEquals(
        "GET /system/info -> 429 Too Many Requests: Retry-After of 3600 s is longer"
            + " than psa-policy waits (120 s): TooManyRequests: injected fault"
            + " 429:3600@/system/info",
        f.getMessage());
    assertTrue(fast.sleeps().isEmpty());
  }

  @Test
  void aSlowResponseRunsIntoTheReadTimeout() {
    faults.add(Fault.parse("slow:1500@/system/info"));
    PsaHttpClient impatient =
        client(
            sim.apiRoot(),
            fast.settings().withReadTimeout(Duration.ofMillis(200)).withMaxAttempts(2));
    long start = System.nanoTime();
    HttpFailure f = assertThrows(HttpFailure.class, () -> impatient.get("/system/info", Map.of()));
    assertEquals(HttpFailure.Kind.TIMEOUT, f.kind());
    assertEquals(
        "GET /system/info: no complete response within the read timeout of 200 ms"
            + " after 2 attempts",
        f.getMessage());
    assertTrue(System.nanoTime() - start < 1_400_000_000L, "the timeout did not cut the wait");
  }

  @Test
  void onceThePsaStopsAnsweringLaterRequestsFailAtOnce() {
    faults.add(Fault.parse("slow:1500@/system/.*"));
    PsaHttpClient impatient =
        client(
            sim.apiRoot(),
            fast.settings().withReadTimeout(Duration.ofMillis(200)).withMaxAttempts(2));
    assertThrows(HttpFailure.class, () -> impatient.get("/system/info", Map.of()));
    int sent = impatient.requestCount();
    HttpFailure later =
        assertThrows(HttpFailure.class, () -> impatient.get("/system/securityroles", Map.of()));
    assertEquals(HttpFailure.Kind.TIMEOUT, later.kind());
    assertEquals(
        "GET /system/securityroles: not sent, the PSA stopped answering earlier"
            + " (GET /system/info: no complete response within the read timeout of 200 ms after 2"
            + " attempts)",
        later.getMessage());
    assertEquals(sent, impatient.requestCount(), "nothing more was sent");
  }

  @Test
  void aServerErrorDoesNotStopLaterRequests() throws Exception {
    faults.add(Fault.parse("500@/system/info"));
    assertThrows(HttpFailure.class, () -> http.get("/system/info", Map.of()));
    assertEquals(200, http.get("/system/securityroles", Map.of()).status());
  }

  @Test
  void aSlowResponseWithinTheTimeoutIsFine() throws Exception {
    faults.add(Fault.parse("slow:100@/system/info"));
    assertEquals(200, http.get("/system/info", Map.of()).status());
  }

  @Test
  void aDroppedConnectionIsRetriedThenReported() throws Exception {
    faults.add(Fault.parse("truncate@/system/info*1"));
    assertEquals(200, http.get("/system/info", Map.of()).json().isObject() ? 200 : 0);
    faults.add(Fault.parse("truncate@/system/info"));
    PsaHttpClient once = client(sim.apiRoot(), fast.settings().withMaxAttempts(1));
    HttpFailure f = assertThrows(HttpFailure.class, () -> once.get("/system/info", Map.of()));
    assertEquals(HttpFailure.Kind.NETWORK, f.kind());
    assertTrue(
        f.getMessage()
            .startsWith(
                "GET /system/info: the connection to 127.0.0.1:" + sim.port() + " failed ("),
        f.getMessage());
  }

  @Test
  void aTruncatedJsonBodyIsABadResponse() throws Exception {
    faults.add(Fault.parse("garble@/system/info"));
    ApiResponse r = http.get("/system/info", Map.of());
    HttpFailure f = assertThrows(HttpFailure.class, r::json);
    assertEquals(HttpFailure.Kind.BAD_RESPONSE, f.kind());
    assertTrue(
        f.getMessage()
            .startsWith(
                "GET /system/info -> 200: the response body is not"
                    + " valid JSON at line 1, column "),
        f.getMessage());
  }

  @Test
  void wrongCredentialsAreUnauthorizedAndNotRetried() {
    PsaHttpClient wrong =
        new PsaHttpClient(
            URI.create(sim.apiRoot()),
            Map.of(
                "Authorization",
                "Basic d3Jvbmc6d3Jvbmc=",
                "clientId",
                "x",
                "Accept",
                "application/vnd.connectwise.com+json; version=2025.8"),
            Redactor.none(),
            fast.settings(),
            PsaHttpClient.Listener.none());
    HttpFailure f = assertThrows(HttpFailure.class, () -> wrong.get("/system/info", Map.of()));
    assertEquals(HttpFailure.Kind.UNAUTHORIZED, f.kind());
    assertEquals(
        "GET /system/info -> 401 Unauthorized: Unauthorized: Unauthorized", f.getMessage());
    assertEquals(1, wrong.requestCount());
  }

  @Test
  void aRedirectToAnotherOriginIsRefusedAndNothingReachesIt() throws Exception {
    try (ConnectWiseSimulator other =
        ConnectWiseSimulator.start(sim.msp(), SimulatorOptions.loopback())) {
      faults.add(Fault.parse("redirect:" + other.apiRoot() + "/system/info@/system/info"));
      HttpFailure f = assertThrows(HttpFailure.class, () -> http.get("/system/info", Map.of()));
      assertEquals(HttpFailure.Kind.REDIRECT, f.kind());
      assertEquals(
          "GET /system/info -> 302 Found: redirect to http://127.0.0.1:"
              + other.port()
              + " refused; psa-policy never sends credentials to another origin",
          f.getMessage());
      assertTrue(other.requests().isEmpty());
    }
  }

  @Test
  void aRedirectWithinTheOriginIsFollowed() throws Exception {
    faults.add(Fault.parse("redirect:" + sim.apiRoot() + "/system/info@/system/members*1"));
    assertEquals("/system/info", http.get("/system/members", Map.of()).path());
  }

  @Test
  void anUnreachableHostIsOneLine() {
    PsaHttpClient nowhere =
        client("http://127.0.0.1:1/v4_6_release/apis/3.0", fast.settings().withMaxAttempts(2));
    HttpFailure f = assertThrows(HttpFailure.class, () -> nowhere.get("/system/info", Map.of()));
    assertEquals(HttpFailure.Kind.NETWORK, f.kind());
    assertTrue(
        f.getMessage().startsWith("GET /system/info: cannot connect to 127.0.0.1:1 ("),
        f.getMessage());
    assertTrue(f.getMessage().endsWith(") after 2 attempts"), f.getMessage());
  }

  @Test
  void responsesAreRecordedWithTheirHash() throws Exception {
    http.get("/system/info", Map.of());
    RecordedResponse r = http.responses().get(0);
    assertEquals("GET", r.method());
    assertEquals("/system/info", r.path());
    assertEquals(Hashes.sha256(r.body()), r.sha256());
  }

  @Test
  void plainHttpOnlyToLoopback() {
    assertEquals(
        "plain http:// is allowed only to loopback addresses; use"
            + " https://psa.example.com/v4_6_release/apis/3.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> Transport.checked("http://psa.example.com/v4_6_release/apis/3.0"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Transport.checked("http://10.0.0.5:8080/x"));
    assertThrows(
        IllegalArgumentException.class, () -> Transport.checked("http://localhost.example.com/x"));
    assertThrows(IllegalArgumentException.class, () -> Transport.checked("ftp://127.0.0.1/x"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Transport.checked("https://user:pw@psa.example.com/x"));
    Transport.checked("http://127.0.0.1:8080/x");
    Transport.checked("http://127.8.9.10/x");
    Transport.checked("http://localhost:1/x");
    Transport.checked("http://[::1]:8080/x");
    Transport.checked("https://na.myconnectwise.net/v4_6_release/apis/3.0");
  }

  @Test
  void redactionMasksSecretsInEveryForm() {
    Redactor r = Redactor.of(List.of("s3cr3t/key+", "abc"));
    assertEquals(
        "a *** b *** c *** d abc",
        r.redact(
            "a s3cr3t/key+ b s3cr3t%2Fkey%2B c "
                + Base64.getEncoder().encodeToString("s3cr3t/key+".getBytes())
                + " d abc"));
    assertFalse(DemoData.cwCredentials().toString().contains(ConnectWiseMsp.DEMO_PRIVATE_KEY));
  }

  @Test
  void linkHeadersParse() {
    List<LinkHeader.Link> links =
        LinkHeader.parse(
            List.of(
                "<https://x/a?page=2&pageSize=10>; rel=\"next\", <https://x/a?page=5>; rel=\"last\"",
                "<https://x/b?pageId=9>"));
    assertEquals("https://x/a?page=2&pageSize=10", LinkHeader.find(links, "next"));
    assertEquals("https://x/a?page=5", LinkHeader.find(links, "last"));
    assertEquals(List.of(), links.get(2).rels());
  }
}
