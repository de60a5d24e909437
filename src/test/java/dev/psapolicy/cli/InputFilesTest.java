package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.psapolicy.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every input failure is one line and exit 3 (exit 5 for the JVM running out of heap or stack),
 * whatever the file is: a folder, a FIFO, a device, too large, too deep, YAML anchors, another
 * encoding. See docs/security-model.md, "Inputs".
 */
class InputFilesTest {
  @TempDir Path dir;

  private static final Duration NO_HANG = Duration.ofSeconds(20);

  private Cli.Result run(String... args) {
    return assertTimeoutPreemptively(NO_HANG, () -> new Cli(dir).run(args));
  }

  private List<String> check(String option, String file) throws IOException {
    GateFixture.write(dir, "None", "My");
    List<String> args =
        new ArrayList<>(
            List.of("check", "--snapshot", "snapshot.yaml", "--baseline", "test-sync.yaml"));
    if (option.equals("--snapshot") || option.equals("--baseline")) {
      args.set(args.indexOf(option) + 1, file);
    } else {
      args.add(option);
      args.add(file);
    }
    return args;
  }

  private static void assertOneLine(Cli.Result r, int exit, String err) {
    assertEquals(exit, r.exit(), r.err());
    assertEquals(err, r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  private Path fifo(String name) throws Exception {
    Path f = dir.resolve(name);
    Process p = new ProcessBuilder("mkfifo", f.toString()).inheritIO().start();
    assertEquals(0, p.waitFor());
    return f;
  }

  // ---- only regular files ------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {"--snapshot", "--baseline", "--waivers", "--accepted", "--config", "--rules"})
  void aFifoIsRefusedNotWaitedOn(String option) throws Exception {
    fifo("pipe.yaml");
    Cli.Result r = run(check(option, "pipe.yaml").toArray(String[]::new));
    assertOneLine(
        r,
        3,
        "pipe.yaml: not a regular file (a device, a FIFO or a socket);"
            + " psa-policy reads only regular files\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"--snapshot", "--baseline", "--waivers", "--accepted", "--config", "--rules"})
  void aDeviceIsRefusedNotReadToTheEnd(String option) throws Exception {
    Cli.Result r = run(check(option, "/dev/zero").toArray(String[]::new));
    assertOneLine(
        r,
        3,
        "/dev/zero: not a regular file (a device, a FIFO or a socket);"
            + " psa-policy reads only regular files\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--snapshot", "--baseline", "--waivers", "--accepted", "--config"})
  void aFolderIsRefused(String option) throws Exception {
    Files.createDirectory(dir.resolve("folder.yaml"));
    Cli.Result r = run(check(option, "folder.yaml").toArray(String[]::new));
    assertOneLine(r, 3, "folder.yaml: is a folder; expected a file\n");
  }

  @Test
  void aCredentialsFileThatIsADeviceOrAFifoIsRefused() throws Exception {
    fifo("creds.env");
    for (String creds : List.of("/dev/zero", "creds.env")) {
      Cli.Result r =
          run(
              "fetch",
              "connectwise",
              "--base-url",
              "http://127.0.0.1:9/v4_6_release/apis/3.0",
              "--credentials",
              creds);
      assertOneLine(
          r,
          3,
          creds
              + ": not a regular file (a device, a FIFO or a socket);"
              + " psa-policy reads only regular files\n");
    }
  }

  @Test
  void aCredentialsLineThatIsNoKeyIsNotEchoed() throws Exception {
    Path creds = dir.resolve("creds.env");
    Files.writeString(creds, "CW_COMPANY=acme\nkT9xQ2secretBase64w==\n");
    Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
    Cli.Result r =
        run(
            "fetch",
            "connectwise",
            "--base-url",
            "http://127.0.0.1:9/v4_6_release/apis/3.0",
            "--credentials",
            "creds.env");
    assertOneLine(
        r,
        3,
        "creds.env:2:1: unknown key (expected CW_COMPANY, CW_PUBLIC_KEY, CW_PRIVATE_KEY,"
            + " CW_CLIENT_ID)\n");
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws Exception {
    GateFixture.write(dir, "None", "My");
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("huge.json").toFile(), "rw")) {
      f.setLength(128L * 1024 * 1024 + 1); // sparse: no disk, no time
    }
    Cli.Result r = run(check("--snapshot", "huge.json").toArray(String[]::new));
    assertOneLine(
        r,
        3,
        "huge.json: file is larger than 128 MiB (134217728 bytes), the most psa-policy reads\n");
  }

  // ---- limits: the same for YAML and JSON ----------------------------------------------------

  @Test
  void aSnapshotNestedTooDeeplyNamesThePlace() throws Exception {
    GateFixture.write(dir, "None", "My");
    String deep = "[".repeat(5000) + "]".repeat(5000);
    Files.writeString(
        dir.resolve("deep.json"), "{\"formatVersion\": 1,\n \"principals\": " + deep + "}\n");
    Files.writeString(dir.resolve("deep.yaml"), "formatVersion: 1\nprincipals: " + deep + "\n");
    Cli.Result j = run(check("--snapshot", "deep.json").toArray(String[]::new));
    assertOneLine(
        j,
        3,
        "deep.json:2:79: nested deeper than 64 levels of maps and lists,"
            + " the most psa-policy reads\n");
    Cli.Result y = run(check("--snapshot", "deep.yaml").toArray(String[]::new));
    assertOneLine(
        y,
        3,
        "deep.yaml:2:76: nested deeper than 64 levels of maps and lists,"
            + " the most psa-policy reads\n");
  }

  // ---- plain YAML ----------------------------------------------------------------------------

  @Test
  void yamlAnchorsAliasesAndTagsAreRefusedAtTheirPlace() throws Exception {
    GateFixture.write(dir, "None", "My");
    String snapshot = Files.readString(dir.resolve("snapshot.yaml"));
    Files.writeString(dir.resolve("alias.yaml"), snapshot.replace("name: Hatz AI", "name: *n"));
    Files.writeString(
        dir.resolve("anchor.yaml"), snapshot.replace("name: Hatz AI", "name: &n Hatz AI"));
    Files.writeString(
        dir.resolve("tag.yaml"), snapshot.replace("name: Hatz AI", "name: !secret Hatz AI"));
    assertOneLine(
        run(check("--snapshot", "alias.yaml").toArray(String[]::new)),
        3,
        "alias.yaml:7:11: YAML alias '*n' is not supported: psa-policy reads plain YAML"
            + " (no anchors, aliases or tags); write the value out\n");
    assertOneLine(
        run(check("--snapshot", "anchor.yaml").toArray(String[]::new)),
        3,
        "anchor.yaml:7:11: YAML anchor '&n' is not supported: psa-policy reads plain YAML"
            + " (no anchors, aliases or tags); write the value out\n");
    assertOneLine(
        run(check("--snapshot", "tag.yaml").toArray(String[]::new)),
        3,
        "tag.yaml:7:11: YAML tag '!secret' is not supported: psa-policy reads plain YAML"
            + " (no anchors, aliases or tags); write the value out\n");
  }

  // ---- encodings -----------------------------------------------------------------------------

  private static byte[] bom(String text) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[t.length + 3];
    out[0] = (byte) 0xef;
    out[1] = (byte) 0xbb;
    out[2] = (byte) 0xbf;
    System.arraycopy(t, 0, out, 3, t.length);
    return out;
  }

  @Test
  void aUtf8ByteOrderMarkIsAcceptedInEveryKindOfInput() throws Exception {
    GateFixture.write(dir, "None", "My");
    for (String f : List.of("snapshot.yaml", "test-sync.yaml")) {
      Files.write(dir.resolve(f), bom(Files.readString(dir.resolve(f))));
    }
    Files.write(
        dir.resolve("s.json"),
        bom(
            "{\"formatVersion\": 1, \"platform\": \"connectwise\", \"instance\": \"acme.example\","
                + " \"principals\": []}\n"));
    Files.write(dir.resolve("config.json"), bom("{\"failOn\": \"high\"}\n"));
    Files.write(dir.resolve("waivers.json"), bom("{\"waivers\": []}\n"));
    Files.write(dir.resolve("accepted.json"), bom("{\"formatVersion\": 1, \"accepted\": []}\n"));
    Files.write(
        dir.resolve("extra.drl"),
        bom(
            """
            package acme.rules
            import dev.psapolicy.facts.Principal
            rule "user-bom" @id("USER-BOM") @severity("low") @title("BOM test")
            when
              Principal( id == "no such principal" )
            then
            end
            """));
    Cli.Result r =
        run(
            "check",
            "--snapshot",
            "snapshot.yaml",
            "--snapshot",
            "s.json",
            "--baseline",
            "test-sync.yaml",
            "--config",
            "config.json",
            "--waivers",
            "waivers.json",
            "--accepted",
            "accepted.json",
            "--rules",
            "extra.drl");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"})
  void anotherUnicodeEncodingIsNamed(String encoding) throws Exception {
    GateFixture.write(dir, "None", "My");
    String text = Files.readString(dir.resolve("snapshot.yaml"));
    Charset cs = Charset.forName(encoding);
    byte[] mark = "\uFEFF".getBytes(cs);
    byte[] body = text.getBytes(cs);
    byte[] marked = new byte[mark.length + body.length];
    System.arraycopy(mark, 0, marked, 0, mark.length);
    System.arraycopy(body, 0, marked, mark.length, body.length);
    Files.write(dir.resolve("marked.yaml"), marked);
    Files.write(dir.resolve("plain.yaml"), body);
    assertOneLine(
        run(check("--snapshot", "marked.yaml").toArray(String[]::new)),
        3,
        "marked.yaml: the file is "
            + encoding
            + " (it starts with a byte order mark); psa-policy reads UTF-8 only (convert it, e.g."
            + " iconv -f "
            + encoding
            + " -t UTF-8)\n");
    assertOneLine(
        run(check("--snapshot", "plain.yaml").toArray(String[]::new)),
        3,
        "plain.yaml: the file is "
            + encoding
            + " (NUL bytes between its characters); psa-policy reads UTF-8 only (convert it, e.g."
            + " iconv -f "
            + encoding
            + " -t UTF-8)\n");
  }

  @Test
  void bytesThatAreNotUtf8AreNamedByLineColumnAndOffset() throws Exception {
    GateFixture.write(dir, "None", "My");
    // "Hatz AI" in Latin-1 with an e-acute: one byte 0xE9 that UTF-8 cannot start a character with
    byte[] latin1 =
        Files.readString(dir.resolve("snapshot.yaml"))
            .replace("name: Hatz AI", "name: Hatz \u00e9 AI")
            .getBytes(StandardCharsets.ISO_8859_1);
    Files.write(dir.resolve("latin1.yaml"), latin1);
    assertOneLine(
        run(check("--snapshot", "latin1.yaml").toArray(String[]::new)),
        3,
        "latin1.yaml:7:16: not valid UTF-8: byte 0xe9 at offset 118;"
            + " psa-policy reads UTF-8 only\n");
  }

  // ---- the JVM's own limits ------------------------------------------------------------------

  private record Throwing(Error error) implements Command {
    @Override
    public String name() {
      return "boom";
    }

    @Override
    public String summary() {
      return "throws";
    }

    @Override
    public Options options() {
      return new Options();
    }

    @Override
    public int run(CommandLine cmd, Context ctx) {
      throw error;
    }
  }

  private Cli.Result runThrowing(Error e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Context ctx =
        new Context(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            dir,
            Clock.systemUTC(),
            false,
            UUID::randomUUID);
    int code = new Main().with(new Throwing(e)).run(new String[] {"boom"}, ctx);
    return new Cli.Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void outOfMemoryIsOneLineAndExit5NeverExit1() {
    assertOneLine(
        runThrowing(new OutOfMemoryError("Java heap space")),
        5,
        "psa-policy boom: internal error: out of memory (give the JVM more heap, e.g."
            + " java -Xmx4g -jar ...)\n");
  }

  @Test
  void stackOverflowIsOneLineAndExit5NeverExit1() {
    assertOneLine(
        runThrowing(new StackOverflowError()),
        5,
        "psa-policy boom: internal error: stack overflow (an input or a rule nests too deeply)\n");
  }

  @Test
  void anyOtherErrorIsOneLineAndExit5() {
    assertOneLine(
        runThrowing(new AssertionError("broken invariant")),
        5,
        "psa-policy boom: internal error: AssertionError: broken invariant"
            + " (run with --debug for details)\n");
  }
}
