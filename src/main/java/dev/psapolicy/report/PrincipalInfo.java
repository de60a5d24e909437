package dev.psapolicy.report;

import dev.psapolicy.input.InputRef;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * An API user covered by a run, as reports show it.
 *
 * @param platform connectwise or autotask
 * @param instance PSA instance
 * @param id PSA id
 * @param name display name
 * @param role security role / level name
 * @param baselines baseline ids assigned
 * @param grants the user's grants
 * @param source the snapshot it was read from; null when unknown
 * @param line the line of the principal in that snapshot (0 when unknown or fetched)
 * @param assignedBy where its baselines came from; null when it has none
 */
public record PrincipalInfo(
    String platform,
    String instance,
    String id,
    String name,
    String role,
    List<String> baselines,
    List<GrantInfo> grants,
    InputRef source,
    int line,
    AssignedBy assignedBy) {
  public PrincipalInfo {
    baselines = List.copyOf(baselines);
    grants = grants instanceof GrantView<?> ? grants : List.copyOf(grants);
  }

  /**
   * A principal's grants as reports show them, each made from its fact only when it is read: a
   * report of a million grants holds no second million objects, and most outputs only count them.
   *
   * @param facts the grant facts: a list that never changes (an evaluation's facts, or a view of
   *     them), read on each access rather than copied, since the facts themselves may be made only
   *     when read
   * @param asInfo how a fact is shown; must depend on the fact alone
   */
  public static <T> List<GrantInfo> grantView(
      List<? extends T> facts, Function<? super T, GrantInfo> asInfo) {
    return new GrantView<>(facts, asInfo);
  }

  private static final class GrantView<T> extends AbstractList<GrantInfo> implements RandomAccess {
    private final List<? extends T> facts;
    private final Function<? super T, GrantInfo> asInfo;

    GrantView(List<? extends T> facts, Function<? super T, GrantInfo> asInfo) {
      this.facts = facts;
      this.asInfo = asInfo;
    }

    @Override
    public GrantInfo get(int index) {
      return asInfo.apply(facts.get(index));
    }

    @Override
    public int size() {
      return facts.size();
    }
  }

  /** A principal whose assignment's origin is not known. */
  public PrincipalInfo(
      String platform,
      String instance,
      String id,
      String name,
      String role,
      List<String> baselines,
      List<GrantInfo> grants,
      InputRef source,
      int line) {
    this(platform, instance, id, name, role, baselines, grants, source, line, null);
  }

  /**
   * Where a principal's baselines came from.
   *
   * @param origin {@code declared} (the snapshot's integrations), {@code config} (an assign entry),
   *     {@code recognised} (a baseline's recognise: pattern) or {@code default}
   * @param field for {@code recognised}: the key that matched ({@code name}, {@code identifier},
   *     {@code email}, {@code notes}, {@code userName}); else null
   * @param pattern for {@code recognised}: the glob that matched; else null
   */
  public record AssignedBy(String origin, String field, String pattern) {

    /** The words every output shows: {@code declared}, {@code recognised by name 'Rewst*'}. */
    public String describe() {
      return field == null ? origin : origin + " by " + field + " '" + pattern + "'";
    }
  }

  /** Which API user this is, as the key that joins it to its violations. */
  public PrincipalRef ref() {
    return new PrincipalRef(platform, instance, id);
  }

  /** Display form used in outputs: name (id), or the id when it has no name. */
  public String display() {
    return name == null || name.isBlank() ? id : name + " (" + id + ")";
  }

  /** Its baselines and where they came from, for outputs: {@code rewst-connectwise (declared)}. */
  public String baselinesWithOrigin() {
    if (baselines.isEmpty()) {
      return "(none)";
    }
    return String.join(", ", baselines)
        + (assignedBy == null ? "" : " (" + assignedBy.describe() + ")");
  }

  /** A principal whose snapshot is not known. */
  public PrincipalInfo(
      String platform,
      String instance,
      String id,
      String name,
      String role,
      List<String> baselines,
      List<GrantInfo> grants) {
    this(platform, instance, id, name, role, baselines, grants, null, 0, null);
  }

  /**
   * One grant row as reported.
   *
   * @param module module
   * @param function function
   * @param verb verb id
   * @param level None/My/All
   */
  public record GrantInfo(String module, String function, String verb, String level) {}
}
