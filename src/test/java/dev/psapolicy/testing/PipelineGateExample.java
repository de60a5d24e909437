package dev.psapolicy.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;

/**
 * examples/pipeline-gate as the walk-through of docs/pipeline-gate.md sets it up on a given day:
 * the files copied, and {@code waivers.yaml} written from {@code waivers.yaml.in} with waiver W-12
 * approved that day for {@link #WAIVER_DAYS} days (what the walk-through's {@code sed} step does).
 */
public final class PipelineGateExample {
  /** The example folder. */
  public static final Path DIR = Path.of("examples/pipeline-gate");

  /** How long the walk-through's waiver lasts: {@code date -u -d '+60 days'}. */
  public static final int WAIVER_DAYS = 60;

  private PipelineGateExample() {}

  /**
   * Copies the example into {@code dir} as it is on {@code today}, before anything is accepted: the
   * shipped files and the dated {@code waivers.yaml}.
   */
  public static void copyTo(Path dir, LocalDate today) throws IOException {
    copyShipped(dir);
    writeWaivers(dir, today);
  }

  /** Copies the files the checkout ships (no {@code waivers.yaml}, no {@code accepted.yaml}). */
  public static void copyShipped(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (!name.equals("accepted.yaml") && !name.equals("waivers.yaml")) {
          Files.copy(f, dir.resolve(name));
        }
      }
    }
  }

  /** The walk-through's {@code sed} step: writes {@code waivers.yaml} dated {@code today}. */
  public static void writeWaivers(Path dir, LocalDate today) throws IOException {
    Files.writeString(dir.resolve("waivers.yaml"), waivers(today), StandardCharsets.UTF_8);
  }

  /** {@code waivers.yaml} of the walk-through on {@code today}. */
  public static String waivers(LocalDate today) throws IOException {
    return Files.readString(DIR.resolve("waivers.yaml.in"))
        .replace("@CREATED@", today.toString())
        .replace("@EXPIRES@", today.plusDays(WAIVER_DAYS).toString());
  }
}
