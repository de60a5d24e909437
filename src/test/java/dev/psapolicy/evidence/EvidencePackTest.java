package dev.psapolicy.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psapolicy.input.Hashes;
import dev.psapolicy.testing.Cli;
import dev.psapolicy.testing.ExternalTools;
import dev.psapolicy.testing.PipelineGateExample;
import dev.psapolicy.waiver.WaiverJudge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Evidence packs through the CLI: keygen, check --evidence, verify, and tampering of each kind. */
class EvidencePackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private Cli cli;

  @BeforeEach
  void keys() {
    cli = new Cli(dir);
    Cli.Result r = cli.run("keygen", "--out", "ci");
    assertEquals(0, r.exit(), r.err());
  }

  private void pack(String name, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "check",
                "--demo",
                "--format",
                "json",
                "-o",
                name + "-results.json",
                "--evidence",
                name));
    args.addAll(List.of(extra));
    Cli.Result r = cli.run(args.toArray(String[]::new));
    assertEquals(1, r.exit(), r.err());
    assertTrue(
        r.err()
            .matches(
                "psa-policy check: evidence pack "
                    + name
                    + ": \\d+ files,"
                    + " manifest sha256 [0-9a-f]{64}, .*\n"),
        r.err());
  }

  @Test
  void keygenWritesAnOwnerOnlyPrivateKeyAndRefusesToOverwrite() throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir.resolve("ci.key"));
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), perms);
    assertTrue(Files.readString(dir.resolve("ci.key")).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertTrue(Files.readString(dir.resolve("ci.pub")).startsWith("-----BEGIN PUBLIC KEY-----\n"));
    Cli.Result again = cli.run("keygen", "--out", "ci");
    assertEquals(2, again.exit());
    assertEquals(
        "psa-policy keygen: "
            + dir.resolve("ci.key")
            + " exists; refusing to overwrite"
            + " a key (see psa-policy keygen --help)\n",
        again.err());
  }

  @Test
  void aSignedPackVerifiesAndHoldsEveryInputButNeverTheKey() throws IOException {
    pack("pack", "--signing-key", "ci.key");
    Cli.Result v = cli.run("verify", "pack", "--public-key", "ci.pub");
    assertEquals(0, v.exit(), v.out());
    assertTrue(
        v.out()
            .startsWith(
                "pack pack: run "
                    + Cli.RUN_ID
                    + ", started "
                    + Cli.NOW
                    + ", psa-policy dev, gate FAIL (exit 1)\n  files: "),
        v.out());
    assertTrue(v.out().contains("  signature: valid, Ed25519 key sha256:"), v.out());
    assertTrue(v.out().endsWith("  OK: intact\nverified: 1 pack(s) intact\n"), v.out());

    Path pack = dir.resolve("pack");
    // the results in the pack are the results of the run
    assertEquals(
        Files.readString(dir.resolve("pack-results.json")),
        Files.readString(pack.resolve("results.json")));
    JsonNode manifest = JSON.readTree(pack.resolve("manifest.json").toFile());
    List<String> kinds = new ArrayList<>();
    manifest.path("inputs").forEach(i -> kinds.add(i.path("kind").asText()));
    assertTrue(kinds.containsAll(List.of("snapshot", "baseline", "rules")), kinds.toString());
    assertTrue(Files.exists(pack.resolve("inputs/snapshots/demo/connectwise-simulator.json")));
    assertTrue(Files.exists(pack.resolve("report.html")));

    String keyPem = Files.readString(dir.resolve("ci.key"));
    String keyBody = keyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] seed =
        Arrays.copyOfRange(
            Base64.getDecoder().decode(keyBody),
            Base64.getDecoder().decode(keyBody).length - 32,
            Base64.getDecoder().decode(keyBody).length);
    try (Stream<Path> files = Files.walk(pack)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(f);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(keyBody), "private key in " + f);
        assertFalse(
            text.contains(new String(seed, StandardCharsets.ISO_8859_1)),
            "private key seed in " + f);
        assertFalse(text.contains(Base64.getEncoder().encodeToString(seed)), "seed in " + f);
      }
    }
  }

  @Test
  void anUnsignedPackSaysSoPlainly() throws IOException {
    pack("pack");
    JsonNode sig = JSON.readTree(dir.resolve("pack/manifest.json").toFile()).path("signature");
    assertFalse(sig.path("signed").asBoolean());
    assertEquals(EvidencePack.UNSIGNED_NOTE, sig.path("note").asText());
    assertTrue(Files.readString(dir.resolve("pack/README.txt")).contains("UNSIGNED"));
    Cli.Result v = cli.run("verify", "pack");
    assertEquals(0, v.exit(), v.out());
    assertTrue(
        v.out()
            .contains(
                "  signature: UNSIGNED (hashes only: anyone who can write the"
                    + " folder could have rewritten the manifest)\n"),
        v.out());
    Cli.Result pinned = cli.run("verify", "pack", "--public-key", "ci.pub");
    assertEquals(6, pinned.exit(), pinned.out());
    assertTrue(
        pinned.out().contains("  bad signature: the pack is UNSIGNED but --public-key"),
        pinned.out());
  }

  @Test
  void theKeyMayComeFromTheEnvironment() throws IOException {
    cli.env("PSA_POLICY_SIGNING_KEY", Files.readString(dir.resolve("ci.key")));
    pack("pack");
    assertEquals(0, cli.run("verify", "pack", "--public-key", "ci.pub").exit());
  }

  /** Each kind of file in a pack, changed by one byte: verify must name it and exit 6. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "inputs/snapshots/demo/connectwise-simulator.json",
        "inputs/baselines/builtin/hatz-ai-connectwise.yaml",
        "inputs/rules/builtin/overgrant.drl",
        "results.json",
        "report.html",
        "README.txt"
      })
  void aChangedFileIsReported(String file) throws IOException {
    pack("pack", "--signing-key", "ci.key");
    Path f = dir.resolve("pack").resolve(file);
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(f, bytes);
    Cli.Result v = cli.run("verify", "pack", "--public-key", "ci.pub");
    assertEquals(6, v.exit(), v.out());
    assertTrue(v.out().contains("  changed: " + file + " (sha256 "), v.out());
    assertTrue(
        v.out().endsWith("  FAILED\nverification FAILED: 1 of 1 pack(s) not intact\n"), v.out());
  }

  @Test
  void aManifestRewrittenToMatchATamperedFileBreaksTheSignature() throws IOException {
    pack("pack", "--signing-key", "ci.key");
    Path pack = dir.resolve("pack");
    Path snapshot = pack.resolve("inputs/snapshots/demo/connectwise-simulator.json");
    String tampered = Files.readString(snapshot).replace("\"All\"", "\"None\"");
    Files.writeString(snapshot, tampered);
    ObjectNode manifest = (ObjectNode) JSON.readTree(pack.resolve("manifest.json").toFile());
    String sha = Hashes.sha256(tampered.getBytes(StandardCharsets.UTF_8));
    for (JsonNode f : manifest.path("files")) {
      if (f.path("path").asText().endsWith("connectwise-simulator.json")) {
        ((ObjectNode) f)
            .put("sha256", sha)
            .put("size", tampered.getBytes(StandardCharsets.UTF_8).length);
      }
    }
    for (JsonNode i : manifest.path("inputs")) {
      if (i.path("path").asText().endsWith("connectwise-simulator.json")) {
        ((ObjectNode) i).put("sha256", sha);
      }
    }
    Files.write(
        pack.resolve("manifest.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    for (String[] args :
        List.of(
            new String[] {"verify", "pack", "--public-key", "ci.pub"},
            new String[] {"verify", "pack"})) {
      Cli.Result v = cli.run(args);
      assertEquals(6, v.exit(), v.out());
      assertTrue(
          v.out().contains("  bad signature: manifest.sig does not verify manifest.json"), v.out());
      // results.json still names the evaluated snapshot's hash
      assertTrue(
          v.out()
              .contains(
                  "results.json names input demo:connectwise-simulator that"
                      + " the pack does not hold"),
          v.out());
    }
  }

  /** Attack: an unsigned pack's manifest says whatever its writer likes, e.g. PASS. */
  @Test
  void anUnsignedPackEditedToSayPassFailsVerification() throws IOException {
    pack("pack");
    Path pack = dir.resolve("pack");
    ObjectNode manifest = (ObjectNode) JSON.readTree(pack.resolve("manifest.json").toFile());
    ((ObjectNode) manifest.path("run")).put("gate", "PASS").put("exitCode", 0).put("open", 0);
    Files.write(
        pack.resolve("manifest.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    Cli.Result v = cli.run("verify", "pack");
    assertEquals(6, v.exit(), v.out());
    assertTrue(
        v.out()
            .matches(
                "(?s).*\n  manifest.json's run disagrees with results.json: gate PASS"
                    + " \\(results.json: FAIL\\), exitCode 0 \\(results.json: 1\\), open 0"
                    + " \\(results.json: \\d+\\)\n.*"),
        v.out());
    assertTrue(v.out().endsWith("  FAILED\nverification FAILED: 1 of 1 pack(s) not intact\n"));
  }

  /**
   * Attack: results.json's summary edited to PASS and the (unsigned) manifest rewritten to match
   * it, hashes and all; its own violations still give the verdict away.
   */
  @Test
  void aResultsSummaryThatItsViolationsDoNotGiveFailsVerification() throws IOException {
    pack("pack");
    Path pack = dir.resolve("pack");
    ObjectNode results = (ObjectNode) JSON.readTree(pack.resolve("results.json").toFile());
    ((ObjectNode) results.path("summary")).put("exitCode", 0).put("failing", 0);
    byte[] forged = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(results);
    Files.write(pack.resolve("results.json"), forged);
    ObjectNode manifest = (ObjectNode) JSON.readTree(pack.resolve("manifest.json").toFile());
    ((ObjectNode) manifest.path("run")).put("gate", "PASS").put("exitCode", 0);
    for (JsonNode f : manifest.path("files")) {
      if (f.path("path").asText().equals("results.json")) {
        ((ObjectNode) f).put("sha256", Hashes.sha256(forged)).put("size", forged.length);
      }
    }
    Files.write(
        pack.resolve("manifest.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    Cli.Result v = cli.run("verify", "pack");
    assertEquals(6, v.exit(), v.out());
    assertTrue(
        v.out().contains("  results.json summary says failing 0 but its violations give "),
        v.out());
    assertTrue(
        v.out().contains("  results.json summary says exitCode 0 but its violations give 1\n"),
        v.out());
    assertTrue(
        v.out()
            .contains(
                "  manifest.json's run disagrees with results.json: gate PASS (results.json:"
                    + " FAIL), exitCode 0 (results.json: 1)\n"),
        v.out());
  }

  @Test
  void aChangedOrMissingSignatureIsReported() throws IOException {
    pack("pack", "--signing-key", "ci.key");
    Path sig = dir.resolve("pack/manifest.sig");
    byte[] bytes = Files.readAllBytes(sig);
    bytes[0] ^= 0x01;
    Files.write(sig, bytes);
    Cli.Result v = cli.run("verify", "pack", "--public-key", "ci.pub");
    assertEquals(6, v.exit(), v.out());
    assertTrue(v.out().contains("  bad signature: manifest.sig does not verify"), v.out());
    Files.delete(sig);
    v = cli.run("verify", "pack");
    assertEquals(6, v.exit(), v.out());
    assertTrue(v.out().contains("  bad signature: manifest.sig is missing\n"), v.out());
  }

  @Test
  void anotherSignersKeyIsRejected() {
    pack("pack", "--signing-key", "ci.key");
    assertEquals(0, cli.run("keygen", "--out", "other").exit());
    Cli.Result v = cli.run("verify", "pack", "--public-key", "other.pub");
    assertEquals(6, v.exit(), v.out());
    assertTrue(
        v.out()
            .contains(
                "  bad signature: manifest.sig does not verify manifest.json"
                    + " with key sha256:"),
        v.out());
  }

  @Test
  void addedAndRemovedFilesAreReported() throws IOException {
    pack("pack", "--signing-key", "ci.key");
    Path pack = dir.resolve("pack");
    Files.writeString(pack.resolve("inputs/waivers.yaml"), "waivers: []\n");
    Files.delete(pack.resolve("inputs/rules/builtin/guides.drl"));
    Files.createSymbolicLink(pack.resolve("link.json"), pack.resolve("results.json"));
    Cli.Result v = cli.run("verify", "pack", "--public-key", "ci.pub");
    assertEquals(6, v.exit(), v.out());
    assertTrue(v.out().contains("  removed: inputs/rules/builtin/guides.drl\n"), v.out());
    assertTrue(v.out().contains("  added: inputs/waivers.yaml (not in the manifest)\n"), v.out());
    assertTrue(v.out().contains("  unexpected symbolic link: link.json\n"), v.out());
    Files.delete(pack.resolve("manifest.json"));
    v = cli.run("verify", "pack");
    assertEquals(6, v.exit(), v.out());
    assertTrue(v.out().contains("  removed: manifest.json"), v.out());
  }

  @Test
  void packsChainAndABrokenLinkIsReported() throws IOException {
    pack("pack1", "--signing-key", "ci.key");
    pack("pack2", "--signing-key", "ci.key", "--previous", "pack1");
    Cli.Result v = cli.run("verify", "pack1", "pack2", "--public-key", "ci.pub");
    assertEquals(0, v.exit(), v.out());
    assertTrue(v.out().contains("  chain: follows pack1 (manifest sha256 "), v.out());
    Cli.Result alone = cli.run("verify", "pack2", "--public-key", "ci.pub");
    assertEquals(0, alone.exit(), alone.out());
    assertTrue(alone.out().contains("give that pack before this one to check the link"));

    // another, intact pack in place of pack1 (another run: a test's run id and clock are fixed)
    cli.clock(Clock.fixed(Cli.NOW.plusSeconds(60), ZoneOffset.UTC));
    pack("other", "--signing-key", "ci.key");
    v = cli.run("verify", "other", "pack2", "--public-key", "ci.pub");
    assertEquals(6, v.exit(), v.out());
    assertTrue(
        v.out().contains("  broken chain: the manifest records previous manifest sha256 "),
        v.out());
    v = cli.run("verify", "pack2", "pack1", "--public-key", "ci.pub");
    assertEquals(6, v.exit(), v.out());
    assertTrue(v.out().contains("  broken chain: the manifest records no previous pack"), v.out());
  }

  /**
   * Attack: chain onto a pack anyone could have written. An unsigned or unpinned previous pack is
   * refused unless --allow-unsigned; a pinned one must be signed by the pinned key.
   */
  @Test
  void checkChainsOnlyOntoAPinnedPreviousPack() throws IOException {
    pack("plain");
    Cli.Result unpinned = cli.run("check", "--demo", "--evidence", "next", "--previous", "plain");
    assertEquals(2, unpinned.exit(), unpinned.err());
    assertEquals(
        "psa-policy check: --previous plain is an evidence pack: give --public-key SIGNER.pub to"
            + " check who signed it, or --allow-unsigned to use it on its hashes alone (see"
            + " psa-policy check --help)\n",
        unpinned.err());
    assertEquals("", unpinned.out());
    Cli.Result signing =
        cli.run(
            "check",
            "--demo",
            "--evidence",
            "next",
            "--previous",
            "plain",
            "--signing-key",
            "ci.key");
    assertEquals(6, signing.exit(), signing.err());
    assertTrue(
        signing
            .err()
            .contains("(pinned by --signing-key ci.key; --allow-unsigned uses an unsigned pack"),
        signing.err());
    assertFalse(Files.exists(dir.resolve("next")));
    Cli.Result allowed =
        cli.run("check", "--demo", "--evidence", "next", "--previous", "plain", "--allow-unsigned");
    assertEquals(1, allowed.exit(), allowed.err());
    assertTrue(
        allowed
            .err()
            .startsWith(
                "psa-policy check: note: --previous plain: signer not checked"
                    + " (--allow-unsigned)\npsa-policy check: evidence pack next: "),
        allowed.err());

    cli.clock(Clock.fixed(Cli.NOW.plusSeconds(60), ZoneOffset.UTC));
    assertEquals(0, cli.run("keygen", "--out", "other").exit());
    pack("theirs", "--signing-key", "other.key");
    Cli.Result wrongKey =
        cli.run(
            "check",
            "--demo",
            "--evidence",
            "mine",
            "--previous",
            "theirs",
            "--public-key",
            "ci.pub");
    assertEquals(6, wrongKey.exit(), wrongKey.err());
    pack("mine", "--previous", "theirs", "--public-key", "other.pub");
    Cli.Result stray = cli.run("check", "--demo", "--public-key", "ci.pub");
    assertEquals(2, stray.exit());
    assertEquals(
        "psa-policy check: --public-key needs --evidence DIR (see psa-policy check --help)\n",
        stray.err());
  }

  @Test
  void checkRefusesToChainOntoATamperedPack() throws IOException {
    pack("pack1", "--signing-key", "ci.key");
    Files.writeString(dir.resolve("pack1/results.json"), "{}\n");
    Cli.Result r =
        cli.run(
            "check",
            "--demo",
            "--evidence",
            "pack2",
            "--signing-key",
            "ci.key",
            "--previous",
            "pack1");
    assertEquals(6, r.exit(), r.err());
    assertTrue(
        r.err()
            .startsWith(
                "psa-policy check: verification failed: --previous pack1 is"
                    + " not intact: changed: results.json (sha256 "),
        r.err());
    assertFalse(Files.exists(dir.resolve("pack2")));
  }

  @Test
  void waiversAcceptedFindingsAndTheConfigAreInThePack() throws IOException {
    PipelineGateExample.copyTo(dir, WaiverJudge.today(Cli.NOW));
    assertEquals(0, cli.run("accept", "--demo", "--by", "jane.doe@acme.example").exit());
    Cli.Result r = cli.run("check", "--demo", "--evidence", "pack", "--signing-key", "ci.key");
    assertEquals(0, r.exit(), r.err());
    Path pack = dir.resolve("pack");
    for (String f : List.of("waivers.yaml", "accepted.yaml", "psa-policy.yaml")) {
      String folder =
          f.startsWith("waivers") ? "waivers" : f.startsWith("accepted") ? "accepted" : "config";
      assertEquals(
          Files.readString(dir.resolve(f)),
          Files.readString(pack.resolve("inputs/" + folder + "/" + f)),
          f);
    }
    assertEquals(0, cli.run("verify", "pack", "--public-key", "ci.pub").exit());
    Files.writeString(pack.resolve("inputs/waivers/waivers.yaml"), "\n", StandardOpenOption.APPEND);
    Cli.Result v = cli.run("verify", "pack", "--public-key", "ci.pub");
    assertEquals(6, v.exit(), v.out());
    assertTrue(v.out().contains("  changed: inputs/waivers/waivers.yaml (sha256 "), v.out());
  }

  @Test
  void anIncompleteRunStillLeavesEvidence() throws IOException {
    Files.writeString(
        dir.resolve("at.yaml"),
        "formatVersion: 1\nplatform: autotask\n"
            + "instance: acme\ncomplete: false\nincomplete: [\"429 on /Resources/query\"]\n"
            + "principals: []\n");
    Cli.Result r = cli.run("check", "--snapshot", "at.yaml", "--evidence", "pack");
    assertEquals(4, r.exit(), r.err());
    JsonNode run = JSON.readTree(dir.resolve("pack/manifest.json").toFile()).path("run");
    assertFalse(run.path("complete").asBoolean());
    assertEquals("INCOMPLETE", run.path("gate").asText());
    assertEquals(4, run.path("exitCode").asInt());
    assertEquals(
        "at.yaml",
        JSON.readTree(dir.resolve("pack/manifest.json").toFile())
            .path("inputs")
            .path(0)
            .path("name")
            .asText());
    assertTrue(Files.exists(dir.resolve("pack/inputs/snapshots/at.yaml")));
    assertEquals(0, cli.run("verify", "pack").exit());
  }

  @Test
  void usageMistakes() throws IOException {
    Files.createDirectories(dir.resolve("full"));
    Files.writeString(dir.resolve("full/x"), "x");
    Cli.Result r = cli.run("check", "--demo", "--evidence", "full");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy check: --evidence full is not empty: every evidence pack needs a"
            + " new folder (see psa-policy check --help)\n",
        r.err());
    r = cli.run("check", "--demo", "--signing-key", "ci.key");
    assertEquals(2, r.exit());
    assertEquals(
        "psa-policy check: --signing-key needs --evidence DIR (see psa-policy check" + " --help)\n",
        r.err());
    r = cli.run("check", "--demo", "--evidence", "p", "--signing-key", "ci.pub");
    assertEquals(3, r.exit());
    assertEquals("ci.pub: expected a PEM block '-----BEGIN PRIVATE KEY-----'\n", r.err());
    r = cli.run("verify", "nowhere");
    assertEquals(3, r.exit());
    assertEquals("nowhere: no such folder\n", r.err());
    r = cli.run("verify");
    assertEquals(2, r.exit());
  }

  @Test
  void openSslVerifiesAPackWithoutPsaPolicy() throws Exception {
    Path openssl = ExternalTools.require("independent signature check", "openssl");
    pack("pack", "--signing-key", "ci.key");
    ExternalTools.Run r =
        ExternalTools.run(
            dir,
            60,
            List.of(
                openssl.toString(),
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                "ci.pub",
                "-rawin",
                "-in",
                "pack/manifest.json",
                "-sigfile",
                "pack/manifest.sig"));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("Signature Verified Successfully"), r.output());
  }
}
