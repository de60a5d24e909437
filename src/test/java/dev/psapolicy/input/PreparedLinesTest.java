package dev.psapolicy.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the build writes for runs reads back field for field, and nothing else reads as it. */
class PreparedLinesTest {
  private static byte[] sample() {
    return new PreparedLines.Writer("test layout 1")
        .add("Service Desk")
        .add(3)
        .addNullable(null)
        .addNullable("")
        .addNullable("-")
        .bytes();
  }

  @Test
  void whatIsWrittenReadsBack() throws Exception {
    PreparedLines.Reader in = new PreparedLines.Reader(sample(), "test layout 1");
    assertEquals("Service Desk", in.next());
    assertEquals(3, in.count());
    assertNull(in.nextNullable());
    assertEquals("", in.nextNullable());
    assertEquals("-", in.nextNullable());
    in.end();
  }

  @Test
  void anotherLayoutALineBreakOrAWrongFieldIsRefused() throws Exception {
    assertThrows(IOException.class, () -> new PreparedLines.Reader(sample(), "test layout 2"));
    assertThrows(
        IllegalArgumentException.class, () -> new PreparedLines.Writer("x").add("two\nlines"));
    PreparedLines.Reader in = new PreparedLines.Reader(sample(), "test layout 1");
    assertThrows(IOException.class, in::count, "'Service Desk' is no count");
    assertThrows(IOException.class, in::nextNullable, "'3' is no optional field");
    byte[] negative = "test layout 1\n-2\nend\n".getBytes(StandardCharsets.UTF_8);
    assertThrows(IOException.class, new PreparedLines.Reader(negative, "test layout 1")::count);
  }

  @Test
  void aPreparationMustEndWhereItsLayoutDoes() throws Exception {
    PreparedLines.Reader early = new PreparedLines.Reader(sample(), "test layout 1");
    early.next();
    assertThrows(IOException.class, early::end);
    byte[] longer =
        (new String(sample(), StandardCharsets.UTF_8) + "more\n").getBytes(StandardCharsets.UTF_8);
    PreparedLines.Reader in = new PreparedLines.Reader(longer, "test layout 1");
    for (int i = 0; i < 5; i++) {
      in.next();
    }
    assertThrows(IOException.class, in::end);
    PreparedLines.Reader cut =
        new PreparedLines.Reader(
            "test layout 1\nno end".getBytes(StandardCharsets.UTF_8), "test layout 1");
    assertThrows(IOException.class, cut::next);
  }
}
