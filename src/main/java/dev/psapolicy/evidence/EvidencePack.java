package dev.psapolicy.evidence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.psapolicy.input.Hashes;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputLimits;
import dev.psapolicy.input.InputRef;
import dev.psapolicy.render.HtmlRenderer;
import dev.psapolicy.render.JsonRenderer;
import dev.psapolicy.render.Renderer;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.RunInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes an evidence pack: every input byte for byte under {@code inputs/}, the JSON results, the
 * HTML report, a short README, and {@code manifest.json} listing every file with its SHA-256, the
 * run and the previous pack's manifest hash; with a key, {@code manifest.sig} signs the manifest.
 * The private key is only ever used to sign: it is never written.
 */
public final class EvidencePack {
  /** The manifest's file name. */
  public static final String MANIFEST = "manifest.json";

  /** The signature's file name. */
  public static final String SIGNATURE = "manifest.sig";

  /** The JSON results' file name. */
  public static final String RESULTS = "results.json";

  /** The HTML report's file name. */
  public static final String REPORT = "report.html";

  /** The pack's explanation for people. */
  public static final String README = "README.txt";

  /** What an unsigned manifest says about itself. */
  public static final String UNSIGNED_NOTE =
      "UNSIGNED: the hashes show whether files changed"
          + " after the manifest was written, but anyone who can write this folder can rewrite the"
          + " manifest too; sign packs with --signing-key to make them tamper-evident.";

  static final ObjectMapper JSON =
      new ObjectMapper(InputLimits.jsonFactory())
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private EvidencePack() {}

  /**
   * What was written.
   *
   * @param dir the pack
   * @param files number of files listed in the manifest
   * @param manifestSha256 hash of manifest.json (what the next pack's chain records)
   * @param keyId the signing key's id, or null when unsigned
   */
  public record Written(Path dir, int files, String manifestSha256, String keyId) {}

  /**
   * Writes a pack into {@code dir}, which must not exist or be empty.
   *
   * @param dir the pack folder
   * @param report the run's report
   * @param inputs the bytes of every input the run names, and any extra (raw responses)
   * @param signingKey the key that signs the manifest, or null for an unsigned pack
   * @param previous the previous pack of the chain, or null
   */
  public static Written write(
      Path dir, Report report, List<InputFile> inputs, PrivateKey signingKey, PreviousPack previous)
      throws IOException, EvidenceException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new EvidenceException(dir + " exists and is not a folder");
      }
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new EvidenceException(dir + " is not empty: an evidence pack needs a new folder");
        }
      }
    }
    PublicKey publicKey = null;
    if (signingKey != null) {
      try {
        publicKey = Keys.publicOf(signingKey);
      } catch (Keys.KeyException e) {
        throw new EvidenceException("signing key: " + e.getMessage());
      }
    }

    Map<String, byte[]> files = new LinkedHashMap<>();
    List<Manifest.Input> manifestInputs = new ArrayList<>();
    Set<String> used = new HashSet<>();
    List<InputFile> remaining = new ArrayList<>(inputs);
    // every input the run names, with the very bytes it evaluated
    for (InputRef ref : report.run().inputs()) {
      InputFile match = null;
      for (InputFile in : remaining) {
        if (in.ref().equals(ref)) {
          match = in;
          break;
        }
      }
      if (match == null) {
        throw new EvidenceException(
            "the run read "
                + ref.kind().id()
                + " "
                + ref.name()
                + " (sha256 "
                + ref.sha256()
                + ") but its bytes were not supplied to the pack");
      }
      remaining.remove(match);
      String path = unique(pathOf(match.ref()), used);
      files.put(path, match.bytes());
      manifestInputs.add(new Manifest.Input(ref.kind().id(), ref.name(), ref.sha256(), path));
    }
    for (InputFile extra : remaining) {
      String path = unique(pathOf(extra.ref()), used);
      files.put(path, extra.bytes());
      manifestInputs.add(new Manifest.Input(extra.kind().id(), extra.name(), extra.sha256(), path));
    }
    files.put(RESULTS, render(new JsonRenderer(), report));
    files.put(REPORT, render(new HtmlRenderer(), report));
    files.put(README, readme(report, publicKey, previous).getBytes(StandardCharsets.UTF_8));

    List<Manifest.FileEntry> entries = new ArrayList<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      entries.add(
          new Manifest.FileEntry(f.getKey(), Hashes.sha256(f.getValue()), f.getValue().length));
    }
    entries.sort(Comparator.comparing(Manifest.FileEntry::path));
    Manifest.Signature signature =
        publicKey == null
            ? new Manifest.Signature(false, null, null, null, UNSIGNED_NOTE)
            : new Manifest.Signature(
                true,
                Keys.ALGORITHM,
                Keys.keyId(publicKey),
                Base64.getEncoder().encodeToString(publicKey.getEncoded()),
                "manifest.sig is the Ed25519 signature of the exact bytes of manifest.json; check it"
                    + " against the signer's published public key, not only the one embedded here.");
    Manifest manifest =
        new Manifest(
            Manifest.FORMAT_VERSION,
            Manifest.KIND,
            run(report),
            manifestInputs,
            entries,
            previous == null ? null : previous.toManifest(),
            signature);
    byte[] manifestBytes = manifestBytes(manifest);

    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path target = dir.resolve(f.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, f.getValue());
    }
    Files.write(dir.resolve(MANIFEST), manifestBytes);
    if (signingKey != null) {
      Files.write(dir.resolve(SIGNATURE), Keys.sign(signingKey, manifestBytes));
    }
    return new Written(
        dir,
        entries.size(),
        Hashes.sha256(manifestBytes),
        publicKey == null ? null : Keys.keyId(publicKey));
  }

  static byte[] manifestBytes(Manifest m) throws IOException {
    byte[] body = JSON.writeValueAsBytes(m);
    byte[] out = new byte[body.length + 1];
    System.arraycopy(body, 0, out, 0, body.length);
    out[body.length] = '\n';
    return out;
  }

  /**
   * Reads a pack's manifest strictly: unknown fields are an error, and so is a missing field that
   * verification reads (a manifest is checked before a byte of it is trusted).
   */
  public static Manifest readManifest(byte[] bytes) throws IOException {
    Manifest m = JSON.readValue(bytes, Manifest.class);
    String missing = missing(m);
    if (missing != null) {
      throw JsonMappingException.from((JsonParser) null, "missing " + missing);
    }
    return m;
  }

  private static String missing(Manifest m) {
    if (m.kind() == null) {
      return "'kind'";
    }
    if (m.run() == null || m.run().runId() == null || m.run().startedAt() == null) {
      return "'run' with 'runId' and 'startedAt'";
    }
    if (m.signature() == null) {
      return "'signature'";
    }
    if (m.previous() != null && m.previous().manifestSha256() == null) {
      return "'previous.manifestSha256'";
    }
    for (int i = 0; i < m.inputs().size(); i++) {
      Manifest.Input in = m.inputs().get(i);
      if (in.kind() == null || in.name() == null || in.sha256() == null || in.path() == null) {
        return "'kind', 'name', 'sha256' or 'path' of inputs[" + i + "]";
      }
    }
    for (int i = 0; i < m.files().size(); i++) {
      Manifest.FileEntry f = m.files().get(i);
      if (f.path() == null || f.sha256() == null) {
        return "'path' or 'sha256' of files[" + i + "]";
      }
    }
    return null;
  }

  private static Manifest.Run run(Report r) {
    RunInfo run = r.run();
    return new Manifest.Run(
        run.runId(),
        run.startedAt().toString(),
        run.toolVersion(),
        run.complete(),
        run.incomplete(),
        r.verdict().failOn().id(),
        r.verdict().outcome().name(),
        r.verdict().exitCode(),
        r.violations().size(),
        r.count(Disposition.Status.OPEN),
        r.count(Disposition.Status.WAIVED),
        r.count(Disposition.Status.ACCEPTED),
        r.principals().stream()
            .map(p -> new Manifest.Principal(p.platform(), p.instance(), p.id(), p.name()))
            .toList(),
        r.relaxations().stream()
            .map(
                x ->
                    new Manifest.RelaxedRule(
                        x.ruleId(),
                        x.disabled() ? "disabled" : "lowered",
                        x.declared().id(),
                        x.disabled() ? null : x.effective().id(),
                        x.where()))
            .toList());
  }

  private static String readme(Report r, PublicKey key, PreviousPack previous) {
    StringBuilder b = new StringBuilder();
    b.append("psa-policy evidence pack\n\n")
        .append("run ")
        .append(r.run().runId())
        .append(", started ")
        .append(r.run().startedAt())
        .append(", psa-policy ")
        .append(r.run().toolVersion())
        .append(", exit code ")
        .append(r.verdict().exitCode())
        .append(".\n\n")
        .append("manifest.json lists every file of this folder with its SHA-256.\n");
    if (key == null) {
      b.append(UNSIGNED_NOTE).append('\n');
    } else {
      b.append("manifest.sig signs manifest.json with Ed25519 key ")
          .append(Keys.keyId(key))
          .append(".\n");
    }
    if (previous != null) {
      b.append("The previous pack's manifest.json has SHA-256 ")
          .append(previous.manifestSha256())
          .append(" (run ")
          .append(previous.runId())
          .append(").\n");
    }
    b.append("\nVerify with:  psa-policy verify THIS-FOLDER --public-key SIGNER.pub\n");
    return b.toString();
  }

  private static byte[] render(Renderer renderer, Report report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    renderer.render(report, out);
    return out.toByteArray();
  }

  /** The folder of the pack that holds inputs of a kind. */
  static String folderOf(InputKind kind) {
    return switch (kind) {
      case SNAPSHOT -> "inputs/snapshots";
      case RESPONSE -> "inputs/responses";
      case RULES -> "inputs/rules";
      case BASELINE -> "inputs/baselines";
      case CATALOG -> "inputs/catalogs";
      case WAIVERS -> "inputs/waivers";
      case ACCEPTED -> "inputs/accepted";
      case CONFIG -> "inputs/config";
      case PLAN -> "inputs/plans";
    };
  }

  /**
   * Where an input goes: under its kind's folder, keeping the relative path of its file but no
   * {@code ..}, no absolute root and only portable characters; bundled files under {@code builtin/}
   * or {@code demo/}.
   */
  static String pathOf(InputRef in) {
    String folder = folderOf(in.kind());
    String prefix =
        switch (in.origin()) {
          case BUILT_IN -> "builtin/";
          case DEMO -> "demo/";
          case GENERATED -> "generated/";
          case FILE, FETCH -> "";
        };
    List<String> parts = new ArrayList<>();
    for (String part : in.path().replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        continue;
      }
      parts.add(part.replaceAll("[^A-Za-z0-9._-]", "_"));
    }
    if (parts.isEmpty()) {
      parts.add("input");
    }
    // builtin rules/x.drl sits in inputs/rules/builtin/x.drl, not .../builtin/rules/x.drl
    if (!prefix.isEmpty() && parts.size() > 1 && folder.endsWith("/" + parts.get(0))) {
      parts.remove(0);
    }
    // a fetched snapshot is named like "connectwise-simulator": its bytes are JSON
    int last = parts.size() - 1;
    if (in.kind() == InputKind.SNAPSHOT && !parts.get(last).contains(".")) {
      parts.set(last, parts.get(last) + ".json");
    }
    return folder + "/" + prefix + String.join("/", parts);
  }

  private static String unique(String path, Set<String> used) {
    String candidate = path;
    int n = 2;
    while (!used.add(candidate)) {
      int dot = path.lastIndexOf('.');
      int slash = path.lastIndexOf('/');
      candidate =
          dot > slash ? path.substring(0, dot) + "-" + n + path.substring(dot) : path + "-" + n;
      n++;
    }
    return candidate;
  }

  /**
   * The previous pack of a chain.
   *
   * @param dir its folder
   * @param manifestSha256 SHA-256 of its manifest.json
   * @param runId its run id
   * @param startedAt its start time
   */
  public record PreviousPack(Path dir, String manifestSha256, String runId, String startedAt) {
    Manifest.Previous toManifest() {
      return new Manifest.Previous(manifestSha256, runId, startedAt);
    }
  }

  /** A pack that cannot be written (or a previous pack that cannot be chained to). */
  public static final class EvidenceException extends Exception {
    private static final long serialVersionUID = 1L;

    public EvidenceException(String message) {
      super(message);
    }
  }
}
