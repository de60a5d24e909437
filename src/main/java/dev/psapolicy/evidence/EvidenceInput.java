package dev.psapolicy.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file a run read, to be kept in an evidence pack byte for byte. Commands build these for every
 * input they load (snapshots, raw responses, rules, baselines, waivers, accepted findings, config);
 * the pack refuses to be written when an input the run names in its metadata is missing, so nothing
 * evaluated is left out.
 *
 * @param kind what the file is
 * @param name the name the run uses for it (as in {@code RunInfo.InputRef#name}): a path as given,
 *     {@code demo:x.json}, {@code builtin:rules/x.drl}, or {@code id (file)} for baselines
 * @param bytes the exact bytes read
 */
public record EvidenceInput(Kind kind, String name, byte[] bytes) {
  public EvidenceInput {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** An input read from a file (waivers, accepted findings, config, raw responses). */
  public static EvidenceInput read(Kind kind, String name, Path file) throws IOException {
    return new EvidenceInput(kind, name, Files.readAllBytes(file));
  }

  /** The kinds of input, with the {@code RunInfo.InputRef} kind and the folder in the pack. */
  public enum Kind {
    SNAPSHOT("snapshot", "inputs/snapshots"),
    RESPONSE("response", "inputs/responses"),
    RULES("rules", "inputs/rules"),
    BASELINE("baseline", "inputs/baselines"),
    WAIVERS("waivers", "inputs/waivers"),
    ACCEPTED("accepted", "inputs/accepted"),
    CONFIG("config", "inputs/config");

    private final String id;
    private final String folder;

    Kind(String id, String folder) {
      this.id = id;
      this.folder = folder;
    }

    /** The kind as run metadata names it. */
    public String id() {
      return id;
    }

    /** The folder of the pack that holds inputs of this kind. */
    public String folder() {
      return folder;
    }

    /** The kind of a run-metadata kind name, or null. */
    public static Kind of(String id) {
      for (Kind k : values()) {
        if (k.id.equals(id.toLowerCase(Locale.ROOT))) {
          return k;
        }
      }
      return null;
    }
  }
}
