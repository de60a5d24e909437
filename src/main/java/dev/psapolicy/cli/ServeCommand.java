package dev.psapolicy.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy serve}: the long-running service (docs/serve.md). Options only; the work is in
 * {@link ServeRun}, so that a {@code check} never loads the server's classes.
 */
final class ServeCommand implements Command {
  /** Default port. */
  static final int PORT = 8080;

  /** The environment variable holding the database password ({@code --db-user}). */
  static final String DB_PASSWORD = "PSA_POLICY_DB_PASSWORD";

  /** The environment variable holding the {@code --tls-keystore} password. */
  static final String KEYSTORE_PASSWORD = "PSA_POLICY_KEYSTORE_PASSWORD";

  /** The environment variable {@code --hash-token} hashes (else a new token is made). */
  static final String TOKEN = "PSA_POLICY_TOKEN";

  @Override
  public String name() {
    return "serve";
  }

  @Override
  public String summary() {
    return "run the checks on a schedule with a history, and an HTTP decision API";
  }

  @Override
  public Options options() {
    Options o = new Options();
    for (Option opt : GateInputs.evaluationOptions().getOptions()) {
      if (!opt.getLongOpt().equals("snapshot")
          && !opt.getLongOpt().equals("demo")
          && !opt.getLongOpt().equals("allow-unknown")) {
        o.addOption(opt);
      }
    }
    GateInputs.addOptions(o, true);
    return o.addOption(
            Option.builder()
                .longOpt("demo")
                .desc(
                    "serve the built-in ConnectWise and Autotask simulators as the instances, with"
                        + " the history in a temporary folder (unless --state-dir)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("host")
                .hasArg()
                .argName("ADDRESS")
                .desc(
                    "address to listen on (default 127.0.0.1); anything but loopback needs"
                        + " --tls-keystore and --token-file")
                .get())
        .addOption(
            Option.builder()
                .longOpt("port")
                .hasArg()
                .argName("N")
                .desc("port to listen on (default " + PORT + "; 0: any free port)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("state-dir")
                .hasArg()
                .argName("DIR")
                .desc(
                    "folder of the embedded history database and the evidence packs (default"
                        + " psa-policy-state; with --demo a temporary folder)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("db")
                .hasArg()
                .argName("JDBC-URL")
                .desc(
                    "history database: jdbc:h2:... or jdbc:postgresql://HOST/DB (default"
                        + " jdbc:h2:file:STATE-DIR/history)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("db-user")
                .hasArg()
                .argName("NAME")
                .desc("database user; the password comes from " + DB_PASSWORD)
                .get())
        .addOption(
            Option.builder()
                .longOpt("token-file")
                .hasArg()
                .argName("FILE")
                .desc(
                    "accept only bearer tokens whose SHA-256 is in FILE (sha256:HEX lines, from"
                        + " --hash-token)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("hash-token")
                .desc(
                    "print the token-file line for the token in "
                        + TOKEN
                        + " (or for a new token, shown once on standard error) and exit")
                .get())
        .addOption(
            Option.builder()
                .longOpt("tls-keystore")
                .hasArg()
                .argName("FILE")
                .desc(
                    "serve HTTPS with this PKCS#12 key store (password in "
                        + KEYSTORE_PASSWORD
                        + ")")
                .get())
        .addOption(
            Option.builder()
                .longOpt("interval")
                .hasArg()
                .argName("INTERVAL")
                .desc("with --demo: time between runs, e.g. 30s or 5m (default 1m)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("signing-key")
                .hasArg()
                .argName("FILE")
                .desc(
                    "sign every run's evidence pack with this Ed25519 key (from keygen; or set "
                        + EvidenceStep.KEY_ENV
                        + ")")
                .get())
        .addOption(
            Option.builder()
                .longOpt("grace")
                .hasArg()
                .argName("SECONDS")
                .desc(
                    "on shutdown, how long a running job may finish before it is recorded as"
                        + " abandoned (default 30)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("max-seconds")
                .hasArg()
                .argName("N")
                .desc("stop after N seconds (default: run until stopped)")
                .get());
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    return ServeRun.run(cmd, ctx);
  }
}
