package dev.psapolicy.input;

import java.util.Arrays;
import java.util.Objects;

/**
 * A file a run read, with the exact bytes that were parsed: every loader returns one, run metadata
 * carries its {@link #ref()}, and an evidence pack keeps its bytes as they were evaluated (never
 * re-read, never re-serialised).
 *
 * @param kind what the file is
 * @param origin where it came from
 * @param path see {@link InputRef#path()}
 * @param id the id the file declares, or null
 * @param bytes the bytes read (the record keeps its own copy)
 * @param sha256 hash of the bytes
 */
public record InputFile(
    InputKind kind, Origin origin, String path, String id, byte[] bytes, String sha256) {

  public InputFile {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(path, "path");
    bytes = bytes.clone();
  }

  /** A file with the hash of its bytes. */
  public static InputFile of(InputKind kind, Origin origin, String path, String id, byte[] bytes) {
    return new InputFile(kind, origin, path, id, bytes, Hashes.sha256(bytes));
  }

  /** A user's file, named as the user wrote it. */
  public static InputFile file(InputKind kind, String path, byte[] bytes) {
    return of(kind, Origin.FILE, path, null, bytes);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The bytes themselves, for this package's readers, which never write to them (no copy). */
  byte[] sharedBytes() {
    return bytes;
  }

  /** The same file declaring an id (a baseline's id is known once it is parsed). */
  public InputFile withId(String newId) {
    return new InputFile(kind, origin, path, newId, bytes, sha256);
  }

  /** Its description without the bytes. */
  public InputRef ref() {
    return new InputRef(kind, origin, path, id, sha256);
  }

  /** Where it is, for messages ({@code builtin:baselines/x.yaml}, a path as given). */
  public String location() {
    return origin.prefix() + path;
  }

  /** Its name in run metadata (see {@link InputRef#name()}). */
  public String name() {
    return ref().name();
  }

  /** The number of bytes. */
  public int size() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputFile f
        && kind == f.kind
        && origin == f.origin
        && path.equals(f.path)
        && Objects.equals(id, f.id)
        && sha256.equals(f.sha256)
        && Arrays.equals(bytes, f.bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, origin, path, id, sha256);
  }

  @Override
  public String toString() {
    return "InputFile[" + name() + ", " + bytes.length + " bytes, sha256 " + sha256 + "]";
  }
}
