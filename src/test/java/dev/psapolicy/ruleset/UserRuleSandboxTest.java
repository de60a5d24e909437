package dev.psapolicy.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * User rules are code: each attack of issue 11 ("User rules are code: confine them") fails with one
 * line naming the rule's file:line and a documented exit code, in check, validate and test. On the
 * main branch before the sandbox every one of them worked: the exits ended the test JVM with 0, the
 * halt and the delete passed the gate, getenv printed the key, the loops hung and the deep
 * expression and the recursion overflowed the stack.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UserRuleSandboxTest {
  @TempDir Path dir;

  private static final String SNAPSHOT =
      """
      formatVersion: 1
      platform: connectwise
      instance: acme.example
      principals:
        - id: "187"
          name: Hatz AI
          role: Integration-Hatz
          integrations: [hatz-ai-connectwise]
          grants:
            - { module: Service Desk, function: Service Tickets, add: All, edit: All, delete: None, inquire: None }
      """;

  private static final String HEAD =
      """
      package acme.rules;
      import dev.psapolicy.facts.*;
      global dev.psapolicy.ruleapi.Findings findings;

      """;

  /** A rule declared on line 5 of my-rules/a.drl. */
  private static String rule(String name, String when, String then) {
    return HEAD
        + "rule \""
        + name
        + "\"\n  @id(\""
        + name
        + "\") @severity(\"high\") @title(\"t\")\nwhen\n  "
        + when
        + "\nthen\n  "
        + then
        + "\nend\n";
  }

  private void write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private Cli.Result check(String drl, String... more) throws IOException {
    write("s.yaml", SNAPSHOT);
    write("my-rules/a.drl", drl);
    String[] args = new String[5 + more.length];
    args[0] = "check";
    args[1] = "--snapshot";
    args[2] = "s.yaml";
    args[3] = "--rules";
    args[4] = "my-rules";
    System.arraycopy(more, 0, args, 5, more.length);
    return new Cli(dir).run(args);
  }

  private static String refused(int line, String who, String what) {
    return "my-rules/a.drl:"
        + line
        + ": "
        + who
        + " uses "
        + what
        + ", which user rules may not use (see docs/security-model.md)\n";
  }

  private static void assertRefused(Cli.Result r, String expected) {
    assertEquals(3, r.exit(), r.out() + r.err());
    assertEquals(expected, r.err());
    assertEquals("", r.out());
  }

  @Test
  void systemExitInAConsequence() throws IOException {
    Cli.Result r = check(rule("ACME-EXIT", "$g : Grant()", "System.exit(0);"));
    assertRefused(r, refused(5, "rule \"ACME-EXIT\"", "java.lang.System.exit"));
  }

  @Test
  void systemExitInTheEvalOfADisabledRule() throws IOException {
    write("psa-policy.yaml", "disable: [ACME-EVAL]\n");
    Cli.Result r =
        check(
            HEAD
                + """
                function boolean bye() {
                  System.exit(0);
                  return true;
                }

                rule "ACME-EVAL"
                  @id("ACME-EVAL") @severity("high") @title("t")
                when
                  eval(bye())
                then
                end
                """);
    assertRefused(r, refused(5, "function bye", "java.lang.System.exit"));
  }

  @Test
  void aRefusedCallInAnEvalIsBlamedOnItsRule() throws IOException {
    Cli.Result r =
        check(
            rule(
                "ACME-EVAL",
                "eval(Runtime.getRuntime().availableProcessors() > 0)",
                "findings.toString();"));
    assertRefused(
        r,
        refused(
            5,
            "rule \"ACME-EVAL\"",
            "java.lang.Runtime.getRuntime, java.lang.Runtime.availableProcessors"));
  }

  @Test
  void droolsHalt() throws IOException {
    Cli.Result r = check(rule("ACME-HALT", "$g : Grant()", "drools.halt();"));
    assertRefused(r, refused(5, "rule \"ACME-HALT\"", "drools.halt()"));
  }

  @Test
  void deleteOfABuiltInFact() throws IOException {
    Cli.Result r = check(rule("ACME-DELETE", "$g : Grant()", "delete($g);"));
    assertRefused(r, refused(5, "rule \"ACME-DELETE\"", "delete/retract of a fact"));
  }

  @Test
  void getenvOfTheSigningKey() throws IOException {
    Cli.Result r =
        check(
            rule(
                "ACME-ENV",
                "$g : Grant()",
                "findings.grant($g, System.getenv(\"PSA_POLICY_SIGNING_KEY\"), \"x\");"));
    assertRefused(r, refused(5, "rule \"ACME-ENV\"", "java.lang.System.getenv"));
  }

  @Test
  void runtimeExec() throws IOException {
    Cli.Result r =
        check(rule("ACME-EXEC", "$g : Grant()", "Runtime.getRuntime().exec(\"touch pwned\");"));
    assertRefused(
        r,
        refused(5, "rule \"ACME-EXEC\"", "java.lang.Runtime.getRuntime, java.lang.Runtime.exec"));
    assertFalse(Files.exists(dir.resolve("pwned")));
  }

  @Test
  void fileReadThroughJavaNio() throws IOException {
    Cli.Result r =
        check(
            rule(
                "ACME-READ",
                "$g : Grant()",
                "findings.grant($g, java.nio.file.Files.readString("
                    + "java.nio.file.Path.of(\"/etc/hostname\")), \"x\");"));
    assertRefused(
        r,
        refused(5, "rule \"ACME-READ\"", "java.nio.file.Path.of, java.nio.file.Files.readString"));
  }

  @Test
  void reflection() throws IOException {
    Cli.Result r =
        check(
            rule(
                "ACME-REFLECT",
                "$g : Grant()",
                "Object rt = Class.forName(\"java.lang.Runtime\").getMethod(\"getRuntime\")"
                    + ".invoke(null);"));
    assertRefused(
        r,
        refused(
            5,
            "rule \"ACME-REFLECT\"",
            "java.lang.Class.forName, java.lang.Class, java.lang.Class.getMethod,"
                + " java.lang.reflect.Method.invoke"));
  }

  @Test
  void updateLoopIsRefusedAtLoad() throws IOException {
    Cli.Result r = check(rule("ACME-LOOP", "$p : Principal()", "update($p);"));
    assertRefused(r, refused(5, "rule \"ACME-LOOP\"", "update/modify of a fact"));
  }

  @Test
  void aRunawayRuleSetEndsAtTheFiringBudget() throws IOException {
    Cli.Result r =
        check(
            HEAD
                + """
                declare Tick
                  n : int
                end

                rule "ACME-TICK"
                  @id("ACME-TICK") @severity("low") @title("tick")
                when
                  $t : Tick()
                then
                  insert(new Tick($t.getN() + 1));
                end

                rule "ACME-TICK-START"
                  @id("ACME-TICK-START") @severity("low") @title("start")
                when
                  Principal()
                then
                  insert(new Tick(0));
                end
                """,
            "--max-firings",
            "1000");
    assertEquals(5, r.exit(), r.out() + r.err());
    assertEquals(
        "psa-policy check: rule budget exceeded: more than 1,000 rule firings in one session"
            + " (ruleBudget.maxFirings in the policy config, --max-firings); the rule that fired"
            + " most is rule \"ACME-TICK\" (my-rules/a.drl:9), 1,001 times\n",
        r.err());
    assertEquals("", r.out());
  }

  @Test
  void whileTrueInAConsequenceEndsAtTheTimeBudget() throws IOException {
    write("psa-policy.yaml", "ruleBudget:\n  seconds: 2\n");
    long t0 = System.nanoTime();
    Cli.Result r = check(rule("ACME-SPIN", "$p : Principal()", "while (true) { }"));
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    assertEquals(5, r.exit(), r.out() + r.err());
    assertEquals(
        "psa-policy check: rule budget exceeded: the evaluation ran longer than 2 s"
            + " (ruleBudget.seconds in the policy config, --rule-timeout); rule \"ACME-SPIN\""
            + " (my-rules/a.drl:5) was running; the rule that fired most is rule"
            + " \"CW-TICKET-ADD-ONLY\" (builtin:rules/guides.drl:9), 1 time\n",
        r.err());
    assertTrue(seconds < 60, seconds + " s");
  }

  @Test
  void aLoopInAConditionEndsAtTheTimeBudgetNamingTheFunction() throws IOException {
    Cli.Result r =
        check(
            HEAD
                + """
                function boolean spin(String s) {
                  int i = 0;
                  while (s != null) { i++; }
                  return i > 0;
                }

                rule "ACME-COND"
                  @id("ACME-COND") @severity("low") @title("t")
                when
                  $p : Principal(spin(name))
                then
                  findings.principal($p, "x", "y");
                end
                """,
            "--rule-timeout",
            "1");
    assertEquals(5, r.exit(), r.out() + r.err());
    assertEquals(
        "psa-policy check: rule budget exceeded: the evaluation ran longer than 1 s"
            + " (ruleBudget.seconds in the policy config, --rule-timeout); function spin"
            + " (my-rules/a.drl:5) was running; no rule had fired\n",
        r.err());
  }

  @Test
  void aDeepParenthesisNest() throws IOException {
    String deep = "(".repeat(5000) + "1" + ")".repeat(5000);
    Cli.Result r = check(rule("ACME-DEEP", "$g : Grant(rank > " + deep + ")", ""));
    assertEquals(3, r.exit(), r.out() + r.err());
    assertEquals(
        "my-rules/a.drl:8:120: expression nested more than 100 levels deep; split it into"
            + " smaller constraints or functions\n",
        r.err());
  }

  @Test
  void aLongOperatorChain() throws IOException {
    String chain = String.join(" + ", Collections.nCopies(5000, "1"));
    Cli.Result r = check(rule("ACME-LONG", "$g : Grant(rank > " + chain + ")", ""));
    assertEquals(3, r.exit(), r.out() + r.err());
    assertEquals(
        "my-rules/a.drl:8:1219: expression chains more than 300 operators; split it into"
            + " smaller constraints or functions\n",
        r.err());
  }

  @Test
  void aRecursiveFunction() throws IOException {
    Cli.Result r =
        check(
            HEAD
                + """
                function int depth(int n) {
                  return depth(n + 1) + 1;
                }

                rule "ACME-REC"
                  @id("ACME-REC") @severity("low") @title("t")
                when
                  $p : Principal()
                then
                  findings.principal($p, "depth " + depth(0), "x");
                end
                """);
    assertRefused(r, refused(5, "function depth", "recursion (depth -> depth)"));
  }

  @Test
  void annotationValuesAreNotEvaluatedAtBuild() throws IOException {
    Cli.Result r =
        check(
            HEAD
                + """
                rule "ACME-META"
                  @id("ACME-META") @severity("high") @title("t") @note(System.exit(42))
                when
                  $g : Grant()
                then
                end
                """);
    assertEquals(3, r.exit(), r.out() + r.err());
    assertEquals(
        "my-rules/a.drl:5: rule \"ACME-META\": the value of @note must be a literal (a string,"
            + " number, true/false or a name), found System.exit(42)\n",
        r.err());
  }

  @Test
  void aRuleThatThrowsIsOneLineNamingIt() throws IOException {
    Cli.Result r =
        check(
            rule(
                "ACME-DIV",
                "$p : Principal()",
                "findings.principal($p, \"x\" + (1 / ($p.name().length() - 7)), \"y\");"));
    assertEquals(5, r.exit(), r.out() + r.err());
    assertEquals(
        "psa-policy check: rule \"ACME-DIV\" (my-rules/a.drl:5) failed: ArithmeticException: /"
            + " by zero\n",
        r.err());
  }

  @Test
  void validateAndTestRefuseTheSameWay() throws IOException {
    write("my-rules/a.drl", rule("ACME-EXIT", "$g : Grant()", "System.exit(0);"));
    String expected = refused(5, "rule \"ACME-EXIT\"", "java.lang.System.exit");
    Cli.Result v = new Cli(dir).run("validate", "my-rules");
    assertEquals(3, v.exit(), v.out() + v.err());
    assertTrue(v.err().contains(expected), v.err());
    Files.createDirectories(dir.resolve("cases"));
    Cli.Result t = new Cli(dir).run("test", "--rules", "my-rules", "--coverage");
    assertEquals(3, t.exit(), t.out() + t.err());
    assertEquals(expected, t.err());
  }

  @Test
  void aLegitimateUserRuleStillWorks() throws IOException {
    // A declared type, a function, an accumulate, insertLogical of a claim and the findings
    // calls: all inside the allow-list. The claim makes the built-in generic rule stand down.
    Cli.Result r =
        check(
            HEAD
                + """
                import java.util.List;
                import java.util.ArrayList;

                declare Note
                  text : String
                end

                function String shout(String s) {
                  return s.toUpperCase() + "!" + Math.max(1, 2);
                }

                rule "ACME-TICKET-EDIT"
                  @id("ACME-TICKET-EDIT") @severity("high") @title("No ticket edits")
                  salience 20
                when
                  $g : Grant(functionName == "Service Tickets", verb == Verb.EDIT, rank > 0)
                  $n : Number(intValue > 0) from accumulate(Grant(principalKey == $g.principalKey), count(1))
                then
                  List<String> parts = new ArrayList<>();
                  parts.add(shout($g.cell()));
                  insertLogical(new Claim($g, "ACME-TICKET-EDIT"));
                  insert(new Note(String.join(",", parts)));
                  findings.grant($g, "edit on " + parts + " of " + $n + " grants", "lower it");
                end
                """,
            "--format",
            "json");
    assertEquals(1, r.exit(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().contains("\"ruleId\" : \"ACME-TICKET-EDIT\""), r.out());
    assertTrue(r.out().contains("SERVICE DESK / SERVICE TICKETS!2"), r.out());
  }

  @Test
  void theBudgetsAreValidatedWhereTheyAreGiven() throws IOException {
    write("psa-policy.yaml", "ruleBudget:\n  seconds: 0\n  maxFiring: 5\n");
    Cli.Result r = check(rule("ACME-OK", "$g : Grant()", ""));
    assertEquals(3, r.exit(), r.out() + r.err());
    assertEquals(
        "psa-policy.yaml:2:12: 'seconds' must be from 1 to 86400, found 0\n"
            + "psa-policy.yaml:3:3: unknown key 'maxFiring' (did you mean 'maxFirings'?)\n",
        r.err());
    Files.delete(dir.resolve("psa-policy.yaml"));
    Cli.Result flag = check(rule("ACME-OK", "$g : Grant()", ""), "--rule-timeout", "soon");
    assertEquals(2, flag.exit(), flag.out() + flag.err());
    assertEquals(
        "psa-policy check: --rule-timeout must be a whole number from 1 to 86400, found 'soon'"
            + " (see psa-policy check --help)\n",
        flag.err());
  }
}
