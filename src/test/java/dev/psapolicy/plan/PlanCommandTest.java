package dev.psapolicy.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code psa-policy plan}: exit codes, {@code --check}, files, fail-closed, the plan hash. */
class PlanCommandTest {
  @TempDir Path dir;

  /** A copy of a plan case in the temp folder (so a test may edit it). */
  private Path copy(String name) throws Exception {
    Path from = PlanCasesTest.CASES.resolve(name);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  private Cli.Result plan(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "plan";
    all[1] = "--snapshot";
    all[2] = "snapshot.yaml";
    System.arraycopy(args, 0, all, 3, args.length);
    return new Cli(dir).run(all);
  }

  @ParameterizedTest
  @CsvSource({
    "shared-role,VIOLATIONS",
    "reassign,VIOLATIONS",
    "union,VIOLATIONS",
    "autotask-level,VIOLATIONS",
    "shared-same-baseline,VIOLATIONS",
    "customize-wider,VIOLATIONS",
    "clean,OK"
  })
  void checkExitsNonZeroWhenThePlanIsNotEmpty(String name, ExitCode exit) throws Exception {
    copy(name);
    Cli.Result r = plan("--check", "--format", "json", "-o", "plan.json");
    assertEquals(exit.code(), r.exit(), r.err());
    Plan p = read(dir.resolve("plan.json"));
    assertEquals(exit == ExitCode.OK, p.empty());
    assertEquals(
        exit == ExitCode.OK
            ? ""
            : "psa-policy plan: the plan is not empty: "
                + p.actions().size()
                + " action(s) remain\n",
        r.err());
  }

  @Test
  void withoutCheckAPlanWithActionsExitsZero() throws Exception {
    copy("shared-role");
    assertEquals(0, plan().exit());
  }

  @Test
  void incompleteDataFailsClosedAndWritesNoPlan() throws Exception {
    copy("clean");
    Path s = dir.resolve("snapshot.yaml");
    Files.writeString(
        s,
        Files.readString(s)
            .replace(
                "formatVersion: 1\n",
                "formatVersion: 1\ncomplete: false\nincomplete: [role settings not read]\n"));
    Cli.Result r = plan("-o", "plan.txt");
    assertEquals(ExitCode.INCOMPLETE_DATA.code(), r.exit());
    assertEquals(
        "psa-policy plan: incomplete data: snapshot.yaml: snapshot marked incomplete: role settings"
            + " not read\n"
            + "psa-policy plan: no plan written: the data is incomplete\n",
        r.err());
    assertTrue(Files.notExists(dir.resolve("plan.txt")));
  }

  @Test
  void anUnknownFormatIsAUsageError() throws Exception {
    copy("clean");
    Cli.Result r = plan("--format", "sarif");
    assertEquals(ExitCode.USAGE.code(), r.exit());
    assertEquals(
        "psa-policy plan: unknown --format 'sarif' (expected one of: text, markdown, json) (see"
            + " psa-policy plan --help)\n",
        r.err());
  }

  @Test
  void noInputIsAUsageError() {
    Cli.Result r = new Cli(dir).run("plan");
    assertEquals(ExitCode.USAGE.code(), r.exit());
    assertEquals(
        "psa-policy plan: give --snapshot FILE (repeatable) or --demo (see psa-policy plan --help)\n",
        r.err());
  }

  @Test
  void theHashIsStableAcrossRunsAndChangesWithTheFacts() throws Exception {
    copy("shared-role");
    assertEquals(0, plan("--format", "json", "-o", "a.json").exit());
    Cli.Result later =
        new Cli(dir)
            .clock(Clock.fixed(Instant.parse("2027-03-01T08:00:00Z"), ZoneOffset.UTC))
            .run("plan", "--snapshot", "snapshot.yaml", "--format", "json", "-o", "b.json");
    assertEquals(0, later.exit());
    Plan a = read(dir.resolve("a.json"));
    Plan b = read(dir.resolve("b.json"));
    assertNotEquals(a.generatedAt(), b.generatedAt());
    assertEquals(a.planHash(), b.planHash());

    // one level of one principal differs: another plan, another hash
    Path s = dir.resolve("snapshot.yaml");
    String text = Files.readString(s);
    int reader = text.indexOf("id: \"302\"");
    Files.writeString(
        s,
        text.substring(0, reader)
            + text.substring(reader).replaceFirst("delete: All", "delete: None"));
    assertEquals(0, plan("--format", "json", "-o", "c.json").exit());
    assertNotEquals(a.planHash(), read(dir.resolve("c.json")).planHash());
  }

  @Test
  void aTamperedPlanFileIsAnInputErrorNamingTheFile() throws Exception {
    copy("reassign");
    assertEquals(0, plan("--format", "json", "-o", "plan.json").exit());
    Path f = dir.resolve("plan.json");
    Files.writeString(f, Files.readString(f).replace("\"roleId\" : \"31\"", "\"roleId\" : \"40\""));
    InputFile in = InputFile.file(InputKind.PLAN, "plan.json", Files.readAllBytes(f));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> PlanJson.read(in));
    assertTrue(e.problems().get(0).toString().startsWith("plan.json:4:"), e.getMessage());
  }

  private static Plan read(Path file) throws Exception {
    return PlanJson.read(
        InputFile.file(
            InputKind.PLAN,
            file.getFileName().toString(),
            Files.readString(file, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
  }
}
