package dev.psapolicy.plan;

import dev.psapolicy.plan.RolePlan.FunctionChange;
import dev.psapolicy.plan.RolePlan.Holder;
import dev.psapolicy.plan.RolePlan.Keep;
import dev.psapolicy.plan.RolePlan.ModuleChange;
import dev.psapolicy.plan.RolePlan.Shortfall;
import dev.psapolicy.plan.RolePlan.VerbChange;
import dev.psapolicy.render.Escape;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The plan as a change ticket an admin can follow: per instance, per role its blast radius table
 * and decision, then the actions as numbered steps with check boxes, the least-privilege roles as
 * tables, and how to verify. Every value from the input is escaped ({@link Escape#markdown}).
 */
final class PlanMarkdown {
  private PlanMarkdown() {}

  static byte[] render(Plan plan) {
    StringBuilder b = new StringBuilder();
    List<Action> all = plan.actions();
    long automated = all.stream().filter(Action::automated).count();
    b.append("# Remediation plan\n\n");
    b.append("- Plan hash: `").append(PlanJson.hash(plan)).append("`\n");
    b.append("- Made by psa-policy ")
        .append(Escape.markdown(plan.tool().version()))
        .append(plan.generatedAt() == null ? "" : " at " + plan.generatedAt())
        .append('\n');
    b.append("- Actions: ")
        .append(all.size())
        .append(" (")
        .append(automated)
        .append(" automated by `psa-policy apply`, ")
        .append(all.size() - automated)
        .append(" manual)\n");
    for (InstancePlan i : plan.instances()) {
      Platform p = i.platform();
      b.append("\n## ")
          .append(p.label())
          .append(" ")
          .append(Escape.markdown(i.instance()))
          .append("\n");
      b.append("\n### ")
          .append(p == Platform.AUTOTASK ? "Security levels" : "Security roles")
          .append("\n");
      Set<String> done = new HashSet<>();
      for (RolePlan r : i.roles()) {
        b.append("\n#### ")
            .append(Escape.markdown(r.role().display()))
            .append(": ")
            .append(r.decision().external())
            .append("\n\n")
            .append(Escape.markdown(r.reason()))
            .append("\n\n");
        b.append("Blast radius:\n\n| API user | Baselines | After the change |\n|---|---|---|\n");
        for (Holder h : r.holders()) {
          b.append("| ")
              .append(Escape.markdown(h.principal().display()))
              .append(" | ")
              .append(
                  h.baselines().isEmpty()
                      ? "(none)"
                      : Escape.markdown(String.join(", ", h.baselines())))
              .append(" | ")
              .append(h.verdict().external());
          List<String> below = new ArrayList<>();
          for (Shortfall s : h.shortfalls()) {
            below.add(
                s.module()
                    + " / "
                    + s.function()
                    + " "
                    + s.verb().word(p)
                    + " "
                    + s.level().word(p)
                    + " (needs "
                    + s.needed().word(p)
                    + ")");
          }
          if (!below.isEmpty()) {
            b.append(": ").append(Escape.markdown(String.join("; ", below)));
          }
          b.append(" |\n");
        }
        if (!r.changes().isEmpty()) {
          b.append("\nChanges:\n\n| Setting | Permission | From | To |\n|---|---|---|---|\n");
          for (ModuleChange m : r.changes()) {
            for (FunctionChange f : m.functions()) {
              for (VerbChange v : f.verbs()) {
                b.append("| ")
                    .append(Escape.markdown(Words.where(p, m.module(), f.function(), f.setting())))
                    .append(" | ")
                    .append(v.verb().word(p))
                    .append(" | ")
                    .append(v.from().word(p))
                    .append(" | ")
                    .append(v.to().word(p))
                    .append(" |\n");
              }
            }
          }
        }
        if (!r.keeps().isEmpty()) {
          b.append("\nWhy not edit it: an edit that every holder can live with would leave\n\n");
          for (Keep k : r.keeps()) {
            b.append("- ")
                .append(
                    Escape.markdown(
                        k.principal().display()
                            + " would keep "
                            + k.module()
                            + " / "
                            + k.function()
                            + " "
                            + k.verb().word(p)
                            + " at "
                            + k.level().word(p)
                            + " (its baselines allow "
                            + k.allowed().word(p)
                            + ")"))
                .append('\n');
          }
        }
        for (Action a : i.actions()) {
          if (ofRole(a, r.role()) && done.add(a.id())) {
            action(b, a);
          }
        }
      }
      List<Action> other = new ArrayList<>();
      for (Action a : i.actions()) {
        if (!done.contains(a.id())) {
          other.add(a);
        }
      }
      if (!other.isEmpty()) {
        b.append("\n### Other steps\n");
      }
      for (Action a : other) {
        action(b, a);
      }
      if (i.actions().isEmpty()) {
        b.append("\nNothing to change.\n");
      }
      if (!i.synthesised().isEmpty()) {
        b.append("\n### Least-privilege ")
            .append(p == Platform.AUTOTASK ? "security levels" : "security roles")
            .append("\n");
      }
      for (SynthesisedRole s : i.synthesised()) {
        b.append("\n#### ")
            .append(Escape.markdown(s.name()))
            .append("\n\nFor ")
            .append(Escape.markdown(s.principal().display()))
            .append(", serving ")
            .append(Escape.markdown(String.join(", ", s.baselines())))
            .append(". Every setting not listed: None.");
        if (s.union()) {
          b.append(" It is the union of several baselines: see ")
              .append(s.unionRule())
              .append(" (one API user per integration).");
        }
        b.append(" Existing roles that already satisfy it: ")
            .append(
                s.satisfiedBy().isEmpty()
                    ? "none"
                    : Escape.markdown(
                        String.join(", ", s.satisfiedBy().stream().map(RoleRef::display).toList())))
            .append(".\n\n| Setting |");
        for (Verb v : Verb.values()) {
          b.append(' ').append(v.word(p)).append(" |");
        }
        b.append("\n|---|---|---|---|---|\n");
        for (SynthesisedRole.Row row : s.rows()) {
          b.append("| ")
              .append(Escape.markdown(Words.where(p, row.module(), row.function(), row.setting())))
              .append(" |");
          for (Verb v : Verb.values()) {
            b.append(' ').append(row.level(v).word(p)).append(" |");
          }
          b.append('\n');
        }
      }
    }
    b.append("\n## Verify\n\n")
        .append(
            "- [ ] After the steps, run `psa-policy check` with the same inputs: the findings"
                + " the steps clear are gone.\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Whether an action belongs under a role: it edits the role, or moves a holder off it. */
  private static boolean ofRole(Action a, RoleRef role) {
    return (a.from() != null && a.from().sameAs(role))
        || (a.role() != null && a.from() == null && a.role().sameAs(role));
  }

  /** One action: what and why, its steps as numbered check boxes, what it clears. */
  private static void action(StringBuilder b, Action a) {
    b.append("\n**")
        .append(a.id())
        .append(" ")
        .append(a.kind().external())
        .append(Escape.markdown(Words.subject(a)))
        .append("** (")
        .append(
            a.automated()
                ? "automated: `psa-policy apply`"
                    + (a.optIn() == null ? "" : " with " + Escape.markdown(a.optIn()))
                : "manual")
        .append("): ")
        .append(Escape.markdown(a.reason()))
        .append("\n\n");
    int n = 0;
    for (String s : a.steps()) {
      b.append(++n).append(". [ ] ").append(Escape.markdown(s)).append('\n');
    }
    if (!a.clears().isEmpty()) {
      b.append(n == 0 ? "" : "\n")
          .append("Clears ")
          .append(a.clears().size())
          .append(" finding(s): ")
          .append(String.join(", ", a.clears().stream().map(c -> "`" + c + "`").toList()))
          .append('\n');
    }
  }
}
