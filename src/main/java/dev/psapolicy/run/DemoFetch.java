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
    Map<String, List<RecordedResponse>> raw = new LinkedHashMap<>();
    List<Snapshot> seeds = InputFiles.demoSnapshots();
    Snapshot cwSeed =
        seeds.stream().filter(s -> s.platform() == Platform.CONNECTWISE).findFirst().orElseThrow();
    Snapshot atSeed =
        seeds.stream().filter(s -> s.platform() == Platform.AUTOTASK).findFirst().orElseThrow();
    ConnectWiseMsp cwMsp =
        ConnectWiseMsp.fromSnapshot(cwSeed, STAFF, PermissionCatalog.builtIn().customizeIds());
    AutotaskMsp atMsp =
        AutotaskMsp.fromSnapshot(atSeed, PermissionCatalog.builtIn().cells(Platform.AUTOTASK), 6);
    HttpSettings settings = HttpSettings.defaults();
    List<Snapshot> out = new ArrayList<>();
    try (ConnectWiseSimulator cw = ConnectWiseSimulator.start(cwMsp, SimulatorOptions.loopback());
        AutotaskSimulator at = AutotaskSimulator.start(atMsp, SimulatorOptions.loopback())) {
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
                  cwCreds,
                  cwOptions,
                  settings,
                  clock,
                  PsaHttpClient.Listener.none(),
                  Progress.none()));
      Snapshot fetched = cwResult.snapshot();
      out.add(
          Assignments.labelled(
              Assignments.apply(fetched, integrations(cwSeed, fetched)),
              Origin.DEMO,
              "connectwise-simulator"));
      raw.put("connectwise-simulator", cwResult.responses());
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
                    atCreds,
                    atOptions,
                    settings,
                    clock,
                    PsaHttpClient.Listener.none(),
                    Progress.none()));
        Snapshot s = atResult.snapshot();
        out.add(
            Assignments.labelled(
                Assignments.apply(s, integrations(atSeed, s)),
                Origin.DEMO,
                "autotask-simulator:" + p.id()));
        raw.put("autotask-simulator-" + p.id(), atResult.responses());
      }
    }
    return new Fetched(out, raw);
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
