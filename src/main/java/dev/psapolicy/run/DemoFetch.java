package dev.psapolicy.run;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.input.Origin;
import dev.psapolicy.simulator.AutotaskMsp;
import dev.psapolicy.simulator.AutotaskSimulator;
import dev.psapolicy.simulator.ConnectWiseMsp;
import dev.psapolicy.simulator.ConnectWiseSimulator;
import dev.psapolicy.simulator.SimulatorOptions;
import dev.psapolicy.source.autotask.AutotaskCredentials;
import dev.psapolicy.source.autotask.AutotaskFetcher;
import dev.psapolicy.source.autotask.AutotaskOptions;
import dev.psapolicy.source.connectwise.ConnectWiseCredentials;
import dev.psapolicy.source.connectwise.ConnectWiseFetcher;
import dev.psapolicy.source.connectwise.ConnectWiseOptions;
import dev.psapolicy.source.http.FetchException;
import dev.psapolicy.source.http.FetchResult;
import dev.psapolicy.source.http.Fetcher;
import dev.psapolicy.source.http.HttpSettings;
import dev.psapolicy.source.http.Progress;
import dev.psapolicy.source.http.PsaHttpClient;
import dev.psapolicy.source.http.RecordedResponse;
import dev.psapolicy.vocabulary.Platform;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check --demo}: starts the ConnectWise and Autotask simulators on 127.0.0.1 (ephemeral
 * ports) seeded with the demo MSP, fetches from both over real HTTP exactly as {@code fetch} does,
 * and hands the snapshots to the run ({@code check --demo}, {@code accept --demo}).
 *
 * <p>A PSA does not know which integration an API user serves; the demo passes the seed's
 * integrations as {@code fetch --integration} would. The ConnectWise fetch uses a page size of
 * {@value #PAGE_SIZE} so that role settings span several pages (Link rel="next", short last page);
 * the Autotask fetch runs once per API user, since Autotask shows only the calling user's own
 * access.
 */
public final class DemoFetch {
  /** Page size of the demo's ConnectWise fetch (small, to exercise paging). */
  public static final int PAGE_SIZE = 10;

  /** Staff members and resources the demo MSP has besides its API users. */
  public static final int STAFF = 24;

  private DemoFetch() {}

  /**
   * What the demo fetched: the snapshots and, per snapshot label, every raw response (redacted).
   *
   * @param snapshots the fetched snapshots
   * @param responses raw responses by the label of the snapshot they built
   */
  public record Fetched(List<Snapshot> snapshots, Map<String, List<RecordedResponse>> responses) {}

  /** Fetches the demo MSP from freshly started simulators, keeping the raw responses. */
  public static Fetched fetch(Clock clock) throws Exception {
    try (Simulators sims = Simulators.start()) {
      Fetched cw = sims.fetchConnectWise(clock, PsaHttpClient.Listener.none());
      Fetched at = sims.fetchAutotask(clock, PsaHttpClient.Listener.none());
      List<Snapshot> out = new ArrayList<>(cw.snapshots());
      out.addAll(at.snapshots());
      Map<String, List<RecordedResponse>> raw = new LinkedHashMap<>(cw.responses());
      raw.putAll(at.responses());
      return new Fetched(out, raw);
    }
  }

  /**
   * The two demo simulators, started on 127.0.0.1 (ephemeral ports) and seeded with the demo MSP;
   * each fetch reads them over real HTTP as {@code fetch} does. {@code check --demo} starts them
   * for one fetch, {@code serve --demo} keeps them running as its two instances.
   */
  public static final class Simulators implements AutoCloseable {
    private final Snapshot cwSeed;
    private final Snapshot atSeed;
    private final ConnectWiseSimulator cw;
    private final AutotaskSimulator at;

    private Simulators(
        Snapshot cwSeed, Snapshot atSeed, ConnectWiseSimulator cw, AutotaskSimulator at) {
      this.cwSeed = cwSeed;
      this.atSeed = atSeed;
      this.cw = cw;
      this.at = at;
    }

    /** Starts both simulators. */
    public static Simulators start() throws Exception {
      List<Snapshot> seeds = InputFiles.demoSnapshots();
      Snapshot cwSeed =
          seeds.stream()
              .filter(s -> s.platform() == Platform.CONNECTWISE)
              .findFirst()
              .orElseThrow();
      Snapshot atSeed =
          seeds.stream().filter(s -> s.platform() == Platform.AUTOTASK).findFirst().orElseThrow();
      ConnectWiseMsp cwMsp =
          ConnectWiseMsp.fromSnapshot(cwSeed, STAFF, PermissionCatalog.builtIn().customizeIds());
      AutotaskMsp atMsp =
          AutotaskMsp.fromSnapshot(atSeed, PermissionCatalog.builtIn().cells(Platform.AUTOTASK), 6);
      ConnectWiseSimulator cw = ConnectWiseSimulator.start(cwMsp, SimulatorOptions.loopback());
      try {
        return new Simulators(
            cwSeed, atSeed, cw, AutotaskSimulator.start(atMsp, SimulatorOptions.loopback()));
      } catch (Exception | Error e) {
        cw.close();
        throw e;
      }
    }

    /** The ConnectWise simulator. */
    public ConnectWiseSimulator connectWise() {
      return cw;
    }

    /** The Autotask simulator. */
    public AutotaskSimulator autotask() {
      return at;
    }

    /** The demo ConnectWise instance's name (as its snapshot names it). */
    public String connectWiseInstance() {
      return cwSeed.instance();
    }

    /** The demo Autotask instance's name (as its snapshot names it). */
    public String autotaskInstance() {
      return atSeed.instance();
    }

    /** Fetches the ConnectWise simulator; {@code listener} sees every response. */
    public Fetched fetchConnectWise(Clock clock, PsaHttpClient.Listener listener)
        throws IncompleteDataException, RequestException {
      ConnectWiseMsp cwMsp = cw.msp();
      ConnectWiseCredentials cwCreds =
          new ConnectWiseCredentials(
              cwMsp.company(),
              cwMsp.publicKey(),
              cwMsp.privateKey(),
              ConnectWiseMsp.DEMO_CLIENT_ID);
      ConnectWiseOptions cwOptions =
          new ConnectWiseOptions(
              URI.create(cw.apiRoot()),
              null,
              ConnectWiseOptions.DEFAULT_VERSION,
              PAGE_SIZE,
              false,
              cwSeed.instance(),
              PermissionCatalog.builtIn().customizeIds());
      FetchResult cwResult =
          run(
              new ConnectWiseFetcher(
                  cwCreds, cwOptions, HttpSettings.defaults(), clock, listener, Progress.none()));
      Snapshot fetched = cwResult.snapshot();
      return new Fetched(
          List.of(
              Assignments.labelled(
                  Assignments.apply(fetched, integrations(cwSeed, fetched)),
                  Origin.DEMO,
                  "connectwise-simulator")),
          Map.of("connectwise-simulator", cwResult.responses()));
    }

    /**
     * Fetches the Autotask simulator once per demo API user (Autotask shows only the caller's own
     * access); {@code listener} sees every response.
     */
    public Fetched fetchAutotask(Clock clock, PsaHttpClient.Listener listener)
        throws IncompleteDataException, RequestException {
      List<Snapshot> out = new ArrayList<>();
      Map<String, List<RecordedResponse>> raw = new LinkedHashMap<>();
      for (SnapshotPrincipal p : atSeed.principals()) {
        AutotaskCredentials atCreds =
            new AutotaskCredentials(
                AutotaskMsp.demoUserName(p.id()),
                AutotaskMsp.demoSecret(p.id()),
                AutotaskMsp.DEMO_INTEGRATION_CODE);
        AutotaskOptions atOptions =
            new AutotaskOptions(
                URI.create(at.apiRoot()),
                null,
                atSeed.instance(),
                0.5,
                AutotaskOptions.MAX_CONCURRENCY,
                AutotaskEntities.ofCatalog());
        FetchResult atResult =
            run(
                new AutotaskFetcher(
                    atCreds, atOptions, HttpSettings.defaults(), clock, listener, Progress.none()));
        Snapshot s = atResult.snapshot();
        out.add(
            Assignments.labelled(
                Assignments.apply(s, integrations(atSeed, s)),
                Origin.DEMO,
                "autotask-simulator:" + p.id()));
        raw.put("autotask-simulator-" + p.id(), atResult.responses());
      }
      return new Fetched(out, raw);
    }

    @Override
    public void close() {
      try {
        at.close();
      } finally {
        cw.close();
      }
    }
  }

  private static FetchResult run(Fetcher f) throws IncompleteDataException {
    try {
      return f.fetch();
    } catch (FetchException e) {
      throw new IncompleteDataException("demo fetch from the simulator failed: " + e.getMessage());
    }
  }

  /**
   * The seed's integrations by principal id, for the principals {@code fetched} holds (what a user
   * passes with --integration).
   */
  private static Map<String, List<String>> integrations(Snapshot seed, Snapshot fetched) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (SnapshotPrincipal p : seed.principals()) {
      boolean there = fetched.principals().stream().anyMatch(f -> f.id().equals(p.id()));
      if (there && !p.integrations().isEmpty()) {
        m.put(p.id(), p.integrations());
      }
    }
    return m;
  }
}
