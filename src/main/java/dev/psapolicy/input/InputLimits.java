package dev.psapolicy.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The limits every input file is read under, the same for YAML and for JSON (documented in
 * docs/security-model.md, "Inputs"). A file over a limit is an input error naming the file and,
 * where there is one, the place; it is never a hang, an OutOfMemoryError or a StackOverflowError.
 *
 * <p>The file size is checked before a byte is read; the parsers' own limits (YAML: {@link
 * PlainYaml.Factory}) (Jackson's {@link StreamReadConstraints}, SnakeYAML's code point limit) are
 * set to the same numbers, so a document that does not come from a file (a fetched response, a
 * bundled resource) is held to them too.
 */
public final class InputLimits {
  /**
   * Largest file read, in bytes: 128 MiB. The benchmark's 1M-grant snapshot is 45,227,728 bytes as
   * JSON and 33,527,696 as YAML, so there is room for about three times as many grants.
   */
  public static final int MAX_FILE_BYTES = 128 * 1024 * 1024;

  /** Deepest nesting of maps and lists: 64 levels (psa-policy's own formats use at most 6). */
  public static final int MAX_NESTING_DEPTH = 64;

  /** Longest key or value, in characters: 1 MiB (a UUID or a reviewer's note is far shorter). */
  public static final int MAX_STRING_CHARS = 1024 * 1024;

  private InputLimits() {}

  /** Jackson's limits for one document; nesting one deeper so psa-policy names the place first. */
  static StreamReadConstraints constraints() {
    return StreamReadConstraints.builder()
        .maxDocumentLength(MAX_FILE_BYTES)
        .maxNestingDepth(MAX_NESTING_DEPTH + 1)
        .maxStringLength(MAX_STRING_CHARS)
        .maxNameLength(MAX_STRING_CHARS)
        // numbers are kept as their text, never converted to a BigInteger or BigDecimal
        .maxNumberLength(MAX_STRING_CHARS)
        .build();
  }

  /** SnakeYAML's limits: the code point limit is the file size limit (one code point >= 1 byte). */
  static LoaderOptions loaderOptions() {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(MAX_FILE_BYTES);
    o.setNestingDepthLimit(MAX_NESTING_DEPTH + 1);
    o.setAllowRecursiveKeys(false);
    o.setMaxAliasesForCollections(0);
    o.setProcessComments(false);
    return o;
  }

  /** A JSON factory under these limits (for every JSON reader). */
  public static JsonFactory jsonFactory() {
    return JsonFactory.builder().streamReadConstraints(constraints()).build();
  }

  /** A size for messages: "128 MiB". */
  static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }
}
