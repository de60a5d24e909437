package dev.psapolicy.facts;

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
 * @param raw the value exactly as the vendor reported it ({@code null} when the snapshot had no
 *     row for this cell and it was filled in as None)
 * @param known whether the catalog of known PSA permissions knows this module/function
 */
public record Grant(String principalKey, String platform, String module, String functionName,
    Verb verb, Level level, String raw, boolean known) {

  /** The level's rank (0 None, 1 My, 2 All), convenient in rule constraints. */
  public int rank() {
    return level.rank();
  }

  /** "Service Desk / Service Tickets". */
  public String cell() {
    return module + " / " + functionName;
  }
}
