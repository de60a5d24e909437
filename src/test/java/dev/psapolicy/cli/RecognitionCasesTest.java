package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which baseline judges an API user that declares none: one folder per case under {@code
 * recognition/}, each with a {@code snapshot.yaml}, optional baseline files and {@code
 * psa-policy.yaml}, and {@code expected.yaml}: the arguments of {@code check} after the snapshot,
 * the exit code, and either every principal's baselines with their origin (as JSON's {@code
 * assignedBy.text} says it) and every finding (rule and principal), or the error text verbatim.
 */
class RecognitionCasesTest {
  private static final Path CASES = Path.of("src/test/resources/dev/psapolicy/recognition");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(CASES)) {
      return s
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void recognition(String name) throws IOException {
    Path src = CASES.resolve(name);
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    JsonNode expected = new YAMLMapper().readTree(dir.resolve("expected.yaml").toFile());
    List<String> args = new ArrayList<>(List.of("check", "--snapshot", "snapshot.yaml"));
    expected.path("args").forEach(a -> args.add(a.asText()));
    args.addAll(List.of("--format", "json"));
    Cli.Result r = new Cli(dir).run(args.toArray(String[]::new));
    assertEquals(expected.path("exit").asInt(), r.exit(), name + ": " + r.out() + r.err());
    if (expected.has("error")) {
      assertEquals(expected.path("error").asText(), r.err(), name);
      return;
    }
    JsonNode report = JSON.readTree(r.out());
    Map<String, String> assigned = new TreeMap<>();
    report
        .path("principals")
        .forEach(
            p -> {
              List<String> ids = new ArrayList<>();
              p.path("baselines").forEach(b -> ids.add(b.asText()));
              assigned.put(
                  p.path("id").asText(),
                  ids.isEmpty()
                      ? "(none)"
                      : String.join(", ", ids)
                          + " ("
                          + p.path("assignedBy").path("text").asText()
                          + ")");
            });
    Map<String, String> want = new TreeMap<>();
    expected
        .path("principals")
        .fields()
        .forEachRemaining(e -> want.put(e.getKey(), e.getValue().asText()));
    assertEquals(want, assigned, name + ": baselines per principal");
    List<String> findings = new ArrayList<>();
    report
        .path("violations")
        .forEach(
            v ->
                findings.add(
                    v.path("ruleId").asText()
                        + " "
                        + v.path("principal").asText()
                        + (v.path("function").isMissingNode() || v.path("function").isNull()
                            ? ""
                            : " " + v.path("function").asText() + " " + v.path("verb").asText())
                        + " "
                        + v.path("severity").asText()));
    findings.sort(null);
    List<String> wantFindings = new ArrayList<>();
    expected.path("findings").forEach(f -> wantFindings.add(f.asText()));
    wantFindings.sort(null);
    assertEquals(wantFindings, findings, name + ": findings");
  }
}
