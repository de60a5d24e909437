package dev.psapolicy.cli;

import dev.psapolicy.evidence.PackVerifier;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * Whom a command trusts for an evidence pack it reads ({@code diff OLD NEW}, {@code check
 * --previous DIR}): the pack must verify and be signed by the pinned key ({@code --public-key}, or
 * for {@code --previous} the key that signs the new pack). An unpinned pack (unsigned, or signed by
 * a key nobody named) is refused unless {@code --allow-unsigned} says to use it on its hashes
 * alone: without a pinned key, whoever can write the folder can rewrite the whole pack.
 */
final class PackTrust {
  private final PublicKey pinned;
  private final String pinnedFrom;
  private final boolean allowUnsigned;

  private PackTrust(PublicKey pinned, String pinnedFrom, boolean allowUnsigned) {
    this.pinned = pinned;
    this.pinnedFrom = pinnedFrom;
    this.allowUnsigned = allowUnsigned;
  }

  /** Adds {@code --public-key FILE} and {@code --allow-unsigned}. */
  static Options addOptions(Options o, String whose) {
    return o.addOption(
            Option.builder()
                .longOpt("public-key")
                .hasArg()
                .argName("FILE")
                .desc("the signer's public key (NAME.pub): " + whose + " must be signed by it")
                .get())
        .addOption(
            Option.builder()
                .longOpt("allow-unsigned")
                .desc(
                    "use "
                        + whose
                        + " even when unsigned or not signed by a pinned key (hashes are still"
                        + " checked, the signer is not)")
                .get());
  }

  /**
   * The trust the options ask for.
   *
   * @param publicKeyFile {@code --public-key}, or null
   * @param fallback the key to pin without {@code --public-key} (check: its own signing key), or
   *     null
   * @param fallbackName how to name the fallback in messages
   */
  static PackTrust of(
      String publicKeyFile,
      PublicKey fallback,
      String fallbackName,
      boolean allowUnsigned,
      Context ctx)
      throws Exception {
    if (publicKeyFile != null) {
      return new PackTrust(
          VerifyCommand.readPublicKey(publicKeyFile, ctx),
          "--public-key " + publicKeyFile,
          allowUnsigned);
    }
    return new PackTrust(fallback, fallbackName, allowUnsigned);
  }

  /**
   * Verifies a pack to be read, or refuses it.
   *
   * @param dir the pack
   * @param name how the user named it (with its option, e.g. "--previous pack1")
   * @param command the command, for notes on standard error
   * @return the verification, intact
   * @throws UsageException when nothing pins the signer and --allow-unsigned was not given (2)
   * @throws VerificationFailedException when the pack is not intact or not signed by the pinned key
   *     (6)
   */
  PackVerifier.PackResult verify(Path dir, String name, String command, Context ctx)
      throws UsageException, VerificationFailedException {
    if (pinned == null) {
      if (!allowUnsigned) {
        throw new UsageException(
            name
                + " is an evidence pack: give --public-key SIGNER.pub to check who signed it, or"
                + " --allow-unsigned to use it on its hashes alone");
      }
      PackVerifier.PackResult r = intact(PackVerifier.verify(dir, null), name);
      ctx.err()
          .println(
              "psa-policy "
                  + command
                  + ": note: "
                  + name
                  + ": signer not checked (--allow-unsigned)");
      return r;
    }
    PackVerifier.PackResult r = PackVerifier.verify(dir, pinned);
    boolean unsigned =
        r.manifest() != null
            && (r.manifest().signature() == null || !r.manifest().signature().signed());
    if (!r.ok() && unsigned && allowUnsigned) {
      PackVerifier.PackResult hashes = intact(PackVerifier.verify(dir, null), name);
      ctx.err()
          .println(
              "psa-policy "
                  + command
                  + ": note: "
                  + name
                  + ": UNSIGNED, used because of --allow-unsigned");
      return hashes;
    }
    if (!r.ok() && unsigned) {
      throw new VerificationFailedException(
          name
              + " is not intact: "
              + String.join("; ", r.problems())
              + " (pinned by "
              + pinnedFrom
              + "; --allow-unsigned uses an unsigned pack on its hashes alone)");
    }
    return intact(r, name);
  }

  private static PackVerifier.PackResult intact(PackVerifier.PackResult r, String name)
      throws VerificationFailedException {
    if (!r.ok()) {
      throw new VerificationFailedException(
          name + " is not intact: " + String.join("; ", r.problems()));
    }
    return r;
  }

  /** The option names, for "needs" messages. */
  static final List<String> OPTIONS = List.of("public-key", "allow-unsigned");
}
