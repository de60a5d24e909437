package dev.psapolicy.run;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A process for {@link OutputFilesTest}: writes to {@code args[0]} through {@link OutputFiles}
 * slowly and forever, so that the test can kill it mid-write.
 */
public final class SlowWriter {
  private SlowWriter() {}

  public static void main(String[] args) throws Exception {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    OutputFiles.write(
        Path.of(args[0]),
        out -> {
          while (true) {
            out.write(chunk);
            out.flush();
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        });
  }
}
