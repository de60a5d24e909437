package dev.psapolicy.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code manifest.json} of an evidence pack: the run, every file with its SHA-256, the previous
 * pack's manifest hash (the chain) and how the manifest is signed. The signature itself is in
 * {@code manifest.sig}: the raw Ed25519 signature of the exact bytes of {@code manifest.json}.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param kind always {@link #KIND}
 * @param run the run's metadata
 * @param inputs every input of the run and where the pack holds it
 * @param files every file of the pack except manifest.json and manifest.sig, sorted by path
 * @param previous the previous pack, or null when this pack starts a chain
 * @param signature how the manifest is signed (or that it is not)
 */
public record Manifest(
    int formatVersion,
    String kind,
    Run run,
    List<Input> inputs,
    List<FileEntry> files,
    Previous previous,
    Signature signature) {

  /** Version of the manifest format. */
  public static final int FORMAT_VERSION = 1;

  /** The kind of document. */
  public static final String KIND = "psa-policy evidence pack";

  public Manifest {
    inputs = List.copyOf(inputs);
    files = List.copyOf(files);
  }

  /**
   * The run.
   *
   * @param runId run UUID
   * @param startedAt UTC start
   * @param toolVersion psa-policy version
   * @param complete whether the data was complete
   * @param incomplete why not
   * @param failOn gate threshold
   * @param gate PASS, FAIL or INCOMPLETE
   * @param exitCode the exit code of the check
   * @param violations number of violations
   * @param open open ones
   * @param waived waived ones
   * @param accepted accepted ones
   * @param principals principals covered
   * @param relaxedRules rules the policy config disabled or lowered (absent when none)
   */
  public record Run(
      String runId,
      String startedAt,
      String toolVersion,
      boolean complete,
      List<String> incomplete,
      String failOn,
      String gate,
      int exitCode,
      int violations,
      long open,
      long waived,
      long accepted,
      List<Principal> principals,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RelaxedRule> relaxedRules) {
    public Run {
      incomplete = List.copyOf(incomplete);
      principals = List.copyOf(principals);
      // a pack written before rules were listed has no such field: none were recorded
      relaxedRules = relaxedRules == null ? List.of() : List.copyOf(relaxedRules);
    }
  }

  /**
   * A rule the policy config relaxed, as results.json lists it.
   *
   * @param ruleId the rule
   * @param change {@code disabled} or {@code lowered}
   * @param declared the severity it declares
   * @param effective the severity the config gives it (null when disabled)
   * @param at the config entry that relaxes it, {@code file:line:column}
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record RelaxedRule(
      String ruleId, String change, String declared, String effective, String at) {}

  /**
   * A principal covered.
   *
   * @param platform platform
   * @param instance instance
   * @param id PSA id
   * @param name display name
   */
  public record Principal(String platform, String instance, String id, String name) {}

  /**
   * An input of the run.
   *
   * @param kind snapshot, rules, baseline, ...
   * @param name as the run names it
   * @param sha256 hash of its bytes
   * @param path where the pack holds it
   */
  public record Input(String kind, String name, String sha256, String path) {}

  /**
   * A file of the pack.
   *
   * @param path relative path with forward slashes
   * @param sha256 hash of its bytes
   * @param size its size in bytes
   */
  public record FileEntry(String path, String sha256, long size) {}

  /**
   * The previous pack of the chain.
   *
   * @param manifestSha256 SHA-256 of the previous pack's manifest.json bytes
   * @param runId its run id
   * @param startedAt its start time
   */
  public record Previous(String manifestSha256, String runId, String startedAt) {}

  /**
   * How the manifest is signed.
   *
   * @param signed whether manifest.sig holds a signature
   * @param algorithm Ed25519 (null when unsigned)
   * @param keyId SHA-256 of the public key's X.509 (DER) encoding (null when unsigned)
   * @param publicKey the public key, Base64 of its X.509 encoding (null when unsigned)
   * @param note a plain statement of what the signature does or does not prove
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Signature(
      boolean signed, String algorithm, String keyId, String publicKey, String note) {}
}
