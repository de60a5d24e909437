package dev.psapolicy.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step (run by Maven after compiling): parses the YAML data bundled in the jar (the catalog
 * and the built-in baselines) once and writes each tree next to its file as {@code .node} (see
 * {@link NodeCodec}), so that runs decode instead of parse. A file that does not parse fails the
 * build with its problems.
 */
public final class BundledNodes {
  /** The bundled folders whose YAML files are pre-parsed, under the classes folder. */
  static final List<String> FOLDERS =
      List.of("dev/psapolicy/baselines", "dev/psapolicy/baselines/catalog");

  private BundledNodes() {}

  /** {@code args[0]}: the classes folder. */
  public static void main(String[] args) throws IOException, InvalidInputException {
    Path classes = Path.of(args[0]);
    int n = 0;
    for (String folder : FOLDERS) {
      Path dir = classes.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
      }
      for (Path f : files) {
        byte[] bytes = Files.readAllBytes(f);
        String name = folder + "/" + f.getFileName();
        Node root = StructuredFiles.parse(Utf8.decode(bytes, name), name, false);
        Files.write(
            f.resolveSibling(f.getFileName() + StructuredFiles.PARSED_SUFFIX),
            NodeCodec.encode(root, Hashes.sha256(bytes)));
        n++;
      }
    }
    System.out.println("pre-parsed " + n + " bundled YAML files");
  }
}
