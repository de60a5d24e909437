package dev.psapolicy.cli;

import dev.psapolicy.evidence.Keys;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.run.OutputFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy keygen --out NAME}: an Ed25519 key pair for signing evidence packs. NAME.key
 * (PKCS#8 PEM) is created with owner-only permissions from the start, never widened afterwards;
 * NAME.pub (X.509 PEM) is what auditors get. Both are written whole through {@link OutputFiles}
 * (temporary file, then linked into place): existing files are never overwritten, not even by a run
 * racing this one, and a killed run leaves no half key.
 */
final class KeygenCommand implements Command {
  @Override
  public String name() {
    return "keygen";
  }

  @Override
  public String summary() {
    return "create an Ed25519 key pair (NAME.key, NAME.pub) to sign evidence packs";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("out")
                .hasArg()
                .argName("NAME")
                .desc("writes NAME.key (private, owner-only) and NAME.pub (public)")
                .get())
        .addOption(Option.builder().longOpt("debug").desc("show stack traces").get());
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    if (!cmd.getArgList().isEmpty()) {
      throw new UsageException("unexpected argument '" + cmd.getArgList().get(0) + "'");
    }
    String name = cmd.getOptionValue("out");
    if (name == null || name.isBlank()) {
      throw new UsageException("give --out NAME");
    }
    Path key = ctx.path(name + ".key");
    Path pub = ctx.path(name + ".pub");
    for (Path p : new Path[] {key, pub}) {
      if (Files.exists(p)) {
        throw new UsageException(p + " exists; refusing to overwrite a key");
      }
    }
    KeyPair pair = Keys.generate();
    // each file is written whole under a temporary name and linked into place only if the name
    // is still free; the private key is owner-only from its first byte
    if (!OutputFiles.createNewPrivate(
        key, Keys.privatePem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII))) {
      throw new UsageException(key + " exists; refusing to overwrite a key");
    }
    if (!OutputFiles.createNew(
        pub, Keys.publicPem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII))) {
      // the pair is useless without its public half: take the private key back
      Files.deleteIfExists(key);
      throw new UsageException(pub + " exists; refusing to overwrite a key");
    }
    ctx.out().println("private key: " + name + ".key (keep it secret; owner-only permissions)");
    ctx.out().println("public key:  " + name + ".pub (give it to whoever verifies packs)");
    ctx.out().println("key id:      " + Keys.keyId(pair.getPublic()));
    return ExitCode.OK.code();
  }
}
