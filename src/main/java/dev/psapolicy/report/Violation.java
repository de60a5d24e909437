package dev.psapolicy.report;

import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One finding: a rule, the API user and grant it is about, what was allowed, and the smallest
 * change that clears it. The grant part is null for principal-level findings.
 *
 * @param ruleId rule id
 * @param severity effective severity
 * @param title rule title
 * @param message what is wrong, one sentence
 * @param subject the API user it is about
 * @param holding the grant it is about; null for principal-level findings
 * @param baselines baseline ids involved, in order; empty when none
 * @param fix the smallest change that clears the violation
 * @param steps lattice steps between actual and allowed (0 when not a level comparison)
 * @param disposition open, or waived / accepted (then it does not count against the gate)
 * @param fingerprint the stable identity of the finding (see {@link #fingerprint()}); null to
 *     compute it
 */
public record Violation(
    String ruleId,
    Severity severity,
    String title,
    String message,
    Subject subject,
    Holding holding,
    List<String> baselines,
    String fix,
    int steps,
    Disposition disposition,
    String fingerprint) {

  /**
   * The fingerprint is computed here, once, from the identity fields ({@link #fingerprint(String,
   * String, String, String, String, String, String, String)}); a non-null one is taken only from a
   * copy of this violation ({@link #withDisposition}), never from outside this record.
   */
  public Violation {
    Objects.requireNonNull(subject, "subject");
    baselines = List.copyOf(baselines);
    disposition = disposition == null ? Disposition.OPEN : disposition;
    if (fingerprint == null) {
      fingerprint =
          fingerprint(
              subject.platform(),
              subject.instance(),
              subject.principalId(),
              holding == null ? null : holding.cell().module(),
              holding == null ? null : holding.cell().function(),
              holding == null ? null : holding.verb().id(),
              ruleId,
              holding == null ? null : holding.actual().label());
    }
  }

  /** A violation; its fingerprint is computed from its identity fields. */
  public Violation(
      String ruleId,
      Severity severity,
      String title,
      String message,
      Subject subject,
      Holding holding,
      List<String> baselines,
      String fix,
      int steps,
      Disposition disposition) {
    this(
        ruleId,
        severity,
        title,
        message,
        subject,
        holding,
        baselines,
        fix,
        steps,
        disposition,
        null);
  }

  /**
   * The API user a finding is about. The platform is text, not {@link
   * dev.psapolicy.vocabulary.Platform}: a waiver's own finding carries its scope, where a glob such
   * as {@code *} stands for every platform.
   *
   * @param platform connectwise or autotask (a scope glob on a waiver's finding)
   * @param instance PSA instance, or null
   * @param principalId PSA id of the API user, or null
   * @param principalName display name of the API user, or null
   * @param role the user's security role / level name, or null
   */
  public record Subject(
      String platform, String instance, String principalId, String principalName, String role) {}

  /**
   * The grant a finding is about.
   *
   * @param cell canonical module and function
   * @param verb the verb
   * @param actual the granted level
   * @param allowed the level the baselines allow (or need), or null
   * @param raw the vendor's own value for the grant, or null
   */
  public record Holding(Cell cell, Verb verb, Level actual, Level allowed, String raw) {
    public Holding {
      Objects.requireNonNull(cell, "cell");
      Objects.requireNonNull(verb, "verb");
      Objects.requireNonNull(actual, "actual");
    }
  }

  /** A copy with another disposition (this one when it has that disposition already). */
  public Violation withDisposition(Disposition d) {
    if (disposition.equals(d)) {
      return this;
    }
    return new Violation(
        ruleId, severity, title, message, subject, holding, baselines, fix, steps, d, fingerprint);
  }

  /** connectwise or autotask (a scope glob on a waiver's finding). */
  public String platform() {
    return subject.platform();
  }

  /** PSA instance, or null. */
  public String instance() {
    return subject.instance();
  }

  /** PSA id of the API user, or null. */
  public String principalId() {
    return subject.principalId();
  }

  /** Display name of the API user, or null. */
  public String principalName() {
    return subject.principalName();
  }

  /** The user's security role / level name, or null. */
  public String role() {
    return subject.role();
  }

  /** Canonical module; null for principal-level findings. */
  public String module() {
    return holding == null ? null : holding.cell().module();
  }

  /** Canonical function; null for principal-level findings. */
  public String function() {
    return holding == null ? null : holding.cell().function();
  }

  /** add/edit/delete/inquire; null for principal-level findings. */
  public String verb() {
    return holding == null ? null : holding.verb().id();
  }

  /** The granted level's label (None/My/All), or null. */
  public String actual() {
    return holding == null ? null : holding.actual().label();
  }

  /** The allowed level's label, or null. */
  public String allowed() {
    return holding == null || holding.allowed() == null ? null : holding.allowed().label();
  }

  /** The vendor's own value for the grant, or null. */
  public String raw() {
    return holding == null ? null : holding.raw();
  }

  /** The baseline ids involved, comma-separated, as outputs show them; null when none. */
  public String baseline() {
    return baselines.isEmpty() ? null : String.join(", ", baselines);
  }

  /**
   * The one order of every output: severity (gravest first), then where (platform, instance, API
   * user, module, function, verb in the order add, edit, delete, inquire), then rule id and
   * message; a missing place sorts before any. One method rather than a chain of key extractors: a
   * large report sorts tens of thousands of violations.
   */
  public static final Comparator<Violation> ORDER = Violation::compareInOrder;

  private static int compareInOrder(Violation a, Violation b) {
    int c = Integer.compare(b.severity.weight(), a.severity.weight());
    if (c != 0) {
      return c;
    }
    c = nullsFirst(a.subject.platform(), b.subject.platform());
    if (c != 0) {
      return c;
    }
    c = nullsFirst(a.subject.instance(), b.subject.instance());
    if (c != 0) {
      return c;
    }
    c = nullsFirst(a.subject.principalId(), b.subject.principalId());
    if (c != 0) {
      return c;
    }
    Holding x = a.holding;
    Holding y = b.holding;
    if (x != y) {
      if (x == null || y == null) {
        return x == null ? -1 : 1;
      }
      c = nullsFirst(x.cell().module(), y.cell().module());
      if (c != 0) {
        return c;
      }
      c = nullsFirst(x.cell().function(), y.cell().function());
      if (c != 0) {
        return c;
      }
      c = Integer.compare(x.verb().ordinal(), y.verb().ordinal());
      if (c != 0) {
        return c;
      }
    }
    c = a.ruleId.compareTo(b.ruleId);
    return c != 0 ? c : a.message.compareTo(b.message);
  }

  private static int nullsFirst(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b);
  }

  /**
   * A stable identity for this finding across runs: platform, instance, principal id, module,
   * function, verb, rule id and actual level; never display names or paths. A different level is a
   * different finding. Computed once, when the violation is made.
   */
  @Override
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * The fingerprint of a finding given by its identity fields as text (an accepted-findings entry
   * names them so): the one place the fingerprint is computed. Persisted by users; never change it.
   */
  public static String fingerprint(
      String platform,
      String instance,
      String principalId,
      String module,
      String function,
      String verb,
      String ruleId,
      String actual) {
    String key =
        String.join(
            "\u001f",
            nz(platform),
            nz(instance),
            nz(principalId),
            nz(module),
            nz(function),
            nz(verb),
            ruleId,
            nz(actual));
    MessageDigest sha = SHA256.get();
    sha.reset();
    return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)), 0, 16);
  }

  /** One digest per thread: looking the algorithm up cost as much as hashing the short key. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  /** The API user this finding is about, as the key that joins it to its principal. */
  public PrincipalRef principalRef() {
    return new PrincipalRef(subject.platform(), subject.instance(), subject.principalId());
  }

  /** "Service Desk / Service Tickets" or null. */
  public String cell() {
    return holding == null ? null : holding.cell().toString();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
