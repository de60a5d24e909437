package dev.psapolicy.facts;

import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.util.List;
import java.util.Objects;

/**
 * One cell of an API user's effective permissions: module × function × verb at a level. A
 * ConnectWise role setting row becomes four grants; an Autotask {@code entityInformation} answer
 * becomes four grants on module = security-level section, function = REST entity.
 *
 * <p>The function is called {@code functionName} because {@code function} is a reserved word in
 * MVEL and would break constraints in run-time compiled rules.
 *
 * @param principalKey {@link Principal#key()} of the holder
 * @param platform {@code connectwise} or {@code autotask}
 * @param module canonical module (ConnectWise) or security-level section (Autotask)
 * @param functionName canonical function (ConnectWise) or REST entity (Autotask)
 * @param verb the verb
 * @param level the level on the lattice
 * @param raw the value exactly as the vendor reported it ({@code null} when the snapshot had no row
 *     for this cell and it was filled in as None)
 * @param known whether the module/function is real: the catalog knows it, or the PSA itself
 *     reported it (a fetched snapshot); false only for a typed name the catalog does not know
 * @param allowed the level the principal's baselines allow on this cell and verb (the lattice join
 *     over them; None where none lists the cell), or null when the principal has no baseline
 * @param listed whether at least one assigned baseline lists the cell (a ConnectWise row, or an
 *     Autotask entity, section or category row that covers it)
 * @param baselines the ids of the baselines that set {@code allowed} (all assigned ones when the
 *     cell is not listed), in assignment order; empty when the principal has no baseline
 * @param needed the level the principal's baselines need on this cell and verb: the join of what
 *     each guide names for the cell itself (None where a guide only allows it through an Autotask
 *     section or category, or marks the row optional); null when the principal has no baseline.
 *     Never above {@code allowed}
 * @param neededBy the ids of the baselines that set {@code needed}; empty when nothing is needed
 */
public record Grant(
    String principalKey,
    String platform,
    String module,
    String functionName,
    Verb verb,
    Level level,
    String raw,
    boolean known,
    Level allowed,
    boolean listed,
    List<String> baselines,
    Level needed,
    List<String> neededBy) {

  public Grant {
    baselines = List.copyOf(baselines);
    neededBy = List.copyOf(neededBy);
  }

  /** A judged grant whose baselines need what they allow. */
  public Grant(
      String principalKey,
      String platform,
      String module,
      String functionName,
      Verb verb,
      Level level,
      String raw,
      boolean known,
      Level allowed,
      boolean listed,
      List<String> baselines) {
    this(
        principalKey,
        platform,
        module,
        functionName,
        verb,
        level,
        raw,
        known,
        allowed,
        listed,
        baselines,
        allowed,
        baselines);
  }

  /** A grant not yet judged against any baseline. */
  public Grant(
      String principalKey,
      String platform,
      String module,
      String functionName,
      Verb verb,
      Level level,
      String raw,
      boolean known) {
    this(
        principalKey,
        platform,
        module,
        functionName,
        verb,
        level,
        raw,
        known,
        null,
        false,
        List.of(),
        null,
        List.of());
  }

  /**
   * From the fields that tell grants apart (holder, cell, verb, level): equal grants have equal
   * ones, so it agrees with the record's {@code equals}, and it is cheap where a rule session
   * indexes grants ({@code not Claim(grant == $g)}) instead of hashing all thirteen fields.
   */
  @Override
  public int hashCode() {
    int h = Objects.hashCode(principalKey);
    h = 31 * h + Objects.hashCode(module);
    h = 31 * h + Objects.hashCode(functionName);
    h = 31 * h + (verb == null ? 0 : verb.ordinal() + 1);
    return 31 * h + (level == null ? 0 : level.ordinal() + 1);
  }

  /** True when the principal has at least one baseline, so {@code allowed} is set. */
  public boolean judged() {
    return allowed != null;
  }

  /** The allowed level's rank, or 3 (above every level) when the grant is not judged. */
  public int allowedRank() {
    return allowed == null ? 3 : allowed.rank();
  }

  /**
   * The needed level's rank, or 0 when the grant is not judged or nothing is needed; a grant with
   * {@code rank < neededRank} is below what its integration needs.
   */
  public int neededRank() {
    return needed == null ? 0 : needed.rank();
  }

  /** The level's rank (0 None, 1 My, 2 All), convenient in rule constraints. */
  public int rank() {
    return level.rank();
  }

  /** "Service Desk / Service Tickets". */
  public String cell() {
    return module + " / " + functionName;
  }

  /** The verb in the platform's words (Add / create, ...), for messages. */
  public String verbWord() {
    return verb.word(platform);
  }

  /** The level in the platform's words (My / Restricted, ...), for messages. */
  public String levelWord() {
    return level.word(platform);
  }
}
