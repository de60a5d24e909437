package dev.psapolicy.run;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writing what a run produces (reports, accepted findings, keys, snapshots): the bytes go to a
 * temporary file in the target's folder, which is then renamed into place, so a reader never sees
 * half a file and a run killed mid-write leaves the previous file intact.
 */
public final class OutputFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private OutputFiles() {}

  /** Writes {@code bytes} to {@code file}, replacing it atomically. */
  public static void write(Path file, byte[] bytes) throws RequestException {
    Path tmp = null;
    try {
      Path target = file.toAbsolutePath();
      Path parent = target.getParent();
      Files.createDirectories(parent);
      tmp = temp(parent, target, bytes);
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new RequestException("cannot write " + file + ": " + why(e));
    } finally {
      deleteQuietly(tmp);
    }
  }

  /**
   * Writes {@code bytes} to {@code file} only if no file of that name exists, decided atomically
   * (two runs racing for one name: exactly one wins).
   *
   * @return false when the file already existed (nothing written)
   */
  public static boolean createNew(Path file, byte[] bytes) throws RequestException {
    Path tmp = null;
    try {
      Path target = file.toAbsolutePath();
      Path parent = target.getParent();
      Files.createDirectories(parent);
      tmp = temp(parent, target, bytes);
      try {
        Files.createLink(target, tmp);
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, target);
        tmp = null;
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new RequestException("cannot write " + file + ": " + why(e));
    } finally {
      deleteQuietly(tmp);
    }
  }

  /**
   * Checks before a run that {@code file} could be written (its folder exists or can be created, is
   * a folder and is writable; the file is not a folder), so that a bad output location costs no
   * evaluation.
   */
  public static void checkWritable(Path file) throws RequestException {
    Path target = file.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new RequestException("cannot write " + file + ": it is a folder");
    }
    Path dir = target.getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new RequestException("cannot write " + file + ": a file of that name is in the way");
    }
    if (!Files.isWritable(dir)) {
      throw new RequestException("cannot write " + file + ": permission denied");
    }
    if (Files.exists(target) && !Files.isWritable(target)) {
      throw new RequestException("cannot write " + file + ": permission denied");
    }
  }

  private static Path temp(Path parent, Path target, byte[] bytes) throws IOException {
    // CREATE_NEW with default permissions (umask), as a plain write would create the file
    Path tmp =
        parent.resolve(
            "." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
    Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return tmp;
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp != null) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: a leftover temporary file is harmless and named after its target
      }
    }
  }

  /** Why a file could not be written, in words ("Read-only file system", "permission denied"). */
  public static String why(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file of that name is in the way";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getClass().getSimpleName();
  }
}
