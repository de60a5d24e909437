package dev.psapolicy.simulator;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Where and how a simulator listens.
 *
 * @param host the address to bind (127.0.0.1 by default; 0.0.0.0 inside a container)
 * @param port the port (0: an ephemeral one)
 * @param faults the faults to inject
 * @param tls serve HTTPS with this context (null: plain HTTP)
 * @param maxPageSize the server's page-size limit (ConnectWise: 1000)
 * @param numericAccess Autotask only: report {@code userAccessFor*} as the numbers 0/1/2 instead of
 *     the strings None/All/Restricted
 * @param omitted Autotask only: entities (any case) the one {@code GET /V1.0/EntityInformation}
 *     answer leaves out; their own {@code /{Entity}/entityInformation} still serves them
 */
public record SimulatorOptions(
    String host,
    int port,
    FaultPlan faults,
    SSLContext tls,
    int maxPageSize,
    boolean numericAccess,
    Set<String> omitted) {
  /** The default bind address: loopback only. */
  public static final String LOOPBACK = "127.0.0.1";

  public SimulatorOptions {
    Objects.requireNonNull(host);
    Objects.requireNonNull(faults);
    omitted =
        omitted.stream()
            .map(e -> e.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    if (maxPageSize < 1) {
      throw new IllegalArgumentException("maxPageSize must be positive");
    }
  }

  /** Loopback, ephemeral port, no faults, plain HTTP. */
  public static SimulatorOptions loopback() {
    return new SimulatorOptions(LOOPBACK, 0, FaultPlan.none(), null, 1000, false, Set.of());
  }

  /** A copy with these faults. */
  public SimulatorOptions withFaults(FaultPlan f) {
    return new SimulatorOptions(host, port, f, tls, maxPageSize, numericAccess, omitted);
  }

  /** A copy serving HTTPS. */
  public SimulatorOptions withTls(SSLContext ctx) {
    return new SimulatorOptions(host, port, faults, ctx, maxPageSize, numericAccess, omitted);
  }

  /** A copy with another bind address and port. */
  public SimulatorOptions at(String h, int p) {
    return new SimulatorOptions(h, p, faults, tls, maxPageSize, numericAccess, omitted);
  }

  /** A copy with another page-size limit. */
  public SimulatorOptions withMaxPageSize(int n) {
    return new SimulatorOptions(host, port, faults, tls, n, numericAccess, omitted);
  }

  /** A copy whose Autotask EntityInformation answer leaves these entities out. */
  public SimulatorOptions omitting(Set<String> entities) {
    return new SimulatorOptions(host, port, faults, tls, maxPageSize, numericAccess, entities);
  }

  /** True when the Autotask EntityInformation answer leaves this entity out. */
  public boolean omits(String entity) {
    return omitted.contains(entity.toLowerCase(Locale.ROOT));
  }

  /** A copy that reports Autotask access levels as numbers. */
  public SimulatorOptions withNumericAccess(boolean b) {
    return new SimulatorOptions(host, port, faults, tls, maxPageSize, b, omitted);
  }
}
