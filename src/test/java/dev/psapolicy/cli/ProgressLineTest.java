package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private static String draw(boolean terminal) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    Context ctx = new Context(e, e, Map.of(), Path.of("."), Clock.systemUTC(), terminal);
    ProgressLine p = new ProgressLine(ctx, "psa-policy fetch connectwise");
    p.update("roles", 1, 4, 6);
    p.update("roles", 2, 4, 8);
    p.finish();
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void drawsInPlaceOnATerminal() {
    assertEquals(
        "\r\033[Kpsa-policy fetch connectwise: roles 1/4, 6 requests"
            + "\r\033[Kpsa-policy fetch connectwise: roles 2/4, 8 requests\r\033[K",
        draw(true));
  }

  @Test
  void staysSilentOtherwise() {
    assertEquals("", draw(false));
  }
}
