package dev.psapolicy.baseline;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.Glob;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Origin;
import dev.psapolicy.input.PreparedLines;
import dev.psapolicy.vocabulary.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The bundled baselines' headers, prepared at build time: for each file, its name and SHA-256 and
 * what its header says (id, platform, title, product, source, retrieved, vendor, partial and the
 * {@code recognise:} globs), one field per line ({@link PreparedLines}). A run makes the baselines
 * from it without decoding or checking 35 trees, or hashing 35 files; each baseline still reads its
 * rows from its own file (its pre-parsed tree, bound to that SHA-256) when a run first judges by
 * it.
 *
 * <p>The build writes it ({@code main}, after the data files are parsed and the catalog prepared);
 * {@link BaselineLoader#loadBuiltIn()} reads it, and reads the files themselves where it is absent.
 * {@code PreparedBaselinesTest} holds what the build wrote to the baselines read from the files,
 * hashes included, so a changed file cannot run on a stale preparation.
 */
public final class PreparedBaselines {
  /** Where the build puts it, next to the baselines. */
  static final String RESOURCE = BaselineLoader.BUNDLED_DIR + "/baselines.prepared";

  /** The first line, naming this layout: a reader refuses any other. */
  private static final String FORMAT = "psa-policy prepared baselines 1";

  private PreparedBaselines() {}

  /** {@code args[0]}: the classes folder holding the bundled baselines. */
  public static void main(String[] args) throws IOException, InvalidInputException {
    Path classes = Path.of(args[0]);
    List<Baseline> read = new BaselineLoader(PermissionCatalog.builtIn()).readBundledFiles();
    Files.write(classes.resolve(RESOURCE), encode(read));
    System.out.println("prepared " + read.size() + " bundled baselines");
  }

  /** Where a prepared baseline's rows come from: its own file, resolved on first use. */
  interface Rows {
    /**
     * @param file the baseline's file, hash included
     * @param resource where the jar holds it
     * @param platform the baseline's platform
     */
    Supplier<List<BaselineRow>> of(InputFile file, String resource, Platform platform);
  }

  /** The headers of bundled baselines, in their order. */
  static byte[] encode(List<Baseline> baselines) {
    PreparedLines.Writer out = new PreparedLines.Writer(FORMAT);
    out.add(baselines.size());
    for (Baseline b : baselines) {
      String path = b.input().path();
      out.add(path.substring(path.lastIndexOf('/') + 1))
          .add(b.input().sha256())
          .add(b.id())
          .add(b.platform().id())
          .addNullable(b.title())
          .addNullable(b.product())
          .addNullable(b.source())
          .add(b.retrieved().toString())
          .addNullable(b.vendor())
          .add(Boolean.toString(b.partial()))
          .add(b.recognise().patterns().size());
      for (Recognise.Pattern p : b.recognise().patterns()) {
        out.add(p.key()).add(p.glob().text());
      }
    }
    return out.bytes();
  }

  /**
   * The baselines whose headers {@link #encode} wrote: each file's bytes read from the jar, its
   * hash and header from the preparation, its rows from {@code rows}.
   *
   * @throws IOException when the bytes are not a whole preparation of this layout, or name a file
   *     the jar does not hold
   */
  static List<Baseline> decode(byte[] prepared, Rows rows) throws IOException {
    PreparedLines.Reader in = new PreparedLines.Reader(prepared, FORMAT);
    List<Baseline> out = new ArrayList<>();
    for (int n = in.count(); n > 0; n--) {
      String file = in.next();
      String sha = in.next();
      String id = in.next();
      Platform platform = Platform.parse(in.next());
      if (platform == null) {
        throw in.problem("naming no platform for " + file);
      }
      String title = in.nextNullable();
      String product = in.nextNullable();
      String source = in.nextNullable();
      LocalDate retrieved;
      try {
        retrieved = LocalDate.parse(in.next());
      } catch (DateTimeParseException e) {
        throw in.problem("with a date that is not one for " + file);
      }
      String vendor = in.nextNullable();
      boolean partial = Boolean.parseBoolean(in.next());
      List<Recognise.Pattern> patterns = new ArrayList<>();
      for (int k = in.count(); k > 0; k--) {
        String key = in.next();
        patterns.add(
            new Recognise.Pattern(key, Recognise.keys(platform).get(key), Glob.parse(in.next())));
      }
      String resource = BaselineLoader.BUNDLED_DIR + "/" + file;
      byte[] bytes = Bundled.read(resource);
      if (bytes == null) {
        throw in.problem("naming " + resource + ", which the jar does not hold");
      }
      InputFile input =
          new InputFile(InputKind.BASELINE, Origin.BUILT_IN, "baselines/" + file, id, bytes, sha);
      out.add(
          new Baseline(
              id,
              platform,
              title,
              product,
              source,
              retrieved,
              vendor,
              partial,
              input,
              rows.of(input, resource, platform),
              patterns.isEmpty() ? Recognise.NONE : new Recognise(patterns)));
    }
    in.end();
    return out;
  }
}
