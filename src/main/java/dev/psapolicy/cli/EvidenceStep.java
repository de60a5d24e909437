package dev.psapolicy.cli;

import dev.psapolicy.evidence.EvidencePack;
import dev.psapolicy.evidence.Keys;
import dev.psapolicy.evidence.PackVerifier;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.report.Report;
import dev.psapolicy.run.OutputFiles;
import dev.psapolicy.run.RequestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code check --evidence DIR [--signing-key FILE] [--previous DIR]}: everything checked before the
 * evaluation (so that a bad key or folder costs no run), then the pack after it, claimed
 * exclusively: built in a temporary folder next to DIR and renamed into place. The key may also
 * come from the environment variable {@value #KEY_ENV} (the PEM text, for CI secrets).
 */
final class EvidenceStep {
  /** The environment variable that may hold the signing key's PEM text. */
  static final String KEY_ENV = "PSA_POLICY_SIGNING_KEY";

  private final Path dir;
  private final String display;
  private final PrivateKey key;
  private final EvidencePack.PreviousPack previous;

  private EvidenceStep(
      Path dir, String display, PrivateKey key, EvidencePack.PreviousPack previous) {
    this.dir = dir;
    this.display = display;
    this.key = key;
    this.previous = previous;
  }

  static Options addOptions(Options options) {
    return options
        .addOption(
            Option.builder()
                .longOpt("evidence")
                .hasArg()
                .argName("DIR")
                .desc(
                    "write an evidence pack (inputs, results, HTML report, manifest) into DIR,"
                        + " which must be new or empty")
                .get())
        .addOption(
            Option.builder()
                .longOpt("signing-key")
                .hasArg()
                .argName("FILE")
                .desc(
                    "sign the pack's manifest with this Ed25519 key (from keygen; or set "
                        + KEY_ENV
                        + " to the key's PEM text)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("previous")
                .hasArg()
                .argName("DIR")
                .desc(
                    "the previous evidence pack: verified (signed by --public-key, or by the"
                        + " --signing-key's own key), and its manifest hash recorded")
                .get())
        .addOption(
            Option.builder()
                .longOpt("public-key")
                .hasArg()
                .argName("FILE")
                .desc(
                    "the signer's public key (NAME.pub): the --previous pack must be signed by it")
                .get())
        .addOption(
            Option.builder()
                .longOpt("allow-unsigned")
                .desc(
                    "use the --previous pack even when unsigned or not signed by a pinned key"
                        + " (its hashes are still checked, its signer is not)")
                .get());
  }

  /** The step, or null without --evidence. Usage and input errors come out here. */
  static EvidenceStep parse(CommandLine cmd, Context ctx) throws Exception {
    String dirArg = cmd.getOptionValue("evidence");
    if (dirArg == null) {
      for (String o : List.of("signing-key", "previous", "public-key", "allow-unsigned")) {
        if (cmd.hasOption(o)) {
          throw new UsageException("--" + o + " needs --evidence DIR");
        }
      }
      return null;
    }
    Path dir = ctx.path(dirArg);
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new UsageException("--evidence " + dirArg + " is a file, not a folder");
      }
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new UsageException(
              "--evidence " + dirArg + " is not empty: every evidence pack needs a new folder");
        }
      }
    }
    OutputFiles.checkFolderWritable(dir);
    PrivateKey key = null;
    String keyFile = cmd.getOptionValue("signing-key");
    try {
      if (keyFile != null) {
        key = Keys.readPrivate(Files.readString(ctx.path(keyFile), StandardCharsets.US_ASCII));
      } else if (ctx.env().get(KEY_ENV) != null && !ctx.env().get(KEY_ENV).isBlank()) {
        keyFile = "$" + KEY_ENV;
        key = Keys.readPrivate(ctx.env().get(KEY_ENV));
      }
    } catch (IOException e) {
      throw new InvalidInputException(InputProblem.at(keyFile, "cannot read file"));
    } catch (Keys.KeyException e) {
      throw new InvalidInputException(InputProblem.at(keyFile, e.getMessage()));
    }
    EvidencePack.PreviousPack previous = null;
    String prevArg = cmd.getOptionValue("previous");
    if (prevArg == null) {
      for (String o : PackTrust.OPTIONS) {
        if (cmd.hasOption(o)) {
          throw new UsageException("--" + o + " needs --previous DIR");
        }
      }
    }
    if (prevArg != null) {
      Path prev = ctx.path(prevArg);
      if (!Files.isDirectory(prev)) {
        throw new InvalidInputException(InputProblem.at(prevArg, "no such folder"));
      }
      // chaining onto a tampered pack would launder it: the previous pack must verify first,
      // signed by the pinned key (--public-key, else the key that signs this pack)
      PackTrust trust =
          PackTrust.of(
              cmd.getOptionValue("public-key"),
              key == null ? null : Keys.publicOf(key),
              "--signing-key " + keyFile,
              cmd.hasOption("allow-unsigned"),
              ctx);
      PackVerifier.PackResult r = trust.verify(prev, "--previous " + prevArg, "check", ctx);
      previous =
          new EvidencePack.PreviousPack(
              prev, r.manifestSha256(), r.manifest().run().runId(), r.manifest().run().startedAt());
    }
    return new EvidenceStep(dir, dirArg, key, previous);
  }

  /**
   * Writes the pack and says so on standard error. The pack is built in a temporary folder next to
   * DIR and renamed into place as a whole: a reader never sees half a pack, and of several runs
   * racing for one DIR exactly one publishes; the others fail (exit 2) and leave it alone.
   */
  void write(Report report, List<InputFile> inputs, Context ctx) throws Exception {
    write(report, inputs, ctx, "check");
  }

  /** {@link #write(Report, List, Context)} for another command ({@code apply}). */
  void write(Report report, List<InputFile> inputs, Context ctx, String command) throws Exception {
    Path tmp = OutputFiles.tempFolder(dir);
    EvidencePack.Written w;
    try {
      w = EvidencePack.write(tmp, report, inputs, key, previous);
    } catch (IOException e) {
      OutputFiles.deleteTree(tmp);
      throw new RequestException("cannot write " + dir + ": " + OutputFiles.why(e));
    } catch (Exception | Error e) {
      OutputFiles.deleteTree(tmp);
      throw e;
    }
    OutputFiles.publishFolder(tmp, dir);
    ctx.err()
        .println(
            "psa-policy "
                + command
                + ": evidence pack "
                + display
                + ": "
                + w.files()
                + " files, manifest sha256 "
                + w.manifestSha256()
                + ", "
                + (w.keyId() == null ? "UNSIGNED (no --signing-key)" : "signed by " + w.keyId())
                + (previous == null ? "" : ", follows " + previous.manifestSha256()));
  }
}
