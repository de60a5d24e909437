package dev.psapolicy.run;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writing what a run produces (reports, accepted findings, keys, snapshots, evidence packs): the
 * bytes go to a temporary file in the target's folder, which is then renamed into place, so a
 * reader never sees half a file and a run killed mid-write leaves the previous file intact (and at
 * most a {@code .NAME.*.tmp} file next to it). A folder (an evidence pack) is built the same way:
 * in a temporary folder next to it, renamed into place as a whole.
 */
public final class OutputFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private OutputFiles() {}

  /** What goes into a file, written to a stream (a renderer, say). */
  @FunctionalInterface
  public interface Content {
    /** Writes the content; an exception leaves the target as it was. */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code bytes} to {@code file}, replacing it atomically. */
  public static void write(Path file, byte[] bytes) throws RequestException {
    try {
      write(file, out -> out.write(bytes));
    } catch (IOException e) {
      throw new IllegalStateException("writing bytes from memory cannot fail but for the disk", e);
    }
  }

  /**
   * Writes {@code content} to {@code file}, replacing it atomically. A file that exists keeps its
   * permissions. When the content fails half way, its exception comes out and the previous file is
   * left as it was; when the disk fails, a {@link RequestException} says why.
   */
  public static void write(Path file, Content content) throws RequestException, IOException {
    try (Staged staged = stage(file, content)) {
      staged.publish();
    }
  }

  /**
   * Writes {@code content} to a temporary file next to {@code file}, streamed (a report of a
   * million grants is never held in memory), and returns it unpublished: several outputs can be
   * written and then all put in place, or none ({@link Staged#close} removes what was not
   * published). Failures as for {@link #write(Path, Content)}.
   */
  public static Staged stage(Path file, Content content) throws RequestException, IOException {
    Path target = file.toAbsolutePath();
    try {
      return new Staged(file, target, temp(file, target.getParent(), target, content, false));
    } catch (DiskException e) {
      throw new RequestException("cannot write " + file + ": " + why(e.io));
    }
  }

  /** A file written to its temporary name, to be renamed into place. */
  public static final class Staged implements AutoCloseable {
    private final Path shown;
    private final Path target;
    private Path tmp;

    private Staged(Path shown, Path target, Path tmp) {
      this.shown = shown;
      this.target = target;
      this.tmp = tmp;
    }

    /** Renames it into place, atomically where the file system can; a file there keeps its mode. */
    public void publish() throws RequestException {
      if (tmp == null) {
        throw new IllegalStateException(shown + " is published already");
      }
      copyPermissions(target, tmp);
      try {
        try {
          Files.move(
              tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new RequestException("cannot write " + shown + ": " + why(e));
      }
      tmp = null;
    }

    /** Removes the temporary file unless it was published. */
    @Override
    public void close() {
      deleteQuietly(tmp);
      tmp = null;
    }
  }

  /**
   * Writes {@code bytes} to {@code file} only if no file of that name exists, decided atomically
   * (two runs racing for one name: exactly one wins).
   *
   * @return false when the file already existed (nothing written)
   */
  public static boolean createNew(Path file, byte[] bytes) throws RequestException {
    return createNew(file, bytes, false);
  }

  /**
   * As {@link #createNew(Path, byte[])}, for a secret: the file is readable and writable by its
   * owner only from the moment it exists (on file systems with POSIX permissions; elsewhere as
   * close as the platform allows), never widened afterwards.
   */
  public static boolean createNewPrivate(Path file, byte[] bytes) throws RequestException {
    return createNew(file, bytes, true);
  }

  private static boolean createNew(Path file, byte[] bytes, boolean ownerOnly)
      throws RequestException {
    Path tmp = null;
    try {
      Path target = file.toAbsolutePath();
      Path parent = target.getParent();
      tmp = temp(file, parent, target, out -> out.write(bytes), ownerOnly);
      try {
        Files.createLink(target, tmp);
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, target);
        tmp = null;
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (DiskException e) {
      throw new RequestException("cannot write " + file + ": " + why(e.io));
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
    checkParent(file, target);
    if (Files.exists(target) && !Files.isWritable(target)) {
      throw new RequestException("cannot write " + file + ": permission denied");
    }
  }

  /**
   * Checks before a run that the folder {@code dir} could be created by {@link #publishFolder}: it
   * does not exist, or is an empty folder, and the folder it goes into exists or can be created and
   * is writable.
   */
  public static void checkFolderWritable(Path dir) throws RequestException {
    Path target = dir.toAbsolutePath();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new RequestException("cannot write " + dir + ": a file of that name is in the way");
      }
      if (!isEmpty(target)) {
        throw new RequestException("cannot write " + dir + ": it is not empty");
      }
    }
    checkParent(dir, target);
  }

  private static void checkParent(Path shown, Path target) throws RequestException {
    Path dir = target.getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new RequestException("cannot write " + shown + ": a file of that name is in the way");
    }
    if (!Files.isWritable(dir)) {
      throw new RequestException("cannot write " + shown + ": permission denied");
    }
  }

  /**
   * A new, empty temporary folder next to {@code dir} (same file system, so that {@link
   * #publishFolder} is a rename), named after it and unique to this run.
   */
  public static Path tempFolder(Path dir) throws RequestException {
    Path target = dir.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      return Files.createDirectory(
          target
              .getParent()
              .resolve(
                  "." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp"));
    } catch (IOException e) {
      throw new RequestException("cannot write " + dir + ": " + why(e));
    }
  }

  /**
   * Renames the finished folder {@code tmp} to {@code dir} in one step. It fails, leaving {@code
   * dir} as it is, when {@code dir} exists and is not empty, in particular when another run
   * published it meanwhile (a rename never replaces a folder that has files). The temporary folder
   * is removed either way.
   */
  public static void publishFolder(Path tmp, Path dir) throws RequestException {
    Path target = dir.toAbsolutePath();
    try {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
          && (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || !isEmpty(target))) {
        throw new RequestException(
            "cannot write " + dir + ": it appeared while this run built it (another run?)");
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
    } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
      throw new RequestException(
          "cannot write " + dir + ": it appeared while this run built it (another run?)");
    } catch (IOException e) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new RequestException(
            "cannot write " + dir + ": it appeared while this run built it (another run?)");
      }
      throw new RequestException("cannot write " + dir + ": " + why(e));
    } finally {
      deleteTree(tmp);
    }
  }

  /** Removes a temporary folder and everything in it (best effort). */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              Files.delete(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException ignored) {
      // best effort: a leftover temporary folder is named after its target
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A temporary file with the content, created new in the target's folder: owner-only from the
   * start when asked, else with the default permissions (umask) as a plain write would.
   */
  private static Path temp(Path shown, Path parent, Path target, Content content, boolean ownerOnly)
      throws IOException, DiskException {
    Path tmp;
    try {
      Files.createDirectories(parent);
      tmp =
          parent.resolve(
              "." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
      if (ownerOnly) {
        try {
          Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
          Files.createFile(tmp);
          tmp.toFile().setReadable(false, false);
          tmp.toFile().setReadable(true, true);
          tmp.toFile().setWritable(false, false);
          tmp.toFile().setWritable(true, true);
        }
      } else {
        Files.createFile(tmp);
      }
    } catch (IOException e) {
      throw new DiskException(e);
    }
    boolean done = false;
    try (OutputStream out =
        new Guarded(
            new BufferedOutputStream(
                Files.newOutputStream(tmp, StandardOpenOption.WRITE), 1 << 16))) {
      content.writeTo(out);
      done = true;
    } catch (UncheckedDisk e) {
      throw new DiskException(e.io);
    } finally {
      if (!done) {
        deleteQuietly(tmp);
      }
    }
    return tmp;
  }

  /** A replaced file keeps its permissions (a 0600 report stays 0600). */
  private static void copyPermissions(Path from, Path to) {
    try {
      PosixFileAttributeView view =
          Files.getFileAttributeView(from, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (view != null && Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
        Files.setPosixFilePermissions(to, view.readAttributes().permissions());
      }
    } catch (IOException | UnsupportedOperationException ignored) {
      // the new file keeps the default permissions
    }
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

  /** The disk failed (not the content): said as "cannot write FILE: why". */
  private static final class DiskException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient IOException io;

    DiskException(IOException io) {
      super(io);
      this.io = io;
    }
  }

  /** Carries a disk failure through a {@link Content} that only knows IOException. */
  private static final class UncheckedDisk extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient IOException io;

    UncheckedDisk(IOException io) {
      super(io);
      this.io = io;
    }
  }

  /** The temporary file's stream: its own failures are the disk's, not the content's. */
  private static final class Guarded extends FilterOutputStream {
    Guarded(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) {
      try {
        out.write(b);
      } catch (IOException e) {
        throw new UncheckedDisk(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new UncheckedDisk(e);
      }
    }

    @Override
    public void flush() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedDisk(e);
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedDisk(e);
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
