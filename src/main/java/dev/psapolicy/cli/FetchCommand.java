package dev.psapolicy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.policy.ServeConfig;
import dev.psapolicy.run.Assignments;
import dev.psapolicy.run.AutotaskEntities;
import dev.psapolicy.run.IncompleteDataException;
import dev.psapolicy.run.InstanceFetch;
import dev.psapolicy.run.OutputFiles;
import dev.psapolicy.run.RequestException;
import dev.psapolicy.source.autotask.AutotaskFetcher;
import dev.psapolicy.source.autotask.AutotaskOptions;
import dev.psapolicy.source.connectwise.ConnectWiseCredentials;
import dev.psapolicy.source.connectwise.ConnectWiseFetcher;
import dev.psapolicy.source.connectwise.ConnectWiseOptions;
import dev.psapolicy.source.http.FetchException;
import dev.psapolicy.source.http.FetchResult;
import dev.psapolicy.source.http.HttpSettings;
import dev.psapolicy.source.http.RecordedResponse;
import dev.psapolicy.source.http.Tls;
import dev.psapolicy.source.http.Transport;
import dev.psapolicy.source.snapshot.SnapshotWriter;
import dev.psapolicy.vocabulary.Platform;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy fetch connectwise|autotask}: read the API users' permissions from a PSA over
 * its REST API and write a snapshot. Exit 0 with a complete snapshot; 4 when the data is incomplete
 * (a snapshot that is still written is marked {@code complete: false}), when the credentials are
 * rejected, or when the Autotask request budget is too low.
 */
final class FetchCommand implements Command {
  private static final List<String> CW_ONLY =
      List.of("site", "api-version", "page-size", "forward-only", "roles");
  private static final List<String> AT_ONLY =
      List.of("zone-lookup", "max-threshold-share", "concurrency");

  /** The options {@code apply} shares with fetch: where the PSA is and how to reach it. */
  static final List<String> CONNECTION =
      List.of(
          "base-url",
          "site",
          "api-version",
          "page-size",
          "forward-only",
          "roles",
          "instance",
          "integration",
          "credentials",
          "ca-cert",
          "timeout",
          "retries");

  /** The ConnectWise credentials and fetch options a command line gives. */
  record ConnectWiseSetup(ConnectWiseCredentials credentials, ConnectWiseOptions options) {}

  /** Fetch's connection options, as {@code apply} offers them. */
  static Options connectionOptions() {
    Options all = new FetchCommand().options();
    Options o = new Options();
    for (String n : CONNECTION) {
      o.addOption(all.getOption(n));
    }
    return o;
  }

  @Override
  public String name() {
    return "fetch";
  }

  @Override
  public String summary() {
    return "read API users' permissions from ConnectWise PSA or Autotask PSA into a snapshot";
  }

  @Override
  public String usage() {
    return "connectwise|autotask [options]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("base-url")
                .hasArg()
                .argName("URL")
                .desc(
                    "API root the spec's paths are appended to (ConnectWise .../apis/3.0,"
                        + " Autotask .../ATServicesRest); skips discovery")
                .get())
        .addOption(
            Option.builder()
                .longOpt("site")
                .hasArg()
                .argName("HOST")
                .desc("ConnectWise: site for codebase discovery, e.g. na.myconnectwise.net")
                .get())
        .addOption(
            Option.builder()
                .longOpt("zone-lookup")
                .hasArg()
                .argName("URL")
                .desc("Autotask: zone-lookup root (default " + AutotaskOptions.ZONE_LOOKUP + ")")
                .get())
        .addOption(
            Option.builder()
                .longOpt("api-version")
                .hasArg()
                .argName("VERSION")
                .desc(
                    "ConnectWise: Accept media-type version (default "
                        + ConnectWiseOptions.DEFAULT_VERSION
                        + ")")
                .get())
        .addOption(
            Option.builder()
                .longOpt("page-size")
                .hasArg()
                .argName("N")
                .desc("ConnectWise: items per page, 1 to 1000 (default 1000)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("forward-only")
                .desc("ConnectWise: forward-only paging (pagination-type header)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("roles")
                .hasArg()
                .argName("all|held")
                .desc(
                    "ConnectWise: read the settings of every security role (all, the default: a"
                        + " plan needs them to find an existing compliant role) or only of the roles"
                        + " API members hold (held: one request per other role fewer)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("max-threshold-share")
                .hasArg()
                .argName("SHARE")
                .desc(
                    "Autotask: refuse to start when the fetch would take the database past this"
                        + " share of its hourly request limit (default 0.5)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("concurrency")
                .hasArg()
                .argName("N")
                .desc("Autotask: concurrent requests, 1 to 3 (default 3)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("instance")
                .hasArg()
                .argName("NAME")
                .desc(
                    "instance name in the snapshot (default: ConnectWise company id, Autotask API"
                        + " host)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("integration")
                .hasArg()
                .argName("BASELINE[=ID]")
                .desc(
                    "the principal ID (every principal without =ID) serves this integration"
                        + " baseline; repeatable")
                .get())
        .addOption(
            Option.builder("o")
                .longOpt("output")
                .hasArg()
                .argName("FILE")
                .desc("write the snapshot to FILE instead of standard output")
                .get())
        .addOption(
            Option.builder()
                .longOpt("raw")
                .hasArg()
                .argName("DIR")
                .desc("keep every raw response (credentials masked) in DIR")
                .get())
        .addOption(
            Option.builder()
                .longOpt("credentials")
                .hasArg()
                .argName("FILE")
                .desc(
                    "read credentials from FILE (KEY=VALUE, readable only by its owner) instead of"
                        + " the environment")
                .get())
        .addOption(
            Option.builder()
                .longOpt("ca-cert")
                .hasArg()
                .argName("FILE")
                .desc("trust only the CA certificate(s) in FILE (PEM) for TLS")
                .get())
        .addOption(
            Option.builder()
                .longOpt("timeout")
                .hasArg()
                .argName("SECONDS")
                .desc("read timeout per request (default 30)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("retries")
                .hasArg()
                .argName("N")
                .desc("retries on 5xx, 429 and network errors (default 3)")
                .get())
        .addOption(Option.builder().longOpt("debug").desc("show stack traces").get());
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    Platform platform = Inputs.platformArgument(cmd, "fetch");
    for (String o : platform == Platform.CONNECTWISE ? AT_ONLY : CW_ONLY) {
      if (cmd.hasOption(o)) {
        throw new UsageException(
            "--"
                + o
                + " applies to "
                + (platform == Platform.CONNECTWISE ? "autotask" : "connectwise")
                + " only");
      }
    }
    Map<String, List<String>> integrations = Assignments.parse(Inputs.values(cmd, "integration"));
    // a snapshot that cannot be written costs no fetch (and no API quota)
    if (cmd.hasOption("output")) {
      OutputFiles.checkWritable(ctx.path(cmd.getOptionValue("output")));
    }
    if (cmd.hasOption("raw")) {
      OutputFiles.checkWritable(ctx.path(cmd.getOptionValue("raw")).resolve("index.json"));
    }
    HttpSettings settings = settings(cmd, ctx);
    ProgressLine progress = new ProgressLine(ctx, "psa-policy fetch " + platform.id());
    FetchResult result;
    try {
      result =
          platform == Platform.CONNECTWISE
              ? connectWise(cmd, ctx, settings, progress)
              : autotask(cmd, ctx, settings, progress);
    } catch (FetchException e) {
      progress.finish();
      switch (e.kind()) {
        case INCOMPLETE -> throw new IncompleteDataException(e.getMessage());
        default -> {
          ctx.err().println("psa-policy fetch: " + e.getMessage());
          return ExitCode.INCOMPLETE_DATA.code();
        }
      }
    }
    progress.finish();
    Snapshot snapshot = Assignments.apply(result.snapshot(), integrations);
    String output = cmd.getOptionValue("output");
    byte[] json = SnapshotWriter.toJson(snapshot);
    if (cmd.hasOption("raw")) {
      writeRaw(ctx.path(cmd.getOptionValue("raw")), result.responses());
    }
    if (output == null) {
      ctx.out().write(json);
      ctx.out().flush();
    } else {
      OutputFiles.write(ctx.path(output), json);
    }
    int rows = snapshot.principals().stream().mapToInt(p -> p.grants().size()).sum();
    ctx.err()
        .println(
            "psa-policy fetch: "
                + platform.id()
                + " "
                + snapshot.instance()
                + ": "
                + snapshot.principals().size()
                + " principal(s), "
                + rows
                + " permission row(s), "
                + snapshot.provenance().requestCount()
                + " request(s)"
                + (snapshot.provenance().accessMethod() == null
                    ? ""
                    : " (entity access: " + snapshot.provenance().accessMethod().external() + ")")
                + (output == null ? "" : "; wrote " + output));
    if (!snapshot.complete()) {
      for (String reason : snapshot.incomplete()) {
        ctx.err().println("psa-policy fetch: incomplete data: " + reason);
      }
      return ExitCode.INCOMPLETE_DATA.code();
    }
    return ExitCode.OK.code();
  }

  private FetchResult connectWise(
      CommandLine cmd, Context ctx, HttpSettings settings, ProgressLine progress) throws Exception {
    ConnectWiseSetup setup = connectWiseSetup(cmd, ctx);
    return new ConnectWiseFetcher(
            setup.credentials(), setup.options(), settings, ctx.clock(), progress, progress)
        .fetch();
  }

  /** The ConnectWise connection the options name (fetch, apply). */
  static ConnectWiseSetup connectWiseSetup(CommandLine cmd, Context ctx) throws Exception {
    Map<String, String> c =
        Credentials.load(cmd.getOptionValue("credentials"), ctx, InstanceFetch.CW_KEYS);
    URI root = null;
    URI site = null;
    if (cmd.hasOption("base-url")) {
      if (cmd.hasOption("site")) {
        throw new UsageException("give --base-url or --site, not both");
      }
      root = url("--base-url", cmd.getOptionValue("base-url"));
    } else if (cmd.hasOption("site")) {
      String s = cmd.getOptionValue("site").strip();
      site = url("--site", s.contains("://") ? s : "https://" + s);
    } else {
      throw new UsageException("give --site HOST (e.g. na.myconnectwise.net) or --base-url URL");
    }
    String version = cmd.getOptionValue("api-version", ConnectWiseOptions.DEFAULT_VERSION);
    if (!version.matches("\\d{4}\\.\\d{1,2}")) {
      throw new UsageException("--api-version '" + version + "' is not like 2025.8");
    }
    int pageSize = Inputs.intOption(cmd, "page-size", 1000, 1, ConnectWiseOptions.MAX_PAGE_SIZE);
    String roles = cmd.getOptionValue("roles", "all");
    if (!roles.equals("all") && !roles.equals("held")) {
      throw new UsageException("--roles '" + roles + "' is not all or held");
    }
    ConnectWiseOptions options =
        new ConnectWiseOptions(
            root,
            site,
            version,
            pageSize,
            cmd.hasOption("forward-only"),
            cmd.getOptionValue("instance"),
            PermissionCatalog.builtIn().customizeIds(),
            roles.equals("all"));
    return new ConnectWiseSetup(InstanceFetch.connectWise(c), options);
  }

  private FetchResult autotask(
      CommandLine cmd, Context ctx, HttpSettings settings, ProgressLine progress) throws Exception {
    Map<String, String> c =
        Credentials.load(cmd.getOptionValue("credentials"), ctx, InstanceFetch.AT_KEYS);
    URI root = null;
    URI lookup = null;
    if (cmd.hasOption("base-url")) {
      if (cmd.hasOption("zone-lookup")) {
        throw new UsageException("give --base-url or --zone-lookup, not both");
      }
      root = url("--base-url", cmd.getOptionValue("base-url"));
    } else {
      lookup = url("--zone-lookup", cmd.getOptionValue("zone-lookup", AutotaskOptions.ZONE_LOOKUP));
    }
    double share;
    try {
      share = Double.parseDouble(cmd.getOptionValue("max-threshold-share", "0.5"));
    } catch (NumberFormatException e) {
      share = Double.NaN;
    }
    if (!(share > 0 && share <= 1)) {
      throw new UsageException("--max-threshold-share must be above 0 and at most 1");
    }
    int concurrency =
        Inputs.intOption(
            cmd,
            "concurrency",
            AutotaskOptions.MAX_CONCURRENCY,
            1,
            AutotaskOptions.MAX_CONCURRENCY);
    AutotaskOptions options =
        new AutotaskOptions(
            root,
            lookup,
            cmd.getOptionValue("instance"),
            share,
            concurrency,
            AutotaskEntities.ofCatalog());
    return new AutotaskFetcher(
            InstanceFetch.autotask(c), options, settings, ctx.clock(), progress, progress)
        .fetch();
  }

  static HttpSettings settings(CommandLine cmd, Context ctx)
      throws UsageException, InvalidInputException {
    int timeout =
        Inputs.intOption(cmd, "timeout", ServeConfig.DEFAULT_TIMEOUT, 1, ServeConfig.MAX_TIMEOUT);
    int retries =
        Inputs.intOption(cmd, "retries", ServeConfig.DEFAULT_RETRIES, 0, ServeConfig.MAX_RETRIES);
    String f = cmd.getOptionValue("ca-cert");
    try {
      return settings(timeout, retries, f == null ? null : ctx.path(f));
    } catch (UntrustedCaCert e) {
      throw new InvalidInputException(InputProblem.at(f, e.getMessage()));
    }
  }

  /**
   * The request settings {@code fetch} and {@code serve} make: a read timeout, retries, and the CA
   * certificate to trust (null: the JVM's trust store).
   *
   * @throws UntrustedCaCert when the certificate file cannot be read as one
   */
  static HttpSettings settings(int timeoutSeconds, int retries, Path caCert)
      throws UntrustedCaCert {
    HttpSettings s =
        HttpSettings.defaults()
            .withReadTimeout(Duration.ofSeconds(timeoutSeconds))
            .withMaxAttempts(retries + 1);
    if (caCert == null) {
      return s;
    }
    try {
      return s.withSslContext(Tls.trusting(caCert));
    } catch (NoSuchFileException e) {
      throw new UntrustedCaCert("file not found");
    } catch (IOException | GeneralSecurityException e) {
      throw new UntrustedCaCert("not a PEM or DER X.509 certificate");
    }
  }

  /** A CA certificate file that cannot be trusted; the message says why, without the path. */
  static final class UntrustedCaCert extends Exception {
    private static final long serialVersionUID = 1L;

    UntrustedCaCert(String why) {
      super(why, null, false, false);
    }
  }

  static URI url(String option, String value) throws UsageException {
    try {
      return Transport.checked(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  /** Writes each response as NNN-METHOD-path.json plus index.json (file, request, hash). */
  static void writeRaw(Path dir, List<RecordedResponse> responses)
      throws UsageException, RequestException {
    List<Map<String, Object>> index = new ArrayList<>();
    try {
      for (RecordedResponse r : responses) {
        String name = r.fileName();
        OutputFiles.write(dir.resolve(name), r.body());
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("file", name);
        e.put("method", r.method());
        e.put("path", r.path());
        e.put("status", r.status());
        e.put("contentType", r.contentType());
        e.put("sha256", r.sha256());
        index.add(e);
      }
      OutputFiles.write(
          dir.resolve("index.json"),
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(index));
    } catch (IOException e) {
      throw new UsageException("cannot write raw responses to " + dir + ": " + OutputFiles.why(e));
    }
  }
}
