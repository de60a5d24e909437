package dev.psapolicy.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** psa-policy diff between snapshots (golden, every format), results files and evidence packs. */
class DiffCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path GOLDEN = Path.of("src/test/resources/dev/psapolicy/drift");
  @TempDir Path dir;
  private Cli cli;

  @BeforeEach
  void fixtures() throws IOException {
    cli = new Cli(dir);
    for (String f : new String[] {"old.json", "new.json"}) {
      try (InputStream in = DiffCommandTest.class.getResourceAsStream(f)) {
        Files.write(dir.resolve(f), in.readAllBytes());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"text, drift.txt", "json, drift.json", "markdown, drift.md"})
  void snapshotDriftMatchesTheGoldenFile(String format, String golden) throws IOException {
    Cli.Result r = cli.run("diff", "old.json", "new.json", "--format", format);
    assertEquals(1, r.exit(), r.err());
    Path file = GOLDEN.resolve(golden);
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(file, r.out(), StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(file, StandardCharsets.UTF_8), r.out());
  }

  @Test
  void onlyNarrowingExitsZero() {
    Cli.Result r = cli.run("diff", "new.json", "old.json");
    // the reverse adds principal 190 and widens 187's inquire: still widened
    assertEquals(1, r.exit(), r.out());
    Cli.Result same = cli.run("diff", "old.json", "old.json");
    assertEquals(0, same.exit(), same.out());
    assertTrue(same.out().endsWith("\nnot widened (exit 0)\n"), same.out());
  }

  @Test
  void resultsFilesCompareViolations() throws IOException {
    assertEquals(
        1,
        cli.run("check", "--snapshot", "old.json", "--format", "json", "-o", "old-results.json")
            .exit());
    assertEquals(
        1,
        cli.run("check", "--snapshot", "new.json", "--format", "json", "-o", "new-results.json")
            .exit());
    Cli.Result r = cli.run("diff", "old-results.json", "new-results.json", "--format", "json");
    assertEquals(1, r.exit(), r.err());
    JsonNode d = JSON.readTree(r.out());
    assertEquals(1, d.path("formatVersion").asInt());
    assertTrue(d.path("violationsCompared").asBoolean());
    assertTrue(!d.path("grantsCompared").asBoolean());
    assertTrue(
        d.path("violationsNew")
            .toString()
            .contains("\"cell\":\"Service Desk / Service" + " Tickets edit\""),
        r.out());
    assertTrue(
        d.path("violationsResolved").toString().contains("connectwise:acme.example:190"), r.out());
    assertEquals("connectwise", d.path("principalsAdded").path(0).path("platform").asText());
    assertEquals("191", d.path("principalsAdded").path(0).path("id").asText());
  }

  @Test
  void evidencePacksCompareGrantsAndViolations() throws IOException {
    assertEquals(
        1,
        cli.run(
                "check",
                "--snapshot",
                "old.json",
                "--evidence",
                "pack-old",
                "--format",
                "json",
                "-o",
                "old-results.json")
            .exit());
    cli.clock(Clock.fixed(Cli.NOW.plusSeconds(86_400), ZoneOffset.UTC));
    assertEquals(
        1,
        cli.run(
                "check",
                "--snapshot",
                "new.json",
                "--evidence",
                "pack-new",
                "--format",
                "json",
                "-o",
                "new-results.json")
            .exit());
    // nothing pins who signed these (unsigned) packs: refused unless told to use their hashes
    Cli.Result unpinned = cli.run("diff", "pack-old", "pack-new");
    assertEquals(2, unpinned.exit(), unpinned.err());
    assertEquals(
        "psa-policy diff: pack-old is an evidence pack: give --public-key SIGNER.pub to check who"
            + " signed it, or --allow-unsigned to use it on its hashes alone (see psa-policy diff"
            + " --help)\n",
        unpinned.err());
    assertEquals("", unpinned.out());
    Cli.Result r = cli.run("diff", "pack-old", "pack-new", "--allow-unsigned");
    assertEquals(1, r.exit(), r.err());
    assertEquals(
        "psa-policy diff: note: pack-old: signer not checked (--allow-unsigned)\n"
            + "psa-policy diff: note: pack-new: signer not checked (--allow-unsigned)\n",
        r.err());
    assertTrue(
        r.out()
            .startsWith("old: evidence pack pack-old (run " + Cli.RUN_ID + ", " + Cli.NOW + ")\n"),
        r.out());
    assertTrue(
        r.out()
            .contains(
                "grants widened: 1\n  connectwise:acme.example:187 Hatz AI:"
                    + " Service Desk / Service Tickets edit None -> All\n"),
        r.out());
    assertTrue(r.out().contains("violations new: "), r.out());
    assertTrue(!r.out().contains("not compared"), r.out());

    // a tampered pack is refused, not compared
    Files.writeString(dir.resolve("pack-old/results.json"), "{}");
    Cli.Result bad = cli.run("diff", "pack-old", "pack-new", "--allow-unsigned");
    assertEquals(6, bad.exit(), bad.err());
    assertTrue(
        bad.err()
            .startsWith(
                "psa-policy diff: verification failed: pack-old is not"
                    + " intact: changed: results.json"),
        bad.err());
  }

  /** Attack: a pack rewritten whole (or signed by someone else) passed off as the old state. */
  @Test
  void packsAreComparedOnlyWhenSignedByThePinnedKey() throws IOException {
    assertEquals(0, cli.run("keygen", "--out", "ci").exit());
    assertEquals(0, cli.run("keygen", "--out", "other").exit());
    String[] check = {"check", "--snapshot", "old.json", "--evidence"};
    assertEquals(1, cli.run(concat(check, "signed", "--signing-key", "ci.key")).exit());
    cli.clock(Clock.fixed(Cli.NOW.plusSeconds(60), ZoneOffset.UTC));
    assertEquals(1, cli.run(concat(check, "forged", "--signing-key", "other.key")).exit());
    cli.clock(Clock.fixed(Cli.NOW.plusSeconds(120), ZoneOffset.UTC));
    assertEquals(1, cli.run(concat(check, "plain")).exit());

    Cli.Result ok = cli.run("diff", "signed", "old.json", "--public-key", "ci.pub");
    assertEquals(0, ok.exit(), ok.err());
    assertEquals("", ok.err());

    Cli.Result forged = cli.run("diff", "forged", "old.json", "--public-key", "ci.pub");
    assertEquals(6, forged.exit(), forged.err());
    assertTrue(
        forged
            .err()
            .startsWith(
                "psa-policy diff: verification failed: forged is not intact: bad signature:"
                    + " manifest.sig does not verify manifest.json with key sha256:"),
        forged.err());
    // --allow-unsigned admits an unsigned pack, never one signed by another key
    assertEquals(
        6,
        cli.run("diff", "forged", "old.json", "--public-key", "ci.pub", "--allow-unsigned").exit());

    Cli.Result plain = cli.run("diff", "plain", "signed", "--public-key", "ci.pub");
    assertEquals(6, plain.exit(), plain.err());
    assertTrue(
        plain
            .err()
            .startsWith(
                "psa-policy diff: verification failed: plain is not intact: bad signature: the"
                    + " pack is UNSIGNED but --public-key sha256:"),
        plain.err());
    Cli.Result allowed =
        cli.run("diff", "plain", "signed", "--public-key", "ci.pub", "--allow-unsigned");
    assertEquals(0, allowed.exit(), allowed.err());
    assertEquals(
        "psa-policy diff: note: plain: UNSIGNED, used because of --allow-unsigned\n",
        allowed.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void usageAndInputErrors() {
    Cli.Result r = cli.run("diff", "old.json");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy diff: give OLD and NEW (snapshots, results files or evidence packs)"
            + " (see psa-policy diff --help)\n",
        r.err());
    r = cli.run("diff", "old.json", "missing.json");
    assertEquals(3, r.exit());
    assertEquals("missing.json: file not found\n", r.err());
    r = cli.run("diff", "old.json", "new.json", "--format", "html");
    assertEquals(2, r.exit());
  }
}
