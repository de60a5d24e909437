package dev.psapolicy.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.evidence.EvidencePack;
import dev.psapolicy.evidence.Manifest;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputLimits;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.input.Utf8;
import dev.psapolicy.report.Severity;
import dev.psapolicy.source.snapshot.SnapshotReader;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one side of a diff: a snapshot file (JSON or YAML), a results file ({@code check --format
 * json}), or an evidence pack folder (its snapshots and results).
 */
public final class DriftLoader {
  private static final ObjectMapper JSON = new ObjectMapper(InputLimits.jsonFactory());

  private DriftLoader() {}

  /** Reads {@code path}, named {@code display} in messages. */
  public static State load(Path path, String display) throws InvalidInputException {
    if (Files.isDirectory(path)) {
      return pack(path, display);
    }
    byte[] bytes = StructuredFiles.readBytes(path, display);
    JsonNode results = resultsOrNull(bytes);
    if (results != null) {
      return fromResults(
          results,
          "results of run " + results.path("run").path("runId").asText() + " (" + display + ")",
          null);
    }
    Snapshot s = SnapshotReader.parse(InputFile.file(InputKind.SNAPSHOT, display, bytes));
    return fromSnapshots(List.of(s), "snapshot " + display, null);
  }

  private static State pack(Path dir, String display) throws InvalidInputException {
    Manifest m;
    try {
      m =
          EvidencePack.readManifest(
              StructuredFiles.readBytes(
                  dir.resolve(EvidencePack.MANIFEST), display + "/" + EvidencePack.MANIFEST));
    } catch (IOException | InvalidInputException e) {
      throw new InvalidInputException(
          InputProblem.at(display, "not an evidence pack (no readable manifest.json)"));
    }
    List<Snapshot> snapshots = new ArrayList<>();
    for (Manifest.Input in : m.inputs()) {
      if (in.kind().equals("snapshot")) {
        snapshots.add(SnapshotReader.read(dir.resolve(in.path()), display + "/" + in.path()));
      }
    }
    JsonNode results;
    try {
      results = JSON.readTree(dir.resolve(EvidencePack.RESULTS).toFile());
    } catch (IOException e) {
      throw new InvalidInputException(
          InputProblem.at(display + "/" + EvidencePack.RESULTS, "cannot read the results"));
    }
    String label =
        "evidence pack " + display + " (run " + m.run().runId() + ", " + m.run().startedAt() + ")";
    State fromSnapshots = fromSnapshots(snapshots, label, null);
    return fromResults(results, label, fromSnapshots.grants());
  }

  private static JsonNode resultsOrNull(byte[] bytes) {
    String text;
    try {
      text = Utf8.decode(bytes, "").stripLeading();
    } catch (InvalidInputException e) {
      return null; // reported by the snapshot reader, which names the file
    }
    if (!text.startsWith("{")) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(text);
      return n.has("run") && n.has("summary") && n.has("violations") ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The grants side of a diff for snapshots already in memory (a service's latest fetch), as {@link
   * #load} reads a snapshot file: what {@link Drift#between} compares to find widened grants.
   *
   * @param snapshots the snapshots of one run
   * @param label what they are, for people ("run 3f0c...")
   */
  public static State ofSnapshots(List<Snapshot> snapshots, String label) {
    return fromSnapshots(snapshots, label, null);
  }

  static State fromSnapshots(
      List<Snapshot> snapshots, String label, Map<String, State.Finding> violations) {
    Map<String, State.Principal> principals = new TreeMap<>();
    Map<String, Map<String, State.GrantLevel>> grants = new TreeMap<>();
    for (Snapshot s : snapshots) {
      for (Snapshot.SnapshotPrincipal sp : s.principals()) {
        State.Principal p =
            new State.Principal(s.platform().id(), s.instance(), sp.id(), sp.name(), sp.role());
        principals.put(p.key(), p);
        Map<String, State.GrantLevel> cells =
            grants.computeIfAbsent(p.key(), k -> new LinkedHashMap<>());
        for (Snapshot.PermissionRow row : sp.grants()) {
          for (Verb verb : Verb.values()) {
            String raw = row.raw(verb);
            Level level = raw == null ? Level.NONE : Level.parse(s.platform(), raw);
            if (level == null) {
              level = Level.ALL; // unreadable levels count as the widest, never as None
            }
            State.GrantLevel g =
                new State.GrantLevel(
                    row.module() == null ? "" : row.module(),
                    row.function(),
                    verb.id(),
                    level.label(),
                    level.rank());
            cells.merge(g.key(), g, (a, b) -> a.rank() >= b.rank() ? a : b);
          }
        }
      }
    }
    return new State(label, principals, grants, violations);
  }

  static State fromResults(
      JsonNode results, String label, Map<String, Map<String, State.GrantLevel>> grants) {
    Map<String, State.Principal> principals = new TreeMap<>();
    for (JsonNode p : results.path("principals")) {
      State.Principal sp =
          new State.Principal(
              p.path("platform").asText(),
              p.path("instance").asText(),
              p.path("id").asText(),
              text(p, "name"),
              text(p, "role"));
      principals.put(sp.key(), sp);
    }
    Map<String, State.Finding> violations = new TreeMap<>();
    for (JsonNode v : results.path("violations")) {
      Severity s = Severity.parse(v.path("severity").asText());
      String key =
          v.path("platform").asText()
              + ":"
              + v.path("instance").asText()
              + ":"
              + v.path("principal").asText();
      String cell =
          v.path("module").isNull() || v.path("module").isMissingNode()
              ? null
              : v.path("module").asText()
                  + " / "
                  + v.path("function").asText()
                  + " "
                  + v.path("verb").asText();
      violations.put(
          v.path("fingerprint").asText(),
          new State.Finding(
              v.path("fingerprint").asText(),
              v.path("ruleId").asText(),
              s == null ? v.path("severity").asText() : s.id(),
              s == null ? 0 : s.weight(),
              v.path("status").asText("open"),
              key,
              text(v, "principalName"),
              cell,
              text(v, "actual"),
              text(v, "message")));
    }
    return new State(label, principals, grants, violations);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isNull() || v.isMissingNode() ? null : v.asText();
  }
}
