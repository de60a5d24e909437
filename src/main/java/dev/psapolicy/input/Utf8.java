package dev.psapolicy.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes an input file's bytes: every input is UTF-8, with or without a byte order mark. A file in
 * another Unicode encoding is named as such (UTF-16 or UTF-32, told by its byte order mark or by
 * the NUL bytes its ASCII characters carry), and bytes that are not UTF-8 are named by line, column
 * and byte offset; nothing is decoded with replacement characters behind the user's back.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The text of a file.
   *
   * @param bytes the file's bytes
   * @param file the file, for messages
   * @throws InvalidInputException when the bytes are not UTF-8
   */
  public static String decode(byte[] bytes, String file) throws InvalidInputException {
    Other other = otherEncoding(bytes);
    if (other != null) {
      throw new InvalidInputException(
          InputProblem.at(
              file,
              "the file is "
                  + other.name()
                  + " ("
                  + other.sign()
                  + "); psa-policy reads UTF-8 only (convert it, e.g. iconv -f "
                  + other.name()
                  + " -t UTF-8)"));
    }
    int start = hasBom(bytes) ? 3 : 0;
    // The JDK's decoder is fast and compact for the common case; it replaces bad bytes with
    // U+FFFD, so only a text that holds one is decoded again, strictly, to find the bad byte.
    String text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') < 0) {
      return text;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(text.length());
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new InvalidInputException(invalid(file, bytes, start, in.position()));
    }
    return text;
  }

  private static final String BOM = "it starts with a byte order mark";
  private static final String NULS = "NUL bytes between its characters";

  /** An encoding other than UTF-8, and how it shows. */
  record Other(String name, String sign) {}

  /** True when the bytes start with the UTF-8 byte order mark (EF BB BF). */
  static boolean hasBom(byte[] b) {
    return b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf;
  }

  /**
   * The name of the encoding when the bytes are UTF-16 or UTF-32 (by byte order mark, or by the
   * pattern of NUL bytes that ASCII text has in them), or null.
   */
  static Other otherEncoding(byte[] b) {
    int b0 = b.length > 0 ? b[0] & 0xff : -1;
    int b1 = b.length > 1 ? b[1] & 0xff : -1;
    int b2 = b.length > 2 ? b[2] & 0xff : -1;
    int b3 = b.length > 3 ? b[3] & 0xff : -1;
    if (b0 == 0x00 && b1 == 0x00 && b2 == 0xfe && b3 == 0xff) {
      return new Other("UTF-32BE", BOM);
    }
    if (b0 == 0xff && b1 == 0xfe && b2 == 0x00 && b3 == 0x00) {
      return new Other("UTF-32LE", BOM);
    }
    if (b0 == 0xfe && b1 == 0xff) {
      return new Other("UTF-16BE", BOM);
    }
    if (b0 == 0xff && b1 == 0xfe) {
      return new Other("UTF-16LE", BOM);
    }
    // No mark: the first character of a YAML, JSON, DRL or KEY=VALUE file is ASCII, so its NUL
    // bytes tell the encoding (the detection of RFC 4627, section 3).
    if (b.length >= 4) {
      if (b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0) {
        return new Other("UTF-32BE", NULS);
      }
      if (b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) {
        return new Other("UTF-32LE", NULS);
      }
    }
    if (b.length >= 2) {
      if (b0 == 0 && b1 != 0) {
        return new Other("UTF-16BE", NULS);
      }
      if (b0 != 0 && b1 == 0) {
        return new Other("UTF-16LE", NULS);
      }
    }
    return null;
  }

  private static InputProblem invalid(String file, byte[] bytes, int start, int offset) {
    // line and column of the bad byte: count in the text decoded so far (all of it valid)
    int line = 1;
    int lineStart = start;
    for (int i = start; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
    int column = before.codePointCount(0, before.length()) + 1;
    return new InputProblem(
        file,
        line,
        column,
        String.format(
            Locale.ROOT,
            "not valid UTF-8: byte 0x%02x at offset %d; psa-policy reads UTF-8 only",
            bytes[offset] & 0xff,
            offset));
  }
}
