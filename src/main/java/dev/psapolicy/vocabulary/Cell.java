package dev.psapolicy.vocabulary;

/**
 * A canonical module/function pair of the catalog.
 *
 * @param module canonical module (ConnectWise) or security-level section (Autotask)
 * @param function canonical function (ConnectWise) or REST entity (Autotask)
 */
public record Cell(String module, String function) {
  @Override
  public String toString() {
    return module + " / " + function;
  }
}
