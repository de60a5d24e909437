package dev.psapolicy.source.http;

import dev.psapolicy.facts.Snapshot;
import java.util.List;

/**
 * What a fetch produced: the snapshot (possibly {@code complete: false} with reasons) and every
 * response received, redacted, for {@code --raw}.
 *
 * @param snapshot the permission facts
 * @param responses every response, in arrival order
 */
public record FetchResult(Snapshot snapshot, List<RecordedResponse> responses) {
  public FetchResult {
    responses = List.copyOf(responses);
  }
}
