package dev.psapolicy.run;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.Origin;
import dev.psapolicy.source.http.RecordedResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every input of a run as bytes: what an evidence pack holds. */
public final class RunInputs {
  private RunInputs() {}

  /**
   * The bytes of every input of a run, as they were read and evaluated: the raw responses of a
   * fetch made by the run (redacted, as {@code fetch --raw} keeps them), the snapshots, and the
   * policy's files. What an evidence pack holds.
   */
  public static List<InputFile> of(
      List<Snapshot> snapshots, Map<String, List<RecordedResponse>> responses, Policy policy) {
    List<InputFile> out = new ArrayList<>();
    for (Map.Entry<String, List<RecordedResponse>> e : responses.entrySet()) {
      for (RecordedResponse r : e.getValue()) {
        out.add(
            InputFile.of(
                InputKind.RESPONSE, Origin.FETCH, e.getKey() + "/" + r.fileName(), null, r.body()));
      }
    }
    snapshots.forEach(s -> out.add(s.input()));
    out.addAll(policy.inputs());
    return out;
  }
}
