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
import java.util.List;

/** The plan for a terminal: per instance its roles, least-privilege roles and actions. */
final class PlanText {
  private PlanText() {}

  static byte[] render(Plan plan) {
    Out b = new Out();
    String hash = PlanJson.hash(plan);
    List<Action> actions = plan.actions();
    long automated = actions.stream().filter(Action::automated).count();
    b.append("psa-policy plan ")
        .append(hash)
        .append('\n')
        .append(plan.instances().size())
        .append(" instance(s), ")
        .append(actions.size())
        .append(" action(s): ")
        .append(automated)
        .append(" automated (psa-policy apply), ")
        .append(actions.size() - automated)
        .append(" manual")
        .append('\n');
    for (InstancePlan i : plan.instances()) {
      Platform p = i.platform();
      b.append('\n').append(p.id()).append(' ').append(i.instance()).append('\n');
      for (RolePlan r : i.roles()) {
        b.append("  ")
            .append(Words.roleNoun(p))
            .append(' ')
            .append(r.role().display())
            .append(": ")
            .append(r.decision().external())
            .append(" - ")
            .append(r.reason())
            .append('\n');
        b.append("    blast radius:").append('\n');
        for (Holder h : r.holders()) {
          b.append("      ")
              .append(h.principal().display())
              .append("  ")
              .append(h.baselines().isEmpty() ? "(no baseline)" : String.join(", ", h.baselines()))
              .append("  ")
              .append(h.verdict().external())
              .append('\n');
          for (Shortfall s : h.shortfalls()) {
            b.append("        below what it needs: ")
                .append(s.module())
                .append(" / ")
                .append(s.function())
                .append(' ')
                .append(s.verb().word(p))
                .append(' ')
                .append(s.level().word(p))
                .append(" (needs ")
                .append(s.needed().word(p))
                .append(")")
                .append('\n');
          }
        }
        if (!r.changes().isEmpty()) {
          b.append("    changes:").append('\n');
          for (ModuleChange m : r.changes()) {
            for (FunctionChange f : m.functions()) {
              for (VerbChange v : f.verbs()) {
                b.append("      ")
                    .append(Words.where(p, m.module(), f.function(), f.setting()))
                    .append(": ")
                    .append(v.verb().word(p))
                    .append(' ')
                    .append(v.from().word(p))
                    .append(" -> ")
                    .append(v.to().word(p))
                    .append('\n');
              }
            }
          }
        }
        for (Keep k : r.keeps()) {
          b.append("    would keep: ")
              .append(k.principal().display())
              .append(' ')
              .append(k.module())
              .append(" / ")
              .append(k.function())
              .append(' ')
              .append(k.verb().word(p))
              .append(' ')
              .append(k.level().word(p))
              .append(" (allowed ")
              .append(k.allowed().word(p))
              .append(")")
              .append('\n');
        }
      }
      for (SynthesisedRole s : i.synthesised()) {
        b.append("  least-privilege ")
            .append(Words.roleNoun(p))
            .append(" '")
            .append(s.name())
            .append("' for ")
            .append(s.principal().display())
            .append(" (")
            .append(String.join(", ", s.baselines()))
            .append(")")
            .append(s.union() ? " union of its baselines, see " + s.unionRule() : "")
            .append(": ")
            .append(s.rows().size())
            .append(" row(s) above None; already satisfied by: ")
            .append(
                s.satisfiedBy().isEmpty()
                    ? "none"
                    : String.join(", ", s.satisfiedBy().stream().map(RoleRef::display).toList()))
            .append('\n');
        for (SynthesisedRole.Row row : s.rows()) {
          b.append("    ").append(Words.where(p, row.module(), row.function(), row.setting()));
          b.append(":");
          for (Verb v : Verb.values()) {
            b.append(' ').append(v.word(p)).append(' ').append(row.level(v).word(p));
          }
          b.append('\n');
        }
      }
      if (!i.actions().isEmpty()) {
        b.append("  actions:").append('\n');
      }
      for (Action a : i.actions()) {
        b.append("    ")
            .append(a.id())
            .append(' ')
            .append(a.automated() ? "[automated" : "[manual")
            .append(a.optIn() == null ? "" : ", only with apply " + a.optIn())
            .append("] ")
            .append(a.kind().external())
            .append(Words.subject(a))
            .append(": ")
            .append(a.reason())
            .append('\n');
        int n = 0;
        for (String s : a.steps()) {
          b.append("       ").append(++n).append(". ").append(s).append('\n');
        }
        if (!a.clears().isEmpty()) {
          b.append("       clears ").append(a.clears().size()).append(" finding(s)").append('\n');
        }
      }
    }
    b.append('\n')
        .append(
            plan.empty()
                ? "nothing to change"
                : "verify: after the steps, run psa-policy check with the same inputs")
        .append('\n');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The output: text from the input (names, reasons, steps) goes through {@link #append(String)},
   * which replaces line breaks and control characters ({@link Escape#terminal}), so no name can
   * forge a line; line breaks are written as characters.
   */
  private static final class Out {
    private final StringBuilder b = new StringBuilder();

    Out append(String s) {
      b.append(Escape.terminal(s));
      return this;
    }

    Out append(char c) {
      b.append(c);
      return this;
    }

    Out append(long n) {
      b.append(n);
      return this;
    }

    @Override
    public String toString() {
      return b.toString();
    }
  }
}
