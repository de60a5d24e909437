package dev.psapolicy.cli;

import dev.psapolicy.evidence.Keys;
import dev.psapolicy.gate.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy keygen --out NAME}: an Ed25519 key pair for signing evidence packs. NAME.key
 * (PKCS#8 PEM) is created with owner-only permissions from the start, never widened afterwards;
 * NAME.pub (X.509 PEM) is what auditors get. Existing files are never overwritten.
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
    try {
      Path parent = key.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createFile(
            key,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(key);
        key.toFile().setReadable(false, false);
        key.toFile().setReadable(true, true);
        key.toFile().setWritable(false, false);
        key.toFile().setWritable(true, true);
      }
      Files.writeString(key, Keys.privatePem(pair.getPrivate()), StandardCharsets.US_ASCII);
      Files.writeString(pub, Keys.publicPem(pair.getPublic()), StandardCharsets.US_ASCII);
    } catch (FileAlreadyExistsException e) {
      throw new UsageException(e.getFile() + " exists; refusing to overwrite a key");
    } catch (IOException e) {
      throw new UsageException(
          "cannot write the key: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    ctx.out().println("private key: " + name + ".key (keep it secret; owner-only permissions)");
    ctx.out().println("public key:  " + name + ".pub (give it to whoever verifies packs)");
    ctx.out().println("key id:      " + Keys.keyId(pair.getPublic()));
    return ExitCode.OK.code();
  }
}
