package dev.psapolicy.source.http;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.Provenance;
import dev.psapolicy.facts.Snapshot.ResponseRef;
import java.util.ArrayList;
import java.util.List;

/** Builds a snapshot's provenance from what the HTTP clients of one fetch recorded. */
public final class Provenances {
  private Provenances() {}

  /**
   * Every response of the clients, in order (discovery first), renumbered 1..n.
   *
   * @param clients the clients of one fetch, in the order they were used
   */
  public static List<RecordedResponse> responses(List<PsaHttpClient> clients) {
    List<RecordedResponse> out = new ArrayList<>();
    for (PsaHttpClient c : clients) {
      for (RecordedResponse r : c.responses()) {
        out.add(
            new RecordedResponse(
                out.size() + 1,
                r.method(),
                r.path(),
                r.status(),
                r.contentType(),
                r.body(),
                r.sha256()));
      }
    }
    return out;
  }

  /**
   * Base URL (the API root), API version, request count and one hash per response.
   *
   * @param apiRoot the API root the facts were read from
   * @param apiVersion the API version spoken
   * @param clients the clients of one fetch (discovery first)
   */
  public static Provenance of(String apiRoot, String apiVersion, List<PsaHttpClient> clients) {
    return of(apiRoot, apiVersion, null, clients);
  }

  /**
   * The same, with how an Autotask fetch read the access per entity.
   *
   * @param apiRoot the API root the facts were read from
   * @param apiVersion the API version spoken
   * @param accessMethod how the access per entity was read (null: not applicable)
   * @param clients the clients of one fetch (discovery first)
   */
  public static Provenance of(
      String apiRoot,
      String apiVersion,
      Snapshot.AccessMethod accessMethod,
      List<PsaHttpClient> clients) {
    List<ResponseRef> refs =
        responses(clients).stream()
            .map(r -> new ResponseRef(r.method(), r.path(), r.status(), r.sha256()))
            .toList();
    int requests = clients.stream().mapToInt(PsaHttpClient::requestCount).sum();
    return new Provenance(apiRoot, apiVersion, requests, accessMethod, refs);
  }
}
