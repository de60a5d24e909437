package dev.psapolicy.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.evidence.EvidencePack;
import dev.psapolicy.evidence.PackVerifier;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.policy.PolicyLoader;
import dev.psapolicy.source.http.CredentialsFile;
import dev.psapolicy.source.snapshot.SnapshotReader;
import dev.psapolicy.waiver.AcceptedFindings;
import dev.psapolicy.waiver.WaiverFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzz tests of every reader of a user's file: whatever the bytes, a reader either
 * parses them or raises the project's input error ({@link InvalidInputException}, every problem one
 * line) — never another exception, a hang or an error of the JVM. The evidence-pack verifier
 * reports a bad manifest as a problem of the pack, never by throwing.
 *
 * <p>In {@code mvn verify} each method runs in regression mode over its committed seeds and past
 * findings, {@code src/test/resources/dev/psapolicy/fuzz/ReadersFuzzTestInputs/<method>/}. {@code
 * src/test/fuzz/run-fuzz.sh} fuzzes each for a bounded time (see docs/security-model.md, "Inputs");
 * a finding is written to that folder, where it stays as a regression input.
 */
class ReadersFuzzTest {
  private static final List<String> RULE_IDS =
      List.of("CW-TICKET-ADD-ONLY", "CW-TIME-ENTRY-DELETE-MY", "PSA-ADMIN-API-USER");
  private static final List<String> CREDENTIAL_KEYS =
      List.of("CW_COMPANY", "CW_PUBLIC_KEY", "CW_PRIVATE_KEY", "CW_CLIENT_ID");

  private static BaselineLoader baselines;
  private static Path tmp;

  @BeforeAll
  static void setUp() throws IOException {
    baselines = new BaselineLoader(PermissionCatalog.builtIn());
    tmp = Files.createTempDirectory("psa-policy-fuzz");
  }

  @AfterAll
  static void tearDown() throws IOException {
    try (var walk = Files.walk(tmp)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The project's input error: at least one problem, each a single line with a message. */
  private static void inputError(InvalidInputException e) {
    assertFalse(e.problems().isEmpty());
    for (InputProblem p : e.problems()) {
      String line = p.toString();
      assertFalse(line.contains("\n") || line.contains("\r"), line);
      assertFalse(p.message().isBlank(), line);
    }
  }

  /** YAML or JSON by the first byte, as a user's file without a telling name is read. */
  private static String name(byte[] data, String stem) {
    int i = 0;
    while (i < data.length && Character.isWhitespace(data[i])) {
      i++;
    }
    return stem + (i < data.length && data[i] == '{' ? ".json" : ".yaml");
  }

  @FuzzTest(maxDuration = "20s")
  void snapshot(byte[] data) {
    try {
      assertNotNull(
          SnapshotReader.parse(InputFile.file(InputKind.SNAPSHOT, name(data, "snapshot"), data)));
    } catch (InvalidInputException e) {
      inputError(e);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void baseline(byte[] data) {
    try {
      assertNotNull(
          baselines.parse(InputFile.file(InputKind.BASELINE, name(data, "baseline"), data)));
    } catch (InvalidInputException e) {
      inputError(e);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void waivers(byte[] data) {
    try {
      assertNotNull(
          WaiverFile.parse(
              InputFile.file(InputKind.WAIVERS, name(data, "waivers"), data), RULE_IDS));
    } catch (InvalidInputException e) {
      inputError(e);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void accepted(byte[] data) {
    try {
      assertNotNull(
          AcceptedFindings.parse(InputFile.file(InputKind.ACCEPTED, name(data, "accepted"), data)));
    } catch (InvalidInputException e) {
      inputError(e);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void config(byte[] data) {
    try {
      assertNotNull(
          PolicyLoader.parse(
              InputFile.file(InputKind.CONFIG, name(data, "psa-policy"), data),
              tmp.resolve("ci"),
              tmp));
    } catch (InvalidInputException e) {
      inputError(e);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void credentials(byte[] data) {
    try {
      assertNotNull(CredentialsFile.parse(data, "creds.env", CREDENTIAL_KEYS));
    } catch (InvalidInputException e) {
      inputError(e);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void evidenceManifest(byte[] data) throws IOException {
    // a pack with the files a manifest names, so that a fuzzed manifest reaches every check
    Path pack = tmp.resolve("pack");
    Files.createDirectories(pack.resolve("inputs"));
    Files.writeString(pack.resolve("inputs/x"), "x");
    Files.writeString(
        pack.resolve(EvidencePack.RESULTS),
        "{\"run\": {\"runId\": \"r\", \"inputs\": [{\"name\": \"x\", \"sha256\": \"00\"}]}}");
    Files.write(pack.resolve(EvidencePack.MANIFEST), data);
    PackVerifier.PackResult r = PackVerifier.verify(pack, null);
    // a manifest that is not psa-policy's own is a problem of the pack, never "intact"
    assertTrue(!r.problems().isEmpty() || r.manifest() != null, r.problems().toString());
  }
}
