package dev.psapolicy.render;

import dev.psapolicy.gate.Gate;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputRef;
import dev.psapolicy.input.Origin;
import dev.psapolicy.report.Disposition;
import dev.psapolicy.report.PrincipalInfo;
import dev.psapolicy.report.PrincipalInfo.GrantInfo;
import dev.psapolicy.report.Report;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.RuleRelaxation;
import dev.psapolicy.report.RunInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed reports for golden files: independent of the built-in rules and baselines (which change as
 * the catalogue grows), with every disposition, a principal-level finding, and text that needs
 * escaping in every format (markup, quotes, commas, pipes, a formula, a mention, non-ASCII, a
 * terminal escape sequence, a line break); "mixed" also lists rules the config relaxed,
 * "clean-incomplete" none (its outputs show that an unrelaxed run renders as before).
 */
public final class ReportFixtures {
  /** The run id of every fixture. */
  public static final String RUN_ID = "3f0c6a52-8d1e-4c2b-9a7f-2e5d4b1c0a99";

  /** The start time of every fixture. */
  public static final Instant STARTED = Instant.parse("2026-11-26T12:00:00Z");

  /** The ConnectWise API user most findings of the fixtures are about. */
  private static final Violation.Subject HATZ =
      new Violation.Subject(
          "connectwise", "acme.example", "187", "Hatz <AI> \"bot\", Inc.", "Integration|Hatz");

  private ReportFixtures() {}

  /** Fixture names, as used by the golden files. */
  public static List<String> names() {
    return List.of("mixed", "clean-incomplete");
  }

  /** A fixture by name. */
  public static Report get(String name) {
    return switch (name) {
      case "mixed" -> mixed();
      case "clean-incomplete" -> cleanIncomplete();
      default -> throw new IllegalArgumentException(name);
    };
  }

  static List<RuleInfo> rules() {
    return List.of(
        new RuleInfo(
            "CW-TICKET-ADD-ONLY",
            Severity.HIGH,
            null,
            "Service Tickets must be add-only where the baseline says so",
            "An integration that only creates tickets must not read, change or delete them.",
            "Set Edit, Delete and Inquire on Service Desk / Service Tickets to None.",
            "Hatz AI, ConnectWise Manage PSA Security Role Setup",
            "rules/connectwise.drl",
            12,
            true),
        new RuleInfo(
            "PSA-ADMIN-API-USER",
            Severity.CRITICAL,
            null,
            "API user with an admin role",
            "An admin API user can do anything a person can, including <script> & \"quotes\".",
            "Give the API user a dedicated least-privilege role.",
            "least privilege",
            "rules/general.drl",
            40,
            true),
        new RuleInfo(
            "PSA-OVERGRANT-DELETE",
            Severity.CRITICAL,
            Severity.HIGH,
            "Delete above the baselines",
            "Deleting is irreversible.",
            "Lower Delete to the baseline level.",
            "vendor guides",
            "rules/overgrant.drl",
            5,
            true),
        new RuleInfo(
            "PSA-OVERGRANT-INQUIRE",
            Severity.MEDIUM,
            Severity.LOW,
            "Inquire above the baselines",
            "Reading more than needed leaks data.",
            "Lower Inquire to the baseline level.",
            "vendor guides",
            "rules/overgrant.drl",
            60,
            true),
        new RuleInfo(
            "PSA-UNDERGRANT",
            Severity.LOW,
            null,
            "Missing permission",
            "The integration will break.",
            "Raise the level to the baseline's.",
            "vendor guides",
            "rules/undergrant.drl",
            3,
            true));
  }

  static Report mixed() {
    RunInfo run =
        new RunInfo(
            RUN_ID,
            STARTED,
            "0.1.0",
            List.of(
                new InputRef(
                    InputKind.SNAPSHOT,
                    Origin.FILE,
                    "snapshots/acme-cw.json",
                    null,
                    "1111111111111111111111111111111111111111111111111111111111111111"),
                new InputRef(
                    InputKind.SNAPSHOT,
                    Origin.DEMO,
                    "acme-autotask.json",
                    null,
                    "2222222222222222222222222222222222222222222222222222222222222222"),
                new InputRef(
                    InputKind.BASELINE,
                    Origin.BUILT_IN,
                    "baselines/hatz.yaml",
                    "hatz-ai-connectwise",
                    "3333333333333333333333333333333333333333333333333333333333333333"),
                new InputRef(
                    InputKind.RULES,
                    Origin.BUILT_IN,
                    "rules/general.drl",
                    null,
                    "4444444444444444444444444444444444444444444444444444444444444444")),
            9,
            true,
            List.of());
    PrincipalInfo cw =
        new PrincipalInfo(
            "connectwise",
            "acme.example",
            "187",
            "Hatz <AI> \"bot\", Inc.",
            "Integration|Hatz",
            List.of("hatz-ai-connectwise"),
            List.of(
                new GrantInfo("Service Desk", "Service Tickets", "add", "All"),
                new GrantInfo("Service Desk", "Service Tickets", "edit", "All"),
                new GrantInfo("Service Desk", "Service Tickets", "delete", "None"),
                new GrantInfo("Service Desk", "Service Tickets", "inquire", "My"),
                new GrantInfo("Time & Expense", "Time Entry", "add", "All"),
                new GrantInfo("Time & Expense", "Time Entry", "edit", "None"),
                new GrantInfo("Time & Expense", "Time Entry", "delete", "All"),
                new GrantInfo("Time & Expense", "Time Entry", "inquire", "None")),
            run.inputs().get(0),
            7,
            // a pattern with characters every format must escape
            new PrincipalInfo.AssignedBy("recognised", "name", "*Hatz <AI>*|\"x\""));
    PrincipalInfo at =
        new PrincipalInfo(
            "autotask",
            "eu.acme.example",
            "29682885",
            "=HYPERLINK(\"x\") @acme/security Zoë",
            "API User (system)\u001b[0m",
            List.of(),
            List.of(new GrantInfo("Service Desk", "Tickets", "delete", "My")),
            run.inputs().get(1),
            12);
    List<Violation> vs = new ArrayList<>();
    vs.add(
        new Violation(
            "CW-TICKET-ADD-ONLY",
            Severity.HIGH,
            "Service Tickets must be add-only where the baseline says so",
            "Hatz <AI> \"bot\", Inc. (187) holds Edit All on Service Desk / Service Tickets; the"
                + " baseline allows None.",
            HATZ,
            new Violation.Holding(
                new Cell("Service Desk", "Service Tickets"),
                Verb.EDIT,
                Level.ALL,
                Level.NONE,
                "All"),
            List.of("hatz-ai-connectwise"),
            "lower Edit on Service Desk / Service Tickets from All to None",
            2,
            Disposition.OPEN));
    vs.add(
        new Violation(
            "CW-TICKET-ADD-ONLY",
            Severity.HIGH,
            "Service Tickets must be add-only where the baseline says so",
            "Inquire My on Service Desk / Service Tickets; the baseline allows None.",
            HATZ,
            new Violation.Holding(
                new Cell("Service Desk", "Service Tickets"),
                Verb.INQUIRE,
                Level.MY,
                Level.NONE,
                "My"),
            List.of("hatz-ai-connectwise"),
            "lower Inquire on Service Desk / Service Tickets from My to None",
            1,
            Disposition.accepted("accepted.yaml")));
    vs.add(
        new Violation(
            "PSA-OVERGRANT-DELETE",
            Severity.CRITICAL,
            "Delete above the baselines",
            "Delete All on Time & Expense / Time Entry; the baseline allows My.",
            HATZ,
            new Violation.Holding(
                new Cell("Time & Expense", "Time Entry"), Verb.DELETE, Level.ALL, Level.MY, "All"),
            List.of("hatz-ai-connectwise"),
            "lower Delete on Time & Expense / Time Entry from All to My",
            1,
            Disposition.waived("W-12")));
    vs.add(
        new Violation(
            "PSA-ADMIN-API-USER",
            Severity.CRITICAL,
            "API user with an admin role",
            "=HYPERLINK(\"x\") @acme/security Zoë (29682885) is on an admin level | Full Access.",
            new Violation.Subject(
                "autotask",
                "eu.acme.example",
                "29682885",
                "=HYPERLINK(\"x\") @acme/security Zoë",
                "API User (system)\u001b[0m"),
            null,
            List.of(),
            "move the API user to a dedicated least-privilege security level",
            0,
            null));
    vs.add(
        new Violation(
            "PSA-UNDERGRANT",
            Severity.LOW,
            "Missing permission",
            "Add None on Time & Expense / Time Entry; the baseline needs All,\nor sync breaks.",
            HATZ,
            new Violation.Holding(
                new Cell("Time & Expense", "Time Entry"), Verb.EDIT, Level.NONE, Level.ALL, null),
            List.of("hatz-ai-connectwise"),
            "raise Edit on Time & Expense / Time Entry from None to All",
            -2,
            null));
    // a finding about no covered principal, as invalid waivers produce
    vs.add(
        new Violation(
            "PSA-WAIVER-INVALID",
            Severity.HIGH,
            "Invalid waiver",
            "waiver W-7 (waivers.yaml:3:5) waives nothing: expired on 2026-10-30",
            new Violation.Subject("connectwise", "*", "189", null, null),
            null,
            List.of(),
            "renew waiver W-7 with a fresh approval or delete it",
            0,
            null));
    // the config lowered one rule (declared high, listed at medium) and disabled another
    return new Report(
        run,
        List.of(at, cw),
        rules(),
        vs,
        Gate.decide(vs, Severity.HIGH, run.complete()),
        List.of(
            new RuleRelaxation(
                "PSA-OVERGRANT-INQUIRE",
                Severity.HIGH,
                Severity.MEDIUM,
                "ci/psa-policy.yaml",
                7,
                3),
            new RuleRelaxation(
                "CW-TIME-ENTRY-DELETE-MY", Severity.HIGH, null, "ci/psa-policy.yaml", 3, 11)));
  }

  static Report cleanIncomplete() {
    RunInfo run =
        new RunInfo(
            RUN_ID,
            STARTED,
            "0.1.0",
            List.of(
                new InputRef(
                    InputKind.SNAPSHOT,
                    Origin.FILE,
                    "/abs/path with space/at.yaml",
                    null,
                    "5555555555555555555555555555555555555555555555555555555555555555")),
            1,
            false,
            List.of(
                "autotask eu.acme.example: 429 Too Many Requests on"
                    + " /Resources/query after 5 tries"));
    PrincipalInfo at =
        new PrincipalInfo(
            "autotask",
            "eu.acme.example",
            "1",
            "",
            "Integration",
            List.of("rewst-autotask"),
            List.of(new GrantInfo("CRM", "Companies", "inquire", "All")),
            run.inputs().get(0),
            0,
            new PrincipalInfo.AssignedBy("declared", null, null));
    return new Report(
        run,
        List.of(at),
        rules().subList(0, 1),
        List.of(),
        Gate.decide(List.of(), Severity.MEDIUM, run.complete()));
  }
}
