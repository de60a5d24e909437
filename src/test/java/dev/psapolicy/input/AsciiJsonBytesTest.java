package dev.psapolicy.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A JSON file of plain ASCII is parsed from its bytes ({@link StructuredFiles#parse(InputFile,
 * boolean)}), anything else from its decoded text: both give the same tree, positions and all, and
 * the same problem at the same line and column.
 */
class AsciiJsonBytesTest {
  static Stream<String> documents() {
    return Stream.of(
        "{\"a\": 1, \"b\": [true, null, \"x\"], \"c\": {\"d\": -2.5e3}}",
        "{\n  \"principals\" : [ {\n    \"id\" : \"1\",\n\t\"grants\" : [ ]\n  } ]\n}\n",
        "\r\n{\r\n\"a\" :\r\n  \"b\"\r\n}\r\n",
        "",
        "   \n ",
        "{\"a\": 1,}",
        "{\"a\": 1 \"b\": 2}",
        "{\"a\": 1, \"a\": 2}",
        "{\"a\": \"tab\tinside\"}",
        "[1, 2",
        "{\"a\": 1} {\"b\": 2}",
        "{\n  \"a\": tru\n}",
        "{\"deep\": " + "[".repeat(200) + "]".repeat(200) + "}",
        // not plain ASCII: these take the decoded route, and must still agree with it
        "{\"name\": \"S\u0435rvice Tickets\"}",
        "\uFEFF{\"a\": 1}");
  }

  @ParameterizedTest
  @MethodSource("documents")
  void theBytesAndTheTextGiveOneAnswer(String doc) {
    byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
    InputFile file = InputFile.file(InputKind.SNAPSHOT, "s.json", bytes);
    assertEquals(viaText(file), viaFile(file), doc);
  }

  private static String viaFile(InputFile file) {
    try {
      return BundledNodesTest.dump(StructuredFiles.parse(file, true));
    } catch (InvalidInputException e) {
      return "problems " + e.problems();
    }
  }

  private static String viaText(InputFile file) {
    try {
      return BundledNodesTest.dump(
          StructuredFiles.parse(StructuredFiles.text(file), file.location(), true));
    } catch (InvalidInputException e) {
      return "problems " + e.problems();
    }
  }

  @ParameterizedTest
  @MethodSource("documents")
  void aSyntaxErrorIsOneProblemAtOnePlace(String doc) {
    InputFile file =
        InputFile.file(InputKind.SNAPSHOT, "s.json", doc.getBytes(StandardCharsets.UTF_8));
    if (viaText(file).startsWith("problems ")) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> StructuredFiles.parse(file, true));
      assertEquals(1, e.problems().size(), doc);
      assertEquals("s.json", e.problems().get(0).file(), doc);
    }
  }
}
