package dev.psapolicy.cli;

import dev.psapolicy.evidence.Keys;
import dev.psapolicy.evidence.PackVerifier;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy verify DIR... [--public-key FILE]}: recomputes evidence packs (oldest first
 * when several, checking the chain between them). Exit 0 when every pack is intact, 6 when not.
 */
final class VerifyCommand implements Command {
  @Override
  public String name() {
    return "verify";
  }

  @Override
  public String summary() {
    return "verify evidence packs: files, signature, chain (exit 6 when not intact)";
  }

  @Override
  public String usage() {
    return "DIR... [--public-key FILE]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("public-key")
                .hasArg()
                .argName("FILE")
                .desc("the signer's public key (NAME.pub): the packs must be signed by it")
                .get())
        .addOption(Option.builder().longOpt("debug").desc("show stack traces").get());
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    List<String> args = cmd.getArgList();
    if (args.isEmpty()) {
      throw new UsageException("give the evidence pack folder(s), oldest first");
    }
    PublicKey trusted = null;
    String keyFile = cmd.getOptionValue("public-key");
    if (keyFile != null) {
      trusted = readPublicKey(keyFile, ctx);
    }
    List<Path> dirs = new ArrayList<>();
    for (String a : args) {
      Path dir = ctx.path(a);
      if (!Files.isDirectory(dir)) {
        throw new InvalidInputException(InputProblem.at(a, "no such folder"));
      }
      dirs.add(dir);
    }
    List<PackVerifier.PackResult> results = PackVerifier.verify(dirs, args, trusted);
    int bad = 0;
    for (int i = 0; i < results.size(); i++) {
      PackVerifier.PackResult r = results.get(i);
      StringBuilder head = new StringBuilder("pack ").append(args.get(i));
      if (r.manifest() != null) {
        head.append(": run ")
            .append(r.manifest().run().runId())
            .append(", started ")
            .append(r.manifest().run().startedAt())
            .append(", psa-policy ")
            .append(r.manifest().run().toolVersion())
            .append(", gate ")
            .append(r.manifest().run().gate())
            .append(" (exit ")
            .append(r.manifest().run().exitCode())
            .append(')');
      }
      ctx.out().println(head);
      ctx.out()
          .println(
              "  files: "
                  + r.checked()
                  + " checked against manifest.json"
                  + (r.manifestSha256() == null ? "" : " (sha256 " + r.manifestSha256() + ")"));
      for (String n : r.notes()) {
        ctx.out().println("  " + n);
      }
      for (String p : r.problems()) {
        ctx.out().println("  " + p);
      }
      ctx.out().println(r.ok() ? "  OK: intact" : "  FAILED");
      bad += r.ok() ? 0 : 1;
    }
    if (bad == 0) {
      ctx.out().println("verified: " + results.size() + " pack(s) intact");
      return ExitCode.OK.code();
    }
    ctx.out()
        .println("verification FAILED: " + bad + " of " + results.size() + " pack(s) not intact");
    return ExitCode.VERIFICATION_FAILED.code();
  }

  static PublicKey readPublicKey(String file, Context ctx) throws InvalidInputException {
    try {
      return Keys.readPublic(Files.readString(ctx.path(file), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new InvalidInputException(InputProblem.at(file, "cannot read file"));
    } catch (Keys.KeyException e) {
      throw new InvalidInputException(InputProblem.at(file, e.getMessage()));
    }
  }
}
