package dev.psapolicy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.psapolicy.gate.ExitCode;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Origin;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.plan.Action;
import dev.psapolicy.plan.Plan;
import dev.psapolicy.plan.PlanJson;
import dev.psapolicy.run.Apply;
import dev.psapolicy.run.Assignments;
import dev.psapolicy.run.OutputFiles;
import dev.psapolicy.run.Policy;
import dev.psapolicy.run.PolicyRequest;
import dev.psapolicy.source.http.RecordedRequest;
import dev.psapolicy.source.http.RecordedResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code psa-policy apply PLAN.json}: performs a plan's automated actions on a ConnectWise PSA
 * (reassign an API member to an existing compliant role; deactivate one with {@code
 * --deactivate-unused}). A dry run unless {@code --approve} gives the plan's hash; see {@link
 * Apply} for what an approved run does. Exit 0 when everything selected was applied and verified; 1
 * when a claimed violation is still reported or something else changed; 7 when the instance changed
 * since the plan (nothing written); 8 when a write failed (apply stopped); 4 when a fetch failed or
 * was incomplete.
 */
final class ApplyCommand implements Command {
  private static final List<String> POLICY =
      List.of("baseline", "catalog", "rules", "allow-unknown", "debug");

  /** Built on first use: {@code Main} constructs every command, and a mapper costs a cold start. */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  @Override
  public String name() {
    return "apply";
  }

  @Override
  public String summary() {
    return "perform a plan's automated actions on ConnectWise PSA (a dry run without --approve)";
  }

  @Override
  public String usage() {
    return "PLAN.json [--approve PLAN_HASH] [options]";
  }

  @Override
  public Options options() {
    Options o = FetchCommand.connectionOptions();
    Options evaluation = GateInputs.evaluationOptions();
    for (String n : POLICY) {
      o.addOption(evaluation.getOption(n));
    }
    GateInputs.addOptions(o, false);
    o.addOption(
            Option.builder()
                .longOpt("approve")
                .hasArg()
                .argName("PLAN_HASH")
                .desc(
                    "perform the writes: the plan's planHash, as reviewed (without it apply is a"
                        + " dry run that sends nothing)")
                .get())
        .addOption(
            Option.builder()
                .longOpt("deactivate-unused")
                .desc("also perform the plan's deactivations of API members no baseline claims")
                .get())
        .addOption(
            Option.builder()
                .longOpt("rollback")
                .hasArg()
                .argName("FILE")
                .desc(
                    "write the rollback plan (the previous role of every member changed) to FILE"
                        + " (default: next to the plan, PLAN.rollback.json)")
                .get());
    return EvidenceStep.addOptions(o);
  }

  @Override
  public int run(CommandLine cmd, Context ctx) throws Exception {
    if (cmd.getArgList().size() != 1) {
      throw new UsageException(
          cmd.getArgList().isEmpty()
              ? "give the plan file: apply PLAN.json"
              : "give one plan file, found " + cmd.getArgList().size());
    }
    String planArg = cmd.getArgList().get(0);
    // the one reader of user files: regular files only, size limit, one-line problems
    InputFile planFile =
        InputFile.file(
            InputKind.PLAN, planArg, StructuredFiles.readBytes(ctx.path(planArg), planArg));
    Plan plan = PlanJson.read(planFile);
    List<String> problems = Apply.problems(plan);
    if (!problems.isEmpty()) {
      List<InputProblem> all = new ArrayList<>();
      problems.forEach(p -> all.add(InputProblem.at(planArg, p)));
      throw new InvalidInputException(all);
    }
    String approve = cmd.getOptionValue("approve");
    if (approve != null && !approve.strip().equals(plan.planHash())) {
      throw new UsageException(
          "--approve "
              + approve.strip()
              + " is not this plan's hash: review "
              + planArg
              + " and approve its planHash "
              + plan.planHash());
    }
    boolean approved = approve != null;
    if (!approved) {
      for (String o :
          List.of(
              "rollback", "evidence", "signing-key", "previous", "public-key", "allow-unsigned")) {
        if (cmd.hasOption(o)) {
          throw new UsageException(
              "--" + o + " needs --approve PLAN_HASH (a dry run writes nothing)");
        }
      }
    }
    PolicyRequest policyRequest = GateInputs.request(cmd, ctx, false);
    Policy policy = Policy.load(policyRequest);
    List<String> differences = Apply.policyDifferences(plan, policy);
    if (!differences.isEmpty()) {
      ctx.err()
          .println(
              "psa-policy apply: warning: the re-check after writing runs with another policy"
                  + " than the plan's ("
                  + String.join("; ", differences.subList(0, Math.min(3, differences.size())))
                  + (differences.size() > 3 ? "; " + (differences.size() - 3) + " more" : "")
                  + "): give the plan's --config, --baseline, --rules and --catalog");
    }
    Apply.Target target = null;
    Path rollbackPath = null;
    String rollbackArg = null;
    EvidenceStep evidence = null;
    if (approved && Apply.anything(plan, cmd.hasOption("deactivate-unused"))) {
      if (!cmd.hasOption("base-url") && !cmd.hasOption("site")) {
        throw new UsageException(
            "give --site HOST or --base-url URL of the PSA, as for fetch (apply re-fetches it"
                + " before writing)");
      }
      rollbackArg = cmd.getOptionValue("rollback", defaultRollback(planArg));
      rollbackPath = ctx.path(rollbackArg);
      // a rollback plan that cannot be written costs no write
      OutputFiles.checkWritable(rollbackPath);
      evidence = EvidenceStep.parse(cmd, ctx);
      FetchCommand.ConnectWiseSetup setup = FetchCommand.connectWiseSetup(cmd, ctx);
      target =
          new Apply.Target(
              setup.credentials(),
              setup.options(),
              FetchCommand.settings(cmd, ctx),
              Assignments.parse(Inputs.values(cmd, "integration")));
    }
    Apply.Result r =
        Apply.run(
            new Apply.Request(
                plan,
                planFile,
                approved,
                cmd.hasOption("deactivate-unused"),
                target,
                policy,
                cmd.hasOption("allow-unknown"),
                ctx.clock(),
                Version.get(),
                ctx::newRunId));
    return report(r, plan, planArg, rollbackPath, rollbackArg, evidence, policy, planFile, ctx);
  }

  /** PLAN.json's rollback plan: PLAN.rollback.json next to it. */
  static String defaultRollback(String planArg) {
    String base = planArg.endsWith(".json") ? planArg.substring(0, planArg.length() - 5) : planArg;
    return base + ".rollback.json";
  }

  private int report(
      Apply.Result r,
      Plan plan,
      String planArg,
      Path rollbackPath,
      String rollbackArg,
      EvidenceStep evidence,
      Policy policy,
      InputFile planFile,
      Context ctx)
      throws Exception {
    String head = "psa-policy apply: plan " + plan.planHash() + " (" + planArg + ")";
    switch (r.outcome()) {
      case DRY_RUN, NOTHING_TO_DO -> {
        ctx.out()
            .println(
                head
                    + (r.outcome() == Apply.Outcome.DRY_RUN
                        ? ": dry run, nothing is sent"
                        : ": no action apply may perform, nothing is sent"));
        printSteps(r, ctx);
        if (r.outcome() == Apply.Outcome.DRY_RUN && r.before() == null) {
          ctx.out()
              .println(
                  "to perform it: psa-policy apply "
                      + planArg
                      + " --approve "
                      + plan.planHash()
                      + " with the connection options of the fetch (--site or --base-url,"
                      + " --credentials, --integration ...)");
        }
        return ExitCode.OK.code();
      }
      case REFUSED_CHANGED -> {
        ctx.err().println("psa-policy apply: refused: " + r.message());
        return ExitCode.PLAN_STALE.code();
      }
      default -> {
        // APPLIED or FAILED: below
      }
    }
    byte[] rollbackFile = PlanJson.write(r.rollback());
    OutputFiles.write(rollbackPath, rollbackFile);
    ctx.out().println(head + ": approved");
    printSteps(r, ctx);
    boolean verified = true;
    for (Apply.Verified v : r.verified()) {
      Action a =
          r.steps().stream()
              .map(Apply.Step::action)
              .filter(x -> x.id().equals(v.actionId()))
              .findFirst()
              .orElseThrow();
      verified &= v.ok(a);
      ctx.out()
          .println(
              (v.ok(a) ? "verified " : "NOT verified ")
                  + v.actionId()
                  + ": "
                  + v.cleared().size()
                  + " of "
                  + (v.cleared().size() + v.stillOpen().size())
                  + " claimed violation(s) gone"
                  + (v.stillOpen().isEmpty()
                      ? ""
                      : "; still reported: " + String.join(", ", v.stillOpen()))
                  + (v.appeared().isEmpty()
                      ? ""
                      : (a.clears().isEmpty() ? "; re-opened: " : "; new: ")
                          + String.join(", ", v.appeared())));
    }
    boolean incomplete = r.after() != null && !r.after().complete();
    if (incomplete) {
      ctx.err()
          .println(
              "psa-policy apply: cannot verify: the fetch after writing is incomplete: "
                  + String.join("; ", r.after().incomplete()));
    } else if (r.after() != null) {
      ctx.out()
          .println(
              r.otherChanges().isEmpty()
                  ? "verified: nothing else changed (every other principal and role as before)"
                  : "changed besides the actions: " + String.join("; ", r.otherChanges()));
    } else {
      ctx.err()
          .println(
              "psa-policy apply: cannot verify: the fetch after writing failed: "
                  + r.afterFetchProblem());
    }
    ctx.out()
        .println(
            "rollback plan "
                + r.rollback().planHash()
                + " written to "
                + rollbackArg
                + " ("
                + r.rollback().actions().size()
                + " action(s)): psa-policy apply "
                + rollbackArg
                + " --approve "
                + r.rollback().planHash()
                + " restores the previous roles");
    if (evidence != null) {
      if (r.afterCheck() == null) {
        ctx.err().println("psa-policy apply: no evidence pack: the fetch after writing failed");
      } else {
        evidence.write(
            r.afterCheck().report(), packInputs(r, policy, planFile, rollbackFile), ctx, name());
      }
    }
    if (r.outcome() == Apply.Outcome.FAILED) {
      ctx.err().println("psa-policy apply: stopped: " + r.message());
      return ExitCode.APPLY_FAILED.code();
    }
    if (r.after() == null || incomplete) {
      return ExitCode.INCOMPLETE_DATA.code();
    }
    return verified && r.otherChanges().isEmpty() ? ExitCode.OK.code() : ExitCode.VIOLATIONS.code();
  }

  private static void printSteps(Apply.Result r, Context ctx) {
    int manual = 0;
    for (Apply.Step s : r.steps()) {
      Action a = s.action();
      if (s.status() == Apply.Status.MANUAL) {
        manual++;
        continue;
      }
      String what =
          a.kind() == Action.Kind.REASSIGN
              ? a.principal().display()
                  + ": "
                  + (a.from() == null ? "?" : a.from().display())
                  + " -> "
                  + a.to().display()
              : a.principal().display();
      ctx.out()
          .println(
              s.instance().platform().id()
                  + " "
                  + s.instance().instance()
                  + " "
                  + a.id()
                  + " "
                  + a.kind().external()
                  + " "
                  + what
                  + ": "
                  + s.status().word()
                  + (s.note() == null ? "" : " (" + s.note() + ")")
                  + (a.clears().isEmpty()
                      ? ""
                      : "; clears " + a.clears().size() + " violation(s)"));
      ctx.out()
          .println(
              "  "
                  + switch (s.status()) {
                    case APPLIED -> "sent: ";
                    case FAILED -> "sent (failed): ";
                    case WOULD_APPLY -> "would send: ";
                    default -> "not sent: ";
                  }
                  + s.write());
    }
    if (manual > 0) {
      ctx.out()
          .println(
              manual
                  + " manual action(s) stay steps for an admin (psa-policy plan shows them); the"
                  + " next check verifies them");
    }
  }

  /** The pack's inputs: the after snapshot and policy, the plan, before, rollback, requests. */
  private static List<InputFile> packInputs(
      Apply.Result r, Policy policy, InputFile planFile, byte[] rollbackFile) throws IOException {
    List<InputFile> out = new ArrayList<>();
    out.add(r.after().input());
    out.addAll(policy.inputs());
    out.add(planFile);
    out.add(r.before().input());
    out.add(InputFile.of(InputKind.PLAN, Origin.FETCH, "rollback.json", null, rollbackFile));
    List<Map<String, Object>> requests = new ArrayList<>();
    reads(requests, "fetch before", r.responses());
    for (RecordedRequest w : r.writes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("phase", "write");
      m.put("method", w.method());
      m.put("path", w.path());
      m.put("status", w.status());
      m.put("body", w.body() == null ? null : new String(w.body(), StandardCharsets.UTF_8));
      requests.add(m);
    }
    reads(requests, "fetch after", r.afterResponses());
    out.add(
        InputFile.of(
            InputKind.RESPONSE,
            Origin.FETCH,
            "apply-requests.json",
            null,
            Json.MAPPER.writeValueAsBytes(requests)));
    return out;
  }

  private static void reads(
      List<Map<String, Object>> out, String phase, List<RecordedResponse> responses) {
    for (RecordedResponse resp : responses) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("phase", phase);
      m.put("method", resp.method());
      m.put("path", resp.path());
      m.put("status", resp.status());
      m.put("responseSha256", resp.sha256());
      out.add(m);
    }
  }
}
