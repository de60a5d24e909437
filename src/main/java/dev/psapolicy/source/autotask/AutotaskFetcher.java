package dev.psapolicy.source.autotask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.facts.Snapshot.SnapshotRole;
import dev.psapolicy.source.autotask.AtModels.AtResource;
import dev.psapolicy.source.http.ApiResponse;
import dev.psapolicy.source.http.FetchException;
import dev.psapolicy.source.http.FetchResult;
import dev.psapolicy.source.http.Fetcher;
import dev.psapolicy.source.http.HttpFailure;
import dev.psapolicy.source.http.HttpSettings;
import dev.psapolicy.source.http.Pages;
import dev.psapolicy.source.http.Progress;
import dev.psapolicy.source.http.Provenances;
import dev.psapolicy.source.http.PsaHttpClient;
import dev.psapolicy.source.http.Redactor;
import dev.psapolicy.source.http.Shape;
import dev.psapolicy.source.http.Transport;
import dev.psapolicy.vocabulary.Platform;
import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Audits one Autotask API user: the user whose credentials it holds. Autotask exposes no
 * security-level matrix; what it exposes is the calling user's effective access per entity ({@code
 * userAccessForCreate/Update/Delete/Query} of the entity's information) and the user's own Resource
 * row, whose {@code userType} picklist label is the security level.
 *
 * <p>Reads {@code ThresholdInformation} first and refuses to start when the fetch could take the
 * database past the configured share of its hourly request limit. Reads every entity's information
 * with one {@code GET /V1.0/EntityInformation}; probes {@code GET /V1.0/{Entity}/entityInformation}
 * only for entities that call leaves out (or for all of them when the zone answers it 404 or 405),
 * with at most three concurrent requests (Autotask's thread limit). The snapshot's provenance says
 * which way it went ({@link Snapshot.AccessMethod}).
 */
public final class AutotaskFetcher implements Fetcher {
  /** The API version spoken. */
  public static final String API_VERSION = "V1.0";

  private static final String[] FIELDS = {
    "userAccessForCreate", "userAccessForUpdate", "userAccessForDelete", "userAccessForQuery"
  };
  private static final String CREDENTIAL_HINT =
      " (check AT_USERNAME, AT_SECRET and AT_INTEGRATION_CODE)";
  private static final String ADMIN_LEVEL = "system administrator (system)";

  /**
   * Every entity's information in one call ({@code GlobalEntityInformationResultModel}, operation
   * {@code MetadataApiIntegration_QueryEntityInformation} in the vendor's Swagger document). The
   * path and model are in that document; the names its {@code info.name} uses on a live zone are
   * not verified, hence the per-entity fallback for any entity it does not name.
   */
  static final String GLOBAL_PATH = "/V1.0/EntityInformation";

  private final AutotaskCredentials credentials;
  private final AutotaskOptions options;
  private final HttpSettings settings;
  private final Clock clock;
  private final PsaHttpClient.Listener listener;
  private final Progress progress;

  /**
   * A fetcher.
   *
   * @param credentials the audited API user's credentials
   * @param options where and how to fetch
   * @param settings timeouts, retries, TLS trust
   * @param clock the fetch time
   * @param listener told about every response
   * @param progress told how far the fetch is
   */
  public AutotaskFetcher(
      AutotaskCredentials credentials,
      AutotaskOptions options,
      HttpSettings settings,
      Clock clock,
      PsaHttpClient.Listener listener,
      Progress progress) {
    this.credentials = credentials;
    this.options = options;
    this.settings = settings;
    this.clock = clock;
    this.listener = listener;
    this.progress = progress;
  }

  /** Fetches the snapshot (one principal: the API user whose credentials are used). */
  @Override
  public FetchResult fetch() throws FetchException {
    Redactor redactor = credentials.redactor();
    Map<String, String> headers =
        Map.of(
            "ApiIntegrationCode",
            credentials.integrationCode(),
            "UserName",
            credentials.userName(),
            "Secret",
            credentials.secret(),
            "Accept",
            "application/json");
    List<PsaHttpClient> clients = new ArrayList<>();
    URI root = options.apiRoot();
    if (root == null) {
      PsaHttpClient lookup =
          new PsaHttpClient(options.zoneLookup(), headers, redactor, settings, listener);
      clients.add(lookup);
      root = discoverZone(lookup);
    }
    PsaHttpClient http = new PsaHttpClient(root, headers, redactor, settings, listener);
    clients.add(http);

    checkBudget(http);
    AtResource self = self(http);
    String level = levelName(http, self);

    List<String> incomplete = new ArrayList<>();
    EntityAccess access = readAccess(http, incomplete);
    List<PermissionRow> rows = access.rows();
    String levelId = self.userType() == null ? null : String.valueOf(self.userType());

    SnapshotPrincipal principal =
        new SnapshotPrincipal(
            String.valueOf(self.id()),
            self.displayName(),
            "resource",
            level,
            level != null && level.toLowerCase(Locale.ROOT).equals(ADMIN_LEVEL),
            Boolean.FALSE.equals(self.active()),
            List.of(),
            rows,
            0,
            self.userName(),
            self.email(),
            null,
            levelId);
    // The one security level whose settings the API shows is the calling user's own (its
    // userAccessFor* per entity); every other level's permissions are set and shown in the UI
    // only, so they are not listed: a level with no rows would read as one that grants nothing.
    List<SnapshotRole> levels =
        level == null
            ? List.of()
            : List.of(
                new SnapshotRole(
                    levelId, level, level.toLowerCase(Locale.ROOT).equals(ADMIN_LEVEL), rows, 0));
    String instance = options.instance() != null ? options.instance() : root.getHost();
    Snapshot snapshot =
        new Snapshot(
            Snapshot.FORMAT_VERSION,
            Platform.AUTOTASK,
            instance,
            clock.instant().truncatedTo(ChronoUnit.SECONDS),
            incomplete.isEmpty(),
            incomplete,
            Provenances.of(http.root().toString(), API_VERSION, access.method(), clients),
            List.of(principal),
            levels,
            null);
    return new FetchResult(snapshot, Provenances.responses(clients));
  }

  /** {@code GET /V1.0/ZoneInformation?user=}: the API root of the user's zone. */
  private URI discoverZone(PsaHttpClient lookup) throws FetchException {
    try {
      ApiResponse r =
          lookup.get(
              "/V1.0/ZoneInformation?" + PsaHttpClient.param("user", credentials.userName()),
              Map.of());
      JsonNode url = r.json().path("url");
      if (!url.isTextual() || url.asText().isBlank()) {
        throw new FetchException(
            FetchException.Kind.INCOMPLETE,
            r.request()
                + " -> "
                + r.status()
                + ": no zone url for user '"
                + credentials.userName()
                + "'");
      }
      try {
        return Transport.checked(url.asText());
      } catch (IllegalArgumentException e) {
        throw new FetchException(
            FetchException.Kind.INCOMPLETE,
            r.request() + " -> " + r.status() + ": the zone url is unusable: " + e.getMessage());
      }
    } catch (HttpFailure f) {
      if (f.kind() == HttpFailure.Kind.UNAUTHORIZED) {
        throw new FetchException(
            FetchException.Kind.CREDENTIALS,
            "Autotask rejected the credentials: " + f.getMessage() + CREDENTIAL_HINT);
      }
      throw new FetchException(
          FetchException.Kind.INCOMPLETE, "zone discovery failed: " + f.getMessage());
    }
  }

  private void checkBudget(PsaHttpClient http) throws FetchException {
    JsonNode t;
    ApiResponse r;
    try {
      r = http.get("/V1.0/ThresholdInformation", Map.of());
      t = r.json();
    } catch (HttpFailure f) {
      if (f.kind() == HttpFailure.Kind.UNAUTHORIZED) {
        throw new FetchException(
            FetchException.Kind.CREDENTIALS,
            "Autotask rejected the credentials: " + f.getMessage() + CREDENTIAL_HINT);
      }
      if (f.status() == 500) {
        // Autotask answers 500, not 401, to an unknown user name or integration code.
        throw new FetchException(
            FetchException.Kind.INCOMPLETE,
            f.getMessage()
                + " (Autotask answers 500 to an unknown user name or integration code:"
                + " check AT_USERNAME and AT_INTEGRATION_CODE)");
      }
      throw new FetchException(FetchException.Kind.INCOMPLETE, f.getMessage());
    }
    long limit;
    long used;
    long window;
    try {
      Shape.object(t, "the body");
      limit = Shape.requireLong(t, "externalRequestThreshold", "the body");
      used = Shape.requireLong(t, "currentTimeframeRequestCount", "the body");
      Long w = Shape.optLong(t, "requestThresholdTimeframe", "the body");
      window = w == null ? 60 : w;
    } catch (Shape.Mismatch e) {
      throw new FetchException(
          FetchException.Kind.INCOMPLETE,
          r.request()
              + " -> "
              + r.status()
              + ": "
              + e.getMessage()
              + "; cannot check the request budget");
    }
    // The worst case: the one EntityInformation call answers 404 and every entity is probed.
    int needed = 3 + options.entities().size();
    long allowed = (long) Math.floor(limit * options.maxThresholdShare());
    if (limit <= 0 || used + needed > allowed) {
      throw new FetchException(
          FetchException.Kind.REFUSED,
          String.format(
              Locale.ROOT,
              "refusing to fetch: the Autotask database has used %d of its %d requests in the"
                  + " current %d-minute window, and this fetch may need up to %d more, which would"
                  + " pass %s%% of the limit (--max-threshold-share %s)",
              used,
              limit,
              window,
              needed,
              percent(options.maxThresholdShare()),
              share(options.maxThresholdShare())));
    }
  }

  /** The API user's own Resource row, found by its user name. */
  private AtResource self(PsaHttpClient http) throws FetchException {
    ObjectNode query = JsonNodeFactory.instance.objectNode();
    query.put("maxRecords", 500);
    query.putArray("includeFields");
    ObjectNode filter = query.putArray("filter").addObject();
    filter.put("op", "eq");
    filter.put("field", "userName");
    filter.put("value", credentials.userName());
    try {
      ApiResponse first = http.postJson("/V1.0/Resources/query", query);
      List<JsonNode> items = Pages.nextPageUrl(http, first);
      List<AtResource> matches = new ArrayList<>();
      int i = 0;
      for (JsonNode n : items) {
        AtResource res = AtResource.from(n, first.request() + ": item " + (++i));
        if (credentials.userName().equalsIgnoreCase(res.userName())) {
          matches.add(res);
        }
      }
      if (matches.isEmpty()) {
        throw new FetchException(
            FetchException.Kind.INCOMPLETE,
            first.request()
                + " -> "
                + first.status()
                + ": no Resource with userName '"
                + credentials.userName()
                + "' is visible to the API user (its security level must allow query on Resources)");
      }
      if (matches.size() > 1) {
        throw new FetchException(
            FetchException.Kind.INCOMPLETE,
            first.request()
                + " -> "
                + first.status()
                + ": "
                + matches.size()
                + " Resources have userName '"
                + credentials.userName()
                + "'");
      }
      return matches.get(0);
    } catch (HttpFailure f) {
      throw new FetchException(
          FetchException.Kind.INCOMPLETE,
          f.getMessage()
              + (f.denied()
                  ? " (the API user's security level must allow query on Resources)"
                  : ""));
    } catch (Shape.Mismatch e) {
      throw new FetchException(FetchException.Kind.INCOMPLETE, e.getMessage());
    }
  }

  /** The security level's name: the label of the resource's userType in the picklist. */
  private String levelName(PsaHttpClient http, AtResource self) throws FetchException {
    String where = "GET /V1.0/Resources/entityInformation/fields";
    if (self.userType() == null) {
      throw new FetchException(
          FetchException.Kind.INCOMPLETE,
          "POST /V1.0/Resources/query"
              + ": the Resource "
              + self.id()
              + " has no userType (security level)");
    }
    try {
      ApiResponse r = http.get("/V1.0/Resources/entityInformation/fields", Map.of());
      JsonNode fields = r.json().path("fields");
      if (!fields.isArray()) {
        throw r.bad("expected an object with a 'fields' array");
      }
      for (JsonNode f : fields) {
        if (!"userType".equalsIgnoreCase(f.path("name").asText())) {
          continue;
        }
        for (JsonNode v : f.path("picklistValues")) {
          if (String.valueOf(self.userType()).equals(v.path("value").asText())
              && v.path("label").isTextual()
              && !v.path("label").asText().isBlank()) {
            return v.path("label").asText();
          }
        }
      }
      throw new FetchException(
          FetchException.Kind.INCOMPLETE,
          where
              + " -> "
              + r.status()
              + ": no userType picklist label for value "
              + self.userType());
    } catch (HttpFailure f) {
      throw new FetchException(FetchException.Kind.INCOMPLETE, f.getMessage());
    }
  }

  /** One entity's row, or why it has none. */
  record Probe(PermissionRow row, List<String> reasons) {}

  /** The rows read (in the order of the options' entities) and how they were read. */
  private record EntityAccess(List<PermissionRow> rows, Snapshot.AccessMethod method) {}

  /**
   * The access per entity: one {@code GET /V1.0/EntityInformation} for all entities, then {@code
   * GET /V1.0/{Entity}/entityInformation} only for the entities it leaves out, or for all of them
   * when the zone does not serve the one call (404 or 405). Any other failure of the one call is
   * incomplete data, never a reason to spend one request per entity.
   */
  private EntityAccess readAccess(PsaHttpClient http, List<String> incomplete)
      throws FetchException {
    List<AutotaskOptions.Entity> entities = options.entities();
    Probe[] probes = new Probe[entities.size()];
    Snapshot.AccessMethod method;
    try {
      ApiResponse r = http.get(GLOBAL_PATH, Map.of());
      List<String> unreadable = fromGlobal(r, entities, probes);
      if (!unreadable.isEmpty()) {
        incomplete.addAll(unreadable);
        return new EntityAccess(List.of(), Snapshot.AccessMethod.GLOBAL);
      }
      boolean missing = false;
      for (Probe p : probes) {
        missing |= p == null;
      }
      method = missing ? Snapshot.AccessMethod.GLOBAL_AND_PER_ENTITY : Snapshot.AccessMethod.GLOBAL;
    } catch (HttpFailure f) {
      if (f.kind() != HttpFailure.Kind.STATUS || (f.status() != 404 && f.status() != 405)) {
        incomplete.add(f.getMessage());
        return new EntityAccess(List.of(), Snapshot.AccessMethod.GLOBAL);
      }
      method = Snapshot.AccessMethod.PER_ENTITY;
    }
    probeEntities(http, entities, probes);
    List<PermissionRow> rows = new ArrayList<>();
    for (Probe p : probes) {
      if (p.row() != null) {
        rows.add(p.row());
      }
      incomplete.addAll(p.reasons());
    }
    return new EntityAccess(rows, method);
  }

  /**
   * Fills {@code probes} with the wanted entities the one call describes; returns why the body is
   * unreadable (empty when it is readable). An entity is matched by {@code info.name}, ignoring
   * case as Autotask does, as its REST name ({@code Tickets}) or that name in the singular ({@code
   * Ticket}); a row keeps the catalog's spelling. An entity the body does not name stays null.
   */
  static List<String> fromGlobal(
      ApiResponse r, List<AutotaskOptions.Entity> entities, Probe[] probes) throws HttpFailure {
    String where = r.request() + " -> " + r.status();
    JsonNode all = r.json().path("entityDescriptions");
    if (!all.isArray()) {
      return List.of(where + ": expected an object with an 'entityDescriptions' array");
    }
    List<String> unreadable = new ArrayList<>();
    Map<String, JsonNode> byName = new HashMap<>();
    Map<String, String> spelled = new HashMap<>();
    int i = 0;
    for (JsonNode d : all) {
      JsonNode info = d.path("info");
      JsonNode name = info.path("name");
      if (!info.isObject() || !name.isTextual() || name.asText().isBlank()) {
        unreadable.add(
            where + ": entityDescriptions[" + i + "] has no 'info' object with a 'name'");
      } else {
        String key = name.asText().toLowerCase(Locale.ROOT);
        if (byName.putIfAbsent(key, info) != null) {
          unreadable.add(where + ": entity '" + name.asText() + "' is described more than once");
        }
        spelled.putIfAbsent(key, name.asText());
      }
      i++;
    }
    if (!unreadable.isEmpty()) {
      return unreadable;
    }
    for (int e = 0; e < entities.size(); e++) {
      AutotaskOptions.Entity entity = entities.get(e);
      String key = entity.name().toLowerCase(Locale.ROOT);
      if (!byName.containsKey(key)) {
        key = singular(entity.name()).toLowerCase(Locale.ROOT);
      }
      JsonNode info = byName.get(key);
      if (info != null) {
        probes[e] = row(entity, info, where + ": entity '" + spelled.get(key) + "': ");
      }
    }
    return List.of();
  }

  /** Probes, with at most {@code concurrency} requests at once, every entity still null. */
  private void probeEntities(
      PsaHttpClient http, List<AutotaskOptions.Entity> entities, Probe[] probes)
      throws FetchException {
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < probes.length; i++) {
      if (probes[i] == null) {
        todo.add(i);
      }
    }
    if (todo.isEmpty()) {
      return;
    }
    AtomicInteger done = new AtomicInteger();
    progress.update("entities", 0, todo.size(), http.requestCount());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            options.concurrency(),
            r -> {
              Thread t = new Thread(r, "psa-policy-autotask");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Probe>> futures = new ArrayList<>();
      for (int i : todo) {
        AutotaskOptions.Entity e = entities.get(i);
        futures.add(
            pool.submit(
                () -> {
                  Probe p = probe(http, e);
                  progress.update(
                      "entities", done.incrementAndGet(), todo.size(), http.requestCount());
                  return p;
                }));
      }
      for (int k = 0; k < todo.size(); k++) {
        probes[todo.get(k)] = futures.get(k).get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException(FetchException.Kind.INCOMPLETE, "interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException("entity probe failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private Probe probe(PsaHttpClient http, AutotaskOptions.Entity e) {
    String path = "/V1.0/" + e.name() + "/entityInformation";
    try {
      ApiResponse r = http.get(path, Map.of());
      JsonNode info = r.json().path("info");
      if (!info.isObject()) {
        return new Probe(
            null,
            List.of(
                r.request() + " -> " + r.status() + ": expected an object with an 'info' object"));
      }
      return row(e, info, r.request() + " -> " + r.status() + ": ");
    } catch (HttpFailure f) {
      return new Probe(null, List.of(f.getMessage()));
    }
  }

  /**
   * The row of one entity from its {@code info} object, or the reasons its values are outside the
   * vocabulary; {@code where} names the request (and the entry of a body describing many).
   */
  private static Probe row(AutotaskOptions.Entity e, JsonNode info, String where) {
    List<String> reasons = new ArrayList<>();
    String[] values = new String[4];
    for (int i = 0; i < FIELDS.length; i++) {
      JsonNode v = info.get(FIELDS[i]);
      values[i] = AtModels.access(v);
      if (values[i] == null) {
        reasons.add(
            where
                + "info."
                + FIELDS[i]
                + " is "
                + (v == null ? "missing" : v.isTextual() ? "'" + v.asText() + "'" : v.toString())
                + ", not None, All, Restricted or 0, 1, 2");
      }
    }
    if (!reasons.isEmpty()) {
      return new Probe(null, reasons);
    }
    return new Probe(
        new PermissionRow(e.section(), e.name(), values[0], values[1], values[2], values[3], 0),
        List.of());
  }

  /**
   * An entity's name in the singular ({@code Companies} → {@code Company}, {@code Tickets} → {@code
   * Ticket}): how {@code info.name} may name it. A name no rule fits is simply not matched, and its
   * entity is probed on its own.
   */
  static String singular(String entity) {
    if (entity.endsWith("ies")) {
      return entity.substring(0, entity.length() - 3) + "y";
    }
    if (entity.endsWith("s")) {
      return entity.substring(0, entity.length() - 1);
    }
    return entity;
  }

  private static String percent(double share) {
    double p = share * 100;
    return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
  }

  private static String share(double share) {
    return share == Math.rint(share) ? String.valueOf((long) share) : String.valueOf(share);
  }
}
