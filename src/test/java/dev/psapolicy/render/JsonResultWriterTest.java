package dev.psapolicy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The streamed JSON output is byte for byte databind's indented output of the same records. */
class JsonResultWriterTest {
  static final ObjectMapper DATABIND =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .setSerializationInclusion(JsonInclude.Include.ALWAYS);

  static List<String> fixtures() {
    return ReportFixtures.names();
  }

  private static String streamed(JsonResult r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonResultWriter.write(r, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void everyFixtureStreamsAsDatabindWritesIt(String fixture) throws Exception {
    JsonResult r = JsonRenderer.toJson(ReportFixtures.get(fixture));
    assertEquals(DATABIND.writeValueAsString(r), streamed(r));
  }

  @Test
  void nullsEmptiesAndOptionalFieldsAsDatabindWritesThem() throws Exception {
    JsonResult r =
        new JsonResult(
            1,
            new JsonResult.Run(
                null, "t", "v", List.of(), 0, 0, false, List.of("a \"quoted\" \u2028")),
            new JsonResult.Summary(0, Map.of(), 0, 0, 0, null, 0, 4),
            List.of(
                new JsonResult.JsonViolation(
                    "R", "high", null, "m\n<&>", null, null, null, null, null, null, null, null,
                    null, null, null, null, null, 0, "f", "open", null, "create", null, "All")),
            List.of(
                new JsonResult.Principal("p", "i", "1", null, null, List.of(), null, 0),
                new JsonResult.Principal(
                    "p",
                    "i",
                    "2",
                    "n",
                    "r",
                    List.of("b"),
                    new JsonResult.AssignedBy("recognised", "name", "*x*", "t"),
                    3)),
            List.of(),
            List.of(new JsonResult.RelaxedRule("R", "disabled", "high", null, "c:1")));
    assertEquals(DATABIND.writeValueAsString(r), streamed(r));
    JsonResult empty = new JsonResult(1, null, null, List.of(), List.of(), List.of(), List.of());
    assertEquals(DATABIND.writeValueAsString(empty), streamed(empty));
  }
}
