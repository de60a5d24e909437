package dev.psapolicy.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psapolicy.gate.Gate;
import dev.psapolicy.input.Hashes;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Recomputes an evidence pack: every file against the manifest (added, removed, changed), the
 * signature of the manifest, the inputs and results against the manifest's run, and, given
 * consecutive packs oldest first, every link of the chain. Never trusts the pack for anything it
 * can recompute.
 */
public final class PackVerifier {
  private PackVerifier() {}

  /**
   * The verdict on one pack.
   *
   * @param dir the pack
   * @param manifest its manifest (null when it cannot be read)
   * @param manifestSha256 hash of its manifest.json (null when absent)
   * @param checked files checked
   * @param problems what is wrong (empty when intact)
   * @param notes what holds and what was not checked
   */
  public record PackResult(
      Path dir,
      Manifest manifest,
      String manifestSha256,
      int checked,
      List<String> problems,
      List<String> notes) {
    public PackResult {
      problems = List.copyOf(problems);
      notes = List.copyOf(notes);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * Verifies packs given oldest first; each pack after the first must record the one before it as
   * its previous pack.
   *
   * @param dirs the packs
   * @param trusted the signer's public key, or null to check signatures against the key the pack
   *     embeds (which proves integrity but not who signed)
   */
  public static List<PackResult> verify(List<Path> dirs, PublicKey trusted) {
    return verify(dirs, dirs.stream().map(Path::toString).toList(), trusted);
  }

  /** As {@link #verify(List, PublicKey)}, naming the packs in messages as {@code names}. */
  public static List<PackResult> verify(List<Path> dirs, List<String> names, PublicKey trusted) {
    List<PackResult> out = new ArrayList<>();
    PackResult before = null;
    for (int i = 0; i < dirs.size(); i++) {
      PackResult r = verify(dirs.get(i), trusted);
      if (before != null) {
        r = chain(before, names.get(i - 1), r);
      } else if (r.manifest() != null && r.manifest().previous() != null) {
        List<String> notes = new ArrayList<>(r.notes());
        notes.add(
            "chain: previous pack's manifest sha256 "
                + r.manifest().previous().manifestSha256()
                + " (run "
                + r.manifest().previous().runId()
                + "); give that pack before this one to check"
                + " the link");
        r =
            new PackResult(
                r.dir(), r.manifest(), r.manifestSha256(), r.checked(), r.problems(), notes);
      }
      out.add(r);
      before = r;
    }
    return out;
  }

  private static PackResult chain(PackResult before, String beforeName, PackResult r) {
    List<String> problems = new ArrayList<>(r.problems());
    List<String> notes = new ArrayList<>(r.notes());
    if (r.manifest() != null) {
      Manifest.Previous prev = r.manifest().previous();
      if (prev == null) {
        problems.add("broken chain: the manifest records no previous pack, expected " + beforeName);
      } else if (before.manifestSha256() == null
          || !prev.manifestSha256().equals(before.manifestSha256())) {
        problems.add(
            "broken chain: the manifest records previous manifest sha256 "
                + prev.manifestSha256()
                + " but "
                + beforeName
                + "/manifest.json has "
                + (before.manifestSha256() == null ? "none" : before.manifestSha256()));
      } else {
        notes.add(
            "chain: follows " + beforeName + " (manifest sha256 " + prev.manifestSha256() + ")");
      }
    }
    return new PackResult(r.dir(), r.manifest(), r.manifestSha256(), r.checked(), problems, notes);
  }

  /** Verifies one pack. */
  public static PackResult verify(Path dir, PublicKey trusted) {
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    byte[] manifestBytes;
    try {
      manifestBytes = Files.readAllBytes(dir.resolve(EvidencePack.MANIFEST));
    } catch (NoSuchFileException e) {
      problems.add("removed: manifest.json (not an evidence pack, or its manifest was deleted)");
      return new PackResult(dir, null, null, 0, problems, notes);
    } catch (IOException e) {
      problems.add("cannot read manifest.json: " + e.getMessage());
      return new PackResult(dir, null, null, 0, problems, notes);
    }
    String manifestSha = Hashes.sha256(manifestBytes);
    Manifest m;
    try {
      m = EvidencePack.readManifest(manifestBytes);
    } catch (IOException e) {
      problems.add(
          "changed: manifest.json is not a valid manifest ("
              + e.getMessage().lines().findFirst().orElse("")
              + ")");
      signature(dir, manifestBytes, null, trusted, problems, notes);
      return new PackResult(dir, null, manifestSha, 0, problems, notes);
    }
    if (m.formatVersion() != Manifest.FORMAT_VERSION || !Manifest.KIND.equals(m.kind())) {
      problems.add("manifest.json: unsupported format " + m.kind() + " v" + m.formatVersion());
    }

    // files: what is there against what the manifest lists
    Map<String, Path> present = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        if (Files.isSymbolicLink(p)) {
          problems.add("unexpected symbolic link: " + rel);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
            && !rel.equals(EvidencePack.MANIFEST)
            && !rel.equals(EvidencePack.SIGNATURE)) {
          present.put(rel, p);
        }
      }
    } catch (IOException e) {
      problems.add("cannot list the pack: " + e.getMessage());
    }
    Map<String, Manifest.FileEntry> listed = new LinkedHashMap<>();
    for (Manifest.FileEntry f : m.files()) {
      listed.put(f.path(), f);
    }
    int checked = 0;
    for (Manifest.FileEntry f : m.files()) {
      Path p = present.get(f.path());
      if (p == null) {
        problems.add("removed: " + f.path());
        continue;
      }
      try {
        byte[] bytes = Files.readAllBytes(p);
        checked++;
        String sha = Hashes.sha256(bytes);
        if (!sha.equals(f.sha256()) || bytes.length != f.size()) {
          problems.add(
              "changed: " + f.path() + " (sha256 " + sha + ", manifest says " + f.sha256() + ")");
        }
      } catch (IOException e) {
        problems.add("cannot read " + f.path() + ": " + e.getMessage());
      }
    }
    for (String rel : present.keySet()) {
      if (!listed.containsKey(rel)) {
        problems.add("added: " + rel + " (not in the manifest)");
      }
    }
    // the manifest's own story must hold together: inputs are files of the pack with their hash
    for (Manifest.Input in : m.inputs()) {
      Manifest.FileEntry f = listed.get(in.path());
      if (f == null || !f.sha256().equals(in.sha256())) {
        problems.add(
            "manifest.json: input "
                + in.kind()
                + " "
                + in.name()
                + " is not the file "
                + in.path()
                + " with sha256 "
                + in.sha256());
      }
    }
    results(dir, m, listed, problems);
    signature(dir, manifestBytes, m, trusted, problems, notes);
    return new PackResult(dir, m, manifestSha, checked, problems, notes);
  }

  /** results.json must describe this run and these inputs. */
  private static void results(
      Path dir, Manifest m, Map<String, Manifest.FileEntry> listed, List<String> problems) {
    if (!listed.containsKey(EvidencePack.RESULTS)) {
      problems.add("manifest.json lists no " + EvidencePack.RESULTS);
      return;
    }
    try {
      JsonNode results = EvidencePack.JSON.readTree(dir.resolve(EvidencePack.RESULTS).toFile());
      JsonNode run = results.path("run");
      if (!m.run().runId().equals(run.path("runId").asText())) {
        problems.add(
            "results.json does not describe run "
                + m.run().runId()
                + " (it names run '"
                + run.path("runId").asText()
                + "')");
      }
      for (JsonNode in : run.path("inputs")) {
        boolean found =
            m.inputs().stream()
                .anyMatch(
                    i ->
                        i.sha256().equals(in.path("sha256").asText())
                            && i.name().equals(in.path("name").asText()));
        if (!found) {
          problems.add(
              "results.json names input "
                  + in.path("name").asText()
                  + " that the pack does not hold");
        }
      }
      summary(m.run(), results, problems);
    } catch (IOException e) {
      // a missing or unreadable results.json is reported by the file checks
    }
  }

  /**
   * The manifest's run summary must be what results.json says, and results.json's summary must be
   * what its own violations give: the verdict is decided again by {@link Gate#decide}, the one home
   * of that decision, from the listed violations, the threshold and completeness. An unsigned
   * manifest edited to say PASS, or a results.json whose summary was edited without its violations,
   * does not verify.
   */
  private static void summary(Manifest.Run run, JsonNode results, List<String> problems) {
    JsonNode summary = results.path("summary");
    JsonNode jrun = results.path("run");
    Severity failOn = Severity.parse(summary.path("failOn").asText());
    List<Disposition> dispositions = new ArrayList<>();
    int failing = 0;
    boolean readable = failOn != null && results.path("violations").isArray();
    for (JsonNode v : results.path("violations")) {
      Severity severity = Severity.parse(v.path("severity").asText());
      Disposition d =
          switch (v.path("status").asText()) {
            case "open" -> Disposition.OPEN;
            case "waived" -> Disposition.waived(v.path("disposedBy").asText());
            case "accepted" -> Disposition.accepted(v.path("disposedBy").asText());
            default -> null;
          };
      if (severity == null || d == null) {
        readable = false;
        break;
      }
      dispositions.add(d);
      if (failOn != null && Gate.countsAgainst(severity, d, failOn)) {
        failing++;
      }
    }
    if (!readable) {
      problems.add("results.json: its summary or violations cannot be read back");
      return;
    }
    boolean complete = jrun.path("complete").asBoolean();
    Verdict verdict = Gate.decide(failing, failOn, complete);
    long open = dispositions.stream().filter(Disposition::isOpen).count();
    long waived =
        dispositions.stream().filter(d -> d.status() == Disposition.Status.WAIVED).count();
    long accepted = dispositions.size() - open - waived;
    // results.json against its own violations
    agree(problems, "results.json summary", "violations", summary, dispositions.size());
    agree(problems, "results.json summary", "open", summary, open);
    agree(problems, "results.json summary", "waived", summary, waived);
    agree(problems, "results.json summary", "accepted", summary, accepted);
    agree(problems, "results.json summary", "failing", summary, verdict.failing());
    agree(problems, "results.json summary", "exitCode", summary, verdict.exitCode());
    // the manifest against results.json
    List<String> differ = new ArrayList<>();
    differ(differ, "gate", run.gate(), verdict.outcome().name());
    differ(differ, "exitCode", run.exitCode(), verdict.exitCode());
    differ(differ, "failOn", run.failOn(), failOn.id());
    differ(differ, "complete", run.complete(), complete);
    differ(differ, "violations", run.violations(), dispositions.size());
    differ(differ, "open", run.open(), open);
    differ(differ, "waived", run.waived(), waived);
    differ(differ, "accepted", run.accepted(), accepted);
    differ(differ, "principals", run.principals().size(), jrun.path("principals").asInt(-1));
    List<String> incomplete = new ArrayList<>();
    jrun.path("incomplete").forEach(n -> incomplete.add(n.asText()));
    differ(differ, "incomplete", run.incomplete(), incomplete);
    List<Manifest.RelaxedRule> relaxed = new ArrayList<>();
    for (JsonNode r : results.path("relaxedRules")) {
      relaxed.add(
          new Manifest.RelaxedRule(
              r.path("ruleId").asText(),
              r.path("change").asText(),
              r.path("declared").asText(),
              r.path("effective").isNull() ? null : r.path("effective").asText(),
              r.path("at").asText()));
    }
    differ(differ, "relaxedRules", run.relaxedRules(), relaxed);
    if (!differ.isEmpty()) {
      problems.add("manifest.json's run disagrees with results.json: " + String.join(", ", differ));
    }
  }

  private static void agree(
      List<String> problems, String what, String field, JsonNode summary, long expected) {
    JsonNode n = summary.path(field);
    if (!n.canConvertToLong() || n.asLong() != expected) {
      problems.add(
          what
              + " says "
              + field
              + " "
              + (n.isMissingNode() ? "nothing" : n.asText())
              + " but its violations give "
              + expected);
    }
  }

  private static void differ(List<String> out, String field, Object manifest, Object results) {
    if (!Objects.equals(manifest, results)) {
      out.add(field + " " + manifest + " (results.json: " + results + ")");
    }
  }

  private static void signature(
      Path dir,
      byte[] manifestBytes,
      Manifest m,
      PublicKey trusted,
      List<String> problems,
      List<String> notes) {
    Path sigFile = dir.resolve(EvidencePack.SIGNATURE);
    boolean sigPresent = Files.isRegularFile(sigFile, LinkOption.NOFOLLOW_LINKS);
    boolean claimsSigned = m != null && m.signature() != null && m.signature().signed();
    if (m != null && !claimsSigned) {
      if (sigPresent) {
        problems.add("added: manifest.sig, but the manifest says the pack is unsigned");
      }
      if (trusted != null) {
        problems.add(
            "bad signature: the pack is UNSIGNED but --public-key "
                + Keys.keyId(trusted)
                + " expects a signature");
      } else {
        notes.add(
            "signature: UNSIGNED (hashes only: anyone who can write the folder could"
                + " have rewritten the manifest)");
      }
      return;
    }
    if (!sigPresent) {
      problems.add("bad signature: manifest.sig is missing");
      return;
    }
    byte[] sig;
    try {
      sig = Files.readAllBytes(sigFile);
    } catch (IOException e) {
      problems.add("bad signature: cannot read manifest.sig");
      return;
    }
    PublicKey key = trusted;
    String embeddedId = m == null ? null : m.signature().keyId();
    if (key == null) {
      if (m == null) {
        problems.add("bad signature: the manifest cannot be read and no --public-key was given");
        return;
      }
      try {
        key =
            Keys.readPublic(
                Base64.getEncoder()
                    .encodeToString(Base64.getDecoder().decode(m.signature().publicKey())));
      } catch (Keys.KeyException | IllegalArgumentException | NullPointerException e) {
        problems.add("bad signature: the manifest's public key is unreadable");
        return;
      }
      if (!Keys.keyId(key).equals(embeddedId)) {
        problems.add("bad signature: the manifest's key id does not match its public key");
        return;
      }
    }
    if (!Keys.verify(key, manifestBytes, sig)) {
      problems.add(
          "bad signature: manifest.sig does not verify manifest.json with key " + Keys.keyId(key));
      return;
    }
    if (trusted != null) {
      notes.add(
          "signature: valid, Ed25519 key " + Keys.keyId(trusted) + " (the --public-key given)");
    } else {
      notes.add(
          "signature: valid for the key the pack embeds, "
              + Keys.keyId(key)
              + "; not pinned: pass --public-key SIGNER.pub to check who signed");
    }
  }
}
