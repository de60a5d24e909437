package dev.psapolicy.run;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Origin;
import dev.psapolicy.source.autotask.AutotaskCredentials;
import dev.psapolicy.source.autotask.AutotaskFetcher;
import dev.psapolicy.source.autotask.AutotaskOptions;
import dev.psapolicy.source.connectwise.ConnectWiseCredentials;
import dev.psapolicy.source.connectwise.ConnectWiseFetcher;
import dev.psapolicy.source.connectwise.ConnectWiseOptions;
import dev.psapolicy.source.http.CredentialsFile;
import dev.psapolicy.source.http.FetchException;
import dev.psapolicy.source.http.FetchResult;
import dev.psapolicy.source.http.HttpSettings;
import dev.psapolicy.source.http.Progress;
import dev.psapolicy.source.http.PsaHttpClient;
import dev.psapolicy.vocabulary.Platform;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fetch of a configured PSA instance, as {@code fetch} makes it: credentials from a file
 * (readable only by its owner) or from environment variables under a prefix, the ConnectWise or
 * Autotask fetcher with the default HTTP settings, and the instance's integrations applied. {@code
 * serve} calls it for every scheduled run.
 */
public final class InstanceFetch {
  /** The ConnectWise credential keys (as {@code fetch} reads them). */
  public static final List<String> CW_KEYS =
      List.of("CW_COMPANY", "CW_PUBLIC_KEY", "CW_PRIVATE_KEY", "CW_CLIENT_ID");

  /** The Autotask credential keys (as {@code fetch} reads them). */
  public static final List<String> AT_KEYS =
      List.of("AT_USERNAME", "AT_SECRET", "AT_INTEGRATION_CODE");

  private InstanceFetch() {}

  /**
   * Where and how to fetch one instance.
   *
   * @param platform the PSA
   * @param baseUrl the API root, or null (then {@code site} or the zone lookup)
   * @param site ConnectWise: the site for codebase discovery, or null
   * @param zoneLookup Autotask: the zone-lookup root, or null for the default
   * @param instance the instance name in the snapshot, or null for the fetcher's
   * @param credentialsFile a KEY=VALUE file, or null for the environment
   * @param envPrefix prefix of the environment variables ({@code ACME_} reads {@code
   *     ACME_CW_COMPANY}), empty for none
   * @param integrations baselines per principal id ({@code fetch --integration})
   * @param http timeouts, retries and trusted certificates of its requests
   */
  public record Target(
      Platform platform,
      URI baseUrl,
      URI site,
      URI zoneLookup,
      String instance,
      Path credentialsFile,
      String envPrefix,
      Map<String, List<String>> integrations,
      HttpSettings http) {
    public Target {
      envPrefix = envPrefix == null ? "" : envPrefix;
      http = http == null ? HttpSettings.defaults() : http;
      integrations = Map.copyOf(integrations);
    }
  }

  /**
   * Reads the credentials of {@code t}; messages name the file or variable, never a value.
   *
   * @throws RequestException when a key has no value
   * @throws InvalidInputException when the credentials file is invalid
   */
  public static Map<String, String> credentials(Target t, Map<String, String> env)
      throws RequestException, InvalidInputException {
    List<String> keys = t.platform() == Platform.CONNECTWISE ? CW_KEYS : AT_KEYS;
    Path file = t.credentialsFile();
    Map<String, String> values =
        values(file, file == null ? null : file.toString(), env, t.envPrefix(), keys);
    for (String k : keys) {
      if (!values.containsKey(k)) {
        throw new RequestException(
            "missing credential "
                + (file != null ? k + " in " + file : "environment variable " + t.envPrefix() + k));
      }
    }
    return values;
  }

  /**
   * The values of {@code keys} found: from {@code file} when given (as {@code shown} in messages),
   * else from the environment variables {@code prefix + key}; {@code fetch} and {@code serve} read
   * credentials so. A missing key is the caller's to report.
   *
   * @throws RequestException when a value has a control character (the message names the key only)
   * @throws InvalidInputException when the credentials file is invalid
   */
  public static Map<String, String> values(
      Path file, String shown, Map<String, String> env, String prefix, List<String> keys)
      throws RequestException, InvalidInputException {
    Map<String, String> values = new LinkedHashMap<>();
    if (file != null) {
      values.putAll(CredentialsFile.read(file, shown, keys));
    } else {
      for (String k : keys) {
        String v = env.get(prefix + k);
        if (v != null && !v.isBlank()) {
          values.put(k, v.strip());
        }
      }
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getValue().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        // Never echo the value: it may be a secret.
        throw new RequestException(e.getKey() + " contains a control character");
      }
    }
    return values;
  }

  /** The ConnectWise credentials of {@link #CW_KEYS}' values. */
  public static ConnectWiseCredentials connectWise(Map<String, String> c) {
    return new ConnectWiseCredentials(
        c.get("CW_COMPANY"),
        c.get("CW_PUBLIC_KEY"),
        c.get("CW_PRIVATE_KEY"),
        c.get("CW_CLIENT_ID"));
  }

  /** The Autotask credentials of {@link #AT_KEYS}' values. */
  public static AutotaskCredentials autotask(Map<String, String> c) {
    return new AutotaskCredentials(
        c.get("AT_USERNAME"), c.get("AT_SECRET"), c.get("AT_INTEGRATION_CODE"));
  }

  /** Fetches {@code t}; {@code listener} sees every response (for request counts). */
  public static DemoFetch.Fetched fetch(
      Target t, Map<String, String> env, Clock clock, PsaHttpClient.Listener listener)
      throws Exception {
    Map<String, String> c = credentials(t, env);
    FetchResult result;
    try {
      if (t.platform() == Platform.CONNECTWISE) {
        ConnectWiseOptions options =
            new ConnectWiseOptions(
                t.baseUrl(),
                t.baseUrl() == null ? t.site() : null,
                ConnectWiseOptions.DEFAULT_VERSION,
                ConnectWiseOptions.MAX_PAGE_SIZE,
                false,
                t.instance(),
                PermissionCatalog.builtIn().customizeIds());
        result =
            new ConnectWiseFetcher(
                    connectWise(c), options, t.http(), clock, listener, Progress.none())
                .fetch();
      } else {
        AutotaskOptions options =
            new AutotaskOptions(
                t.baseUrl(),
                t.baseUrl() != null
                    ? null
                    : t.zoneLookup() != null
                        ? t.zoneLookup()
                        : URI.create(AutotaskOptions.ZONE_LOOKUP),
                t.instance(),
                0.5,
                AutotaskOptions.MAX_CONCURRENCY,
                AutotaskEntities.ofCatalog());
        result =
            new AutotaskFetcher(autotask(c), options, t.http(), clock, listener, Progress.none())
                .fetch();
      }
    } catch (FetchException e) {
      throw new IncompleteDataException(e.getMessage());
    }
    Snapshot s = Assignments.apply(result.snapshot(), t.integrations());
    // named as its raw responses are: the run's input, the bytes its hash and evidence pack hold
    String label = t.platform().id() + "-" + s.instance();
    return new DemoFetch.Fetched(
        List.of(Assignments.labelled(s, Origin.FETCH, label)), Map.of(label, result.responses()));
  }
}
