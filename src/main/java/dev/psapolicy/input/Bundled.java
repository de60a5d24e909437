package dev.psapolicy.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Lists and reads the files bundled in the jar (built-in rules, baselines, demo data). */
public final class Bundled {
  private Bundled() {}

  /**
   * Names of the resources directly inside {@code dir} (no sub-folders) ending with {@code suffix},
   * sorted.
   */
  public static List<String> list(String dir, String suffix) {
    List<String> indexed = fromIndex(dir, suffix);
    if (indexed != null) {
      return indexed;
    }
    URL url = Bundled.class.getClassLoader().getResource(dir);
    if (url == null) {
      return List.of();
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        return names(fs.getPath(dir), suffix);
      }
      return names(Path.of(uri), suffix);
    } catch (URISyntaxException | IOException e) {
      throw new UncheckedIOException(new IOException("cannot list bundled " + dir, e));
    }
  }

  /**
   * A bundled folder as a {@link Path} (inside the jar's file system when running from the jar), so
   * that nested folders can be walked with {@link Files}; null when absent.
   */
  public static Path path(String dir) {
    URL url = Bundled.class.getClassLoader().getResource(dir);
    if (url == null) {
      return null;
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        return fs.getPath(dir);
      }
      return Path.of(uri);
    } catch (URISyntaxException | IOException e) {
      throw new UncheckedIOException(new IOException("cannot open bundled " + dir, e));
    }
  }

  private static List<String> names(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(suffix))
          .sorted()
          .toList();
    }
  }

  /** Where the build lists the bundled baselines and rules (see pom.xml, "bundled-index"). */
  static final String INDEX = "dev/psapolicy/bundled.index";

  private static volatile List<String> index;

  /**
   * Lists from the index the build writes, because listing a folder inside the 17 MB jar means
   * opening it as a zip file system, which costs a cold start hundreds of milliseconds.
   */
  private static List<String> fromIndex(String dir, String suffix) {
    List<String> all = index;
    if (all == null) {
      byte[] bytes = read(INDEX);
      if (bytes == null) {
        return null;
      }
      all =
          new String(bytes, StandardCharsets.UTF_8)
              .lines()
              .map(String::strip)
              .filter(l -> !l.isEmpty())
              .toList();
      index = all;
    }
    String prefix = dir + "/";
    return all.stream()
        .filter(
            e -> e.startsWith(prefix) && e.indexOf('/', prefix.length()) < 0 && e.endsWith(suffix))
        .map(e -> e.substring(prefix.length()))
        .sorted()
        .toList();
  }

  /**
   * Reads a bundled resource's bytes; null when absent. From the jar psa-policy runs from, its
   * entries are read straight from the zip file: through the class loader each read builds a URL
   * and a jar connection, about half a millisecond of a cold start each, and a check reads some 80
   * of them. Anything the jar does not hold (a run from class folders, a test's resources) comes
   * from the class loader, as before.
   */
  public static byte[] read(String resource) {
    byte[] fromJar = OwnJar.read(resource);
    if (fromJar != null) {
      return fromJar;
    }
    try (InputStream in = Bundled.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jar these classes were loaded from, opened once; none when they come from a folder. */
  private static final class OwnJar {
    private static final ZipFile JAR = open();

    private static ZipFile open() {
      try {
        CodeSource src = Bundled.class.getProtectionDomain().getCodeSource();
        if (src == null || src.getLocation() == null) {
          return null;
        }
        Path p = Path.of(src.getLocation().toURI());
        return Files.isRegularFile(p) ? new ZipFile(p.toFile()) : null;
      } catch (URISyntaxException | IOException | IllegalArgumentException | SecurityException e) {
        return null; // the class loader reads everything then
      }
    }

    static byte[] read(String resource) {
      return JAR == null ? null : entry(JAR, resource);
    }
  }

  /**
   * The bytes of a file entry of {@code zip}; null when it has none of that name (or it names a
   * folder).
   */
  static byte[] entry(ZipFile zip, String name) {
    ZipEntry e = zip.getEntry(name);
    if (e == null || e.isDirectory()) {
      return null;
    }
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }
}
