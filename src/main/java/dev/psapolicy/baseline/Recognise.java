package dev.psapolicy.baseline;

import dev.psapolicy.input.Glob;
import dev.psapolicy.vocabulary.Platform;
import java.util.List;
import java.util.Map;

/**
 * How a baseline's API user is usually recognised: globs on fields of the user, as the baseline's
 * {@code recognise:} key gives them. Recognition only chooses a baseline for a user that declares
 * none; it never relaxes a verdict.
 *
 * @param patterns the globs in file order (empty when the baseline has no {@code recognise:})
 */
public record Recognise(List<Pattern> patterns) {

  /** Nothing recognises the baseline. */
  public static final Recognise NONE = new Recognise(List.of());

  public Recognise {
    patterns = List.copyOf(patterns);
  }

  /** The field of an API user a pattern is matched against (the same on both platforms). */
  public enum Field {
    /** ConnectWise member identifier; Autotask resource userName. */
    IDENTIFIER,
    /** Display name. */
    NAME,
    /** E-mail address. */
    EMAIL,
    /** ConnectWise API member notes. */
    NOTES
  }

  /** The {@code recognise:} keys of a ConnectWise baseline and the field each reads. */
  public static final Map<String, Field> CONNECTWISE_KEYS =
      Map.of(
          "identifier", Field.IDENTIFIER,
          "name", Field.NAME,
          "email", Field.EMAIL,
          "notes", Field.NOTES);

  /** The {@code recognise:} keys of an Autotask baseline and the field each reads. */
  public static final Map<String, Field> AUTOTASK_KEYS =
      Map.of("userName", Field.IDENTIFIER, "name", Field.NAME, "email", Field.EMAIL);

  /** The keys a baseline of the platform may give. */
  public static Map<String, Field> keys(Platform platform) {
    return platform == Platform.AUTOTASK ? AUTOTASK_KEYS : CONNECTWISE_KEYS;
  }

  /**
   * One glob.
   *
   * @param key the key as the baseline wrote it ({@code name}, {@code userName})
   * @param field the field it reads
   * @param glob the glob (case-insensitive, whole value)
   */
  public record Pattern(String key, Field field, Glob glob) {}

  /** Whether the baseline has any pattern. */
  public boolean isEmpty() {
    return patterns.isEmpty();
  }
}
