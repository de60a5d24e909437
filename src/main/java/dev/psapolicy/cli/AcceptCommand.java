package dev.psapolicy.cli;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.report.Violation;
import dev.psapolicy.run.DemoFetch;
import dev.psapolicy.run.Evaluation;
import dev.psapolicy.run.IncompleteDataException;
import dev.psapolicy.run.InputFiles;
import dev.psapolicy.run.OutputFiles;
import dev.psapolicy.run.Policy;
import dev.psapolicy.run.PolicyRequest;
import dev.psapolicy.run.RequestException;
import dev.psapolicy.waiver.AcceptedEntry;
import dev.psapolicy.waiver.AcceptedFindings;
import dev.psapolicy.waiver.WaiverJudge;
import dev.psapolicy.waiver.WaiverRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy accept}: records the current open violations by fingerprint, so that a gate can
 * be adopted on an MSP that is far from least privilege: accept what exists, block what is new.
 * {@code --update} only removes entries whose violation is resolved or changed; only {@code
 * --add-new} adds new violations, so an update never swallows a new finding. Waived violations are
 * left to their waivers (accepting them would outlive the waiver's expiry).
 */
final class AcceptCommand implements Command {
  /** The input options shared with check, taken from it so both stay the same. */
  private static final List<String> CHECK_INPUTS =
      List.of("snapshot", "demo", "baseline", "catalog", "rules", "allow-unknown");

  /** The environment variable that may name who accepts, instead of {@code --by}. */
  static final String BY_ENV = "PSA_POLICY_ACCEPTED_BY";

  /** The longest name {@code --by} takes. */
  static final int MAX_BY = 200;

  @Override
  public String name() {
    return "accept";
  }

  @Override
  public String summary() {
    return "record today's violations as accepted, so that check fails only on new ones";
  }

  @Override
  public Options options() {
    Options check = GateInputs.evaluationOptions();
    Options o = new Options();
    for (String name : CHECK_INPUTS) {
      o.addOption(check.getOption(name));
    }
    GateInputs.addOptions(o, false);
    return o.addOption(
            Option.builder("o")
                .longOpt("output")
                .hasArg()
                .argName("FILE")
                .desc("accepted-findings file to write (default: 'accepted' of the config)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("update")
                .desc("update FILE: remove entries whose violation is resolved or changed")
                .get())
        .addOption(
            Option.builder()
                .longOpt("add-new")
                .desc("with --update: also accept violations that are not in FILE yet")
                .get())
        .addOption(
            Option.builder()
                .longOpt("by")
                .hasArg()
                .argName("NAME")
                .desc(
                    "who accepts the findings, recorded in every new entry (required unless"
                        + " plain --update; or set "
                        + BY_ENV
                        + ")")
                .get())
        .addOption(Option.builder().longOpt("debug").desc("show stack traces").get());
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    if (!cmd.getArgList().isEmpty()) {
      throw new UsageException("unexpected argument '" + cmd.getArgList().get(0) + "'");
    }
    List<String> snapshotFiles = Inputs.values(cmd, "snapshot");
    boolean demo = cmd.hasOption("demo");
    if (snapshotFiles.isEmpty() && !demo) {
      throw new UsageException("give --snapshot FILE (repeatable) or --demo");
    }
    boolean update = cmd.hasOption("update");
    if (cmd.hasOption("add-new") && !update) {
      throw new UsageException("--add-new only goes with --update");
    }
    boolean adds = !update || cmd.hasOption("add-new");
    String by = by(cmd, ctx, adds);
    PolicyRequest request = GateInputs.request(cmd, ctx, false);
    Policy policy = Policy.load(request);
    String out =
        cmd.hasOption("output") ? cmd.getOptionValue("output") : policy.config().accepted();
    if (out == null) {
      throw new UsageException("give -o FILE (or 'accepted' in the policy config)");
    }
    Path file = ctx.path(out);
    if (!update && Files.exists(file)) {
      throw exists(out);
    }
    OutputFiles.checkWritable(file);
    AcceptedFindings existing = update ? AcceptedFindings.read(file, out) : null;

    List<Snapshot> snapshots = new ArrayList<>(InputFiles.snapshots(snapshotFiles, ctx.cwd()));
    if (demo) {
      snapshots.addAll(DemoFetch.fetch(ctx.clock()).snapshots());
    }
    Evaluation.Result result =
        Evaluation.run(
            GateInputs.evaluation(policy, request, snapshots, cmd.hasOption("allow-unknown"), ctx));
    GateInputs.warn(ctx, name(), result, policy);
    if (!result.report().run().complete()) {
      throw new IncompleteDataException(
          "nothing written: accepting from incomplete data could"
              + " drop entries of violations it did not see ("
              + String.join("; ", result.report().run().incomplete())
              + ")");
    }

    Map<String, Violation> open = new LinkedHashMap<>();
    Set<String> current =
        result.report().violations().stream()
            .filter(v -> !WaiverRules.isWaiverFinding(v.ruleId()))
            .map(Violation::fingerprint)
            .collect(Collectors.toSet());
    for (Violation v : result.report().violations()) {
      if (!WaiverRules.isWaiverFinding(v.ruleId()) && v.disposition().isOpen()) {
        open.putIfAbsent(v.fingerprint(), v);
      }
    }
    LocalDate today = WaiverJudge.today(request.now());
    long waived =
        result.report().violations().stream().filter(v -> !v.disposition().isOpen()).count();
    List<AcceptedEntry> entries = new ArrayList<>();
    if (existing == null) {
      refuseCritical(open.values(), policy);
      open.values().forEach(v -> entries.add(AcceptedEntry.of(v, today, by)));
      // create-new: a file that appeared since the check above is never overwritten
      if (!OutputFiles.createNew(file, AcceptedFindings.toYaml(entries))) {
        throw exists(out);
      }
      ctx.out()
          .println(
              "psa-policy accept: wrote "
                  + out
                  + ": "
                  + entries.size()
                  + " accepted finding(s)"
                  + (waived == 0
                      ? ""
                      : "; " + waived + " waived violation(s) left to their waivers"));
      return ExitCode.OK.code();
    }
    List<AcceptedEntry> removed = new ArrayList<>();
    for (AcceptedEntry e : existing.entries()) {
      (current.contains(e.fingerprint()) ? entries : removed).add(e);
    }
    List<Violation> added = new ArrayList<>();
    for (Violation v : open.values()) {
      if (!existing.contains(v.fingerprint())) {
        added.add(v);
      }
    }
    boolean addNew = cmd.hasOption("add-new");
    if (addNew) {
      refuseCritical(added, policy);
      added.forEach(v -> entries.add(AcceptedEntry.of(v, today, by)));
    }
    OutputFiles.write(file, AcceptedFindings.toYaml(entries));
    ctx.out()
        .println(
            "psa-policy accept: updated "
                + out
                + ": "
                + entries.size()
                + " accepted finding(s); "
                + removed.size()
                + " removed (resolved or changed), "
                + (addNew
                    ? added.size() + " added"
                    : added.size()
                        + " new not added"
                        + (added.isEmpty() ? "" : " (--add-new accepts them)")));
    for (AcceptedEntry e : removed) {
      ctx.out().println("  removed: " + e.describe());
    }
    for (Violation v : added) {
      ctx.out()
          .println(
              (addNew ? "  added: " : "  new, not accepted: ")
                  + AcceptedEntry.of(v, today, by).describe());
    }
    return ExitCode.OK.code();
  }

  private static UsageException exists(String out) {
    return new UsageException(
        out
            + " exists; --update removes its resolved entries"
            + " (--update --add-new also adds new violations), or delete it to start over");
  }

  /** Who accepts: --by, else the environment; required when entries may be added. */
  private static String by(CommandLine cmd, Context ctx, boolean required) throws UsageException {
    String by = cmd.hasOption("by") ? cmd.getOptionValue("by") : ctx.env().get(BY_ENV);
    if (by == null || by.isBlank()) {
      if (required) {
        throw new UsageException(
            "give --by NAME (who accepts the findings, recorded in each entry; or set "
                + BY_ENV
                + ")");
      }
      return null;
    }
    by = by.strip();
    if (by.length() > MAX_BY || by.codePoints().anyMatch(Character::isISOControl)) {
      throw new UsageException(
          "--by takes a name or e-mail address on one line, at most " + MAX_BY + " characters");
    }
    return by;
  }

  /**
   * Refuses to accept a critical violation unless the config opts in ({@code acceptCritical:
   * true}); the decision is {@link dev.psapolicy.waiver.Exemptions#mayAccept}, which check applies
   * again when it reads the file.
   */
  private static void refuseCritical(Collection<Violation> toAdd, Policy policy)
      throws RequestException {
    List<Violation> critical =
        toAdd.stream().filter(v -> !policy.exemptions().mayAccept(v)).toList();
    if (critical.isEmpty()) {
      return;
    }
    throw new RequestException(
        "refusing to accept "
            + critical.size()
            + " critical finding(s) ("
            + AcceptedEntry.of(critical.get(0), null, null).describe()
            + (critical.size() > 1 ? " and " + (critical.size() - 1) + " more" : "")
            + "): fix them, or set 'acceptCritical: true' in the policy config to accept critical"
            + " findings; nothing written");
  }
}
