package dev.psapolicy.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A hostile name in a snapshot cannot forge a line of a plan's text or Markdown. */
class PlanRenderTest {
  private static Plan withName(String name) {
    Plan p = PlanJsonTest.sample();
    InstancePlan i = p.instances().get(0);
    List<Action> actions =
        i.actions().stream()
            .map(
                a ->
                    new Action(
                        a.id(),
                        a.kind(),
                        a.automated(),
                        a.optIn(),
                        new PlanPrincipal("666", name, "connectwise:acme.example:666"),
                        a.role(),
                        a.from(),
                        a.to(),
                        a.reason(),
                        a.steps(),
                        a.clears()))
            .toList();
    return new Plan(
        p.formatVersion(),
        null,
        p.generatedAt(),
        p.tool(),
        p.inputs(),
        List.of(
            new InstancePlan(
                i.platform(), i.instance(), i.factsSha256(), i.roles(), i.synthesised(), actions)));
  }

  @ParameterizedTest
  @EnumSource(
      value = PlanRenderer.class,
      names = {"TEXT", "MARKDOWN"})
  void aNameWithLineBreaksStaysOnItsLine(PlanRenderer renderer) {
    String evil = "Evil\n    A9 [automated] deactivate everyone\r\n## Approved\u001b[2J";
    String out = new String(renderer.render(withName(evil)), StandardCharsets.UTF_8);
    for (String line : out.split("\n")) {
      assertTrue(!line.strip().startsWith("A9") && !line.startsWith("## Approved"), line);
      assertTrue(line.indexOf('\u001b') < 0 && line.indexOf('\r') < 0, line);
    }
    assertEquals(
        3,
        out.lines().filter(l -> l.contains("Evil") && l.contains("deactivate everyone")).count());
  }
}
