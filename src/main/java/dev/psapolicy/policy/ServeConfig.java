package dev.psapolicy.policy;

import dev.psapolicy.input.Fields;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Problems;
import dev.psapolicy.vocabulary.Platform;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The {@code serve:} section of {@code psa-policy.yaml}: the PSA instances {@code psa-policy serve}
 * checks on a schedule. Read with the rest of the config, every problem with its {@code
 * file:line:col}.
 *
 * @param instances the instances, in the order written
 */
public record ServeConfig(List<Instance> instances) {
  /** No {@code serve:} section. */
  public static final ServeConfig NONE = new ServeConfig(List.of());

  static final Set<String> KEYS = new LinkedHashSet<>(List.of("instances"));
  static final Set<String> INSTANCE =
      new LinkedHashSet<>(
          List.of(
              "name",
              "platform",
              "baseUrl",
              "site",
              "zoneLookup",
              "instance",
              "credentials",
              "envPrefix",
              "schedule",
              "evidenceDir",
              "integrations",
              "caCert",
              "timeout",
              "retries"));

  /** Shortest schedule interval. */
  public static final Duration MIN_INTERVAL = Schedule.MIN_INTERVAL;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern PREFIX = Pattern.compile("[A-Z0-9_]{0,40}");

  public ServeConfig {
    instances = List.copyOf(instances);
  }

  /**
   * One scheduled PSA instance.
   *
   * @param name the instance's name in {@code serve} (history, API, evidence folders)
   * @param platform the PSA
   * @param baseUrl the API root, or null
   * @param site ConnectWise: the site for codebase discovery, or null
   * @param zoneLookup Autotask: the zone-lookup root, or null for the default
   * @param instance the instance name in the snapshot, or null for the fetcher's default
   * @param credentials a credentials file (as the user would name it from the working directory),
   *     or null for the environment
   * @param envPrefix prefix of the credential environment variables, empty for none
   * @param schedule when it runs: an interval or a cron expression
   * @param evidenceDir the folder its evidence packs go into (one sub-folder per run), or null for
   *     the state folder's
   * @param integrations baselines per principal id ({@code fetch --integration}: {@code *} for
   *     every principal)
   * @param caCert a PEM or DER certificate to trust for this instance's TLS (as {@code fetch
   *     --ca-cert}, seen from the working directory), or null for the JVM's trust store
   * @param timeout seconds a request may wait for a response ({@code fetch --timeout})
   * @param retries how often a failed request is retried ({@code fetch --retries})
   * @param at where the entry stands
   */
  public record Instance(
      String name,
      Platform platform,
      URI baseUrl,
      URI site,
      URI zoneLookup,
      String instance,
      String credentials,
      String envPrefix,
      Schedule schedule,
      String evidenceDir,
      Map<String, List<String>> integrations,
      String caCert,
      int timeout,
      int retries,
      Node at) {
    public Instance {
      integrations = Map.copyOf(integrations);
    }
  }

  /** Parses an interval such as {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}; null if not. */
  public static Duration interval(String text) {
    return Schedule.interval(text);
  }

  /** Reads the section; {@code paths} turns a config path into one as seen from the cwd. */
  static ServeConfig parse(String file, Node node, Problems problems, UnaryOperator<String> paths) {
    Fields f = Fields.of(file, node, "'serve'", KEYS, problems);
    if (f == null) {
      return NONE;
    }
    List<Instance> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node n : f.optList("instances")) {
      Instance i = instance(file, n, problems, paths);
      if (i != null) {
        if (!names.add(i.name())) {
          problems.add(file, n.get("name"), "instance name '" + i.name() + "' is used twice");
        } else {
          out.add(i);
        }
      }
    }
    return new ServeConfig(out);
  }

  private static Instance instance(
      String file, Node n, Problems problems, UnaryOperator<String> paths) {
    int before = problems.list().size();
    Fields f = Fields.of(file, n, "an instance", INSTANCE, problems);
    if (f == null) {
      return null;
    }
    String name = f.requireText("name");
    if (name != null && !NAME.matcher(name).matches()) {
      problems.add(
          file,
          f.raw("name"),
          "instance name '"
              + name
              + "' must be letters, digits, '.', '_' or '-' (at most 64, starting with a letter or"
              + " digit)");
    }
    String platformText = f.requireOneOf("platform", List.of("connectwise", "autotask"));
    Platform platform = platformText == null ? null : Platform.parse(platformText);
    URI baseUrl = url(file, f, "baseUrl", problems);
    URI site = null;
    if (f.has("site")) {
      String s = f.optText("site");
      site =
          s == null
              ? null
              : url(file, f.raw("site"), s.contains("://") ? s : "https://" + s, problems);
    }
    URI zoneLookup = url(file, f, "zoneLookup", problems);
    if (platform == Platform.CONNECTWISE) {
      only(file, f, "zoneLookup", "autotask", problems);
      if (baseUrl == null && site == null && !f.has("baseUrl") && !f.has("site")) {
        problems.add(file, n, "a connectwise instance needs 'site' or 'baseUrl'");
      } else if (f.has("baseUrl") && f.has("site")) {
        problems.add(file, f.raw("site"), "give 'site' or 'baseUrl', not both");
      }
    } else if (platform == Platform.AUTOTASK) {
      only(file, f, "site", "connectwise", problems);
      if (f.has("baseUrl") && f.has("zoneLookup")) {
        problems.add(file, f.raw("zoneLookup"), "give 'zoneLookup' or 'baseUrl', not both");
      }
    }
    String credentials = f.optText("credentials");
    String prefix = f.optText("envPrefix");
    if (credentials != null && prefix != null) {
      problems.add(file, f.raw("envPrefix"), "give 'credentials' or 'envPrefix', not both");
    }
    if (prefix != null && !PREFIX.matcher(prefix).matches()) {
      problems.add(
          file,
          f.raw("envPrefix"),
          "'envPrefix' must be upper-case letters, digits and '_', found '" + prefix + "'");
    }
    Schedule schedule = null;
    String scheduleText = f.requireText("schedule");
    if (scheduleText != null) {
      try {
        schedule = Schedule.parse(scheduleText);
      } catch (IllegalArgumentException e) {
        problems.add(file, f.raw("schedule"), e.getMessage());
      }
    }
    String evidence = f.optText("evidenceDir");
    Map<String, List<String>> integrations = new LinkedHashMap<>();
    List<String> list = f.optTextList("integrations");
    for (int i = 0; i < list.size(); i++) {
      String v = list.get(i).strip();
      int eq = v.indexOf('=');
      String baseline = eq < 0 ? v : v.substring(0, eq).strip();
      String principal = eq < 0 ? "*" : v.substring(eq + 1).strip();
      if (baseline.isEmpty() || principal.isEmpty()) {
        problems.add(
            file,
            f.raw("integrations").items().get(i),
            "an integration must be BASELINE or BASELINE=PRINCIPAL-ID, found '" + v + "'");
      } else {
        integrations.computeIfAbsent(principal, k -> new ArrayList<>()).add(baseline);
      }
    }
    String caCert = f.optText("caCert");
    int timeout = range(file, f, "timeout", DEFAULT_TIMEOUT, 1, MAX_TIMEOUT, problems);
    int retries = range(file, f, "retries", DEFAULT_RETRIES, 0, MAX_RETRIES, problems);
    if (problems.list().size() > before) {
      return null;
    }
    return new Instance(
        name,
        platform,
        baseUrl,
        site,
        zoneLookup,
        f.optText("instance"),
        credentials == null ? null : paths.apply(credentials),
        prefix == null ? "" : prefix,
        schedule,
        evidence == null ? null : paths.apply(evidence),
        integrations,
        caCert == null ? null : paths.apply(caCert),
        timeout,
        retries,
        n);
  }

  /** Request timeout in seconds when none is given; {@code fetch --timeout} shares it. */
  public static final int DEFAULT_TIMEOUT = 30;

  /** The longest request timeout in seconds, here and for {@code fetch --timeout}. */
  public static final int MAX_TIMEOUT = 3600;

  /** Retries of a failed request when none is given; {@code fetch --retries} shares it. */
  public static final int DEFAULT_RETRIES = 3;

  /** The most retries, here and for {@code fetch --retries}. */
  public static final int MAX_RETRIES = 10;

  private static int range(
      String file, Fields f, String key, int dflt, int min, int max, Problems problems) {
    int before = problems.list().size();
    int v = f.optInt(key, dflt);
    if (problems.list().size() == before && (v < min || v > max)) {
      problems.add(
          file,
          f.raw(key),
          "'" + key + "' must be between " + min + " and " + max + ", found " + v);
    }
    return v;
  }

  private static void only(String file, Fields f, String key, String platform, Problems problems) {
    if (f.has(key)) {
      problems.add(file, f.node().keyNode(key), "'" + key + "' applies to " + platform + " only");
    }
  }

  private static URI url(String file, Fields f, String key, Problems problems) {
    String text = f.optText(key);
    return text == null ? null : url(file, f.raw(key), text, problems);
  }

  private static URI url(String file, Node at, String text, Problems problems) {
    try {
      URI u = new URI(text.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && u.getHost() != null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // below
    }
    problems.add(file, at, "not an http(s) URL with a host: '" + text + "'");
    return null;
  }
}
