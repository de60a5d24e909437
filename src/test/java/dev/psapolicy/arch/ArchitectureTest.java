package dev.psapolicy.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import dev.psapolicy.render.Escape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of STYLE.md: data flows one way (source -> facts -> engine -> report -> render), the
 * CLI sits on top and nothing depends on it.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.psapolicy");
  }

  /**
   * The allow-list of layers: every package of psa-policy belongs to one, and each layer names the
   * layers that may use it. A new package fails {@link #everyPackageIsInALayer} until it is placed.
   */
  private static final String[][] LAYERS = {
    {"Cli", "dev.psapolicy.cli.."},
    {"Dashboard", "dev.psapolicy.service.dashboard.."},
    {"Alert", "dev.psapolicy.alert.."},
    {"ServiceApi", "dev.psapolicy.service.api.."},
    {"History", "dev.psapolicy.service.history.."},
    {"Service", "dev.psapolicy.service"},
    {"Authoring", "dev.psapolicy.ruletest..", "dev.psapolicy.validate.."},
    {"Drift", "dev.psapolicy.drift.."},
    {"Run", "dev.psapolicy.run.."},
    {"Plan", "dev.psapolicy.plan.."},
    {"Policy", "dev.psapolicy.policy.."},
    {"Engine", "dev.psapolicy.engine..", "dev.psapolicy.rules.."},
    {"RuleApi", "dev.psapolicy.ruleapi.."},
    {"RuleSet", "dev.psapolicy.ruleset.."},
    {"Baseline", "dev.psapolicy.baseline.."},
    {"Catalog", "dev.psapolicy.catalog.."},
    {"Waiver", "dev.psapolicy.waiver.."},
    {"Gate", "dev.psapolicy.gate.."},
    {"Render", "dev.psapolicy.render.."},
    {"Evidence", "dev.psapolicy.evidence.."},
    {"Source", "dev.psapolicy.source.."},
    {"Simulator", "dev.psapolicy.simulator.."},
    {"Facts", "dev.psapolicy.facts.."},
    {"Report", "dev.psapolicy.report.."},
    {"Vocabulary", "dev.psapolicy.vocabulary.."},
    {"Input", "dev.psapolicy.input.."},
  };

  @Test
  void layersAreUsedOnlyFromAbove() {
    LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String[] layer : LAYERS) {
      arch = arch.layer(layer[0]).definedBy(Arrays.copyOfRange(layer, 1, layer.length));
    }
    arch.whereLayer("Cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("ServiceApi")
        .mayOnlyBeAccessedByLayers("Cli")
        .whereLayer("Service")
        .mayOnlyBeAccessedByLayers("Cli", "ServiceApi")
        .whereLayer("History")
        .mayOnlyBeAccessedByLayers("Cli", "Service", "ServiceApi")
        .whereLayer("Authoring")
        .mayOnlyBeAccessedByLayers("Cli")
        .whereLayer("Dashboard")
        .mayOnlyBeAccessedByLayers("Cli", "Service", "ServiceApi")
        .whereLayer("Alert")
        .mayOnlyBeAccessedByLayers("Cli", "Service", "History", "Policy")
        .whereLayer("Drift")
        .mayOnlyBeAccessedByLayers("Cli", "Service", "Alert")
        .whereLayer("Run")
        .mayOnlyBeAccessedByLayers("Service", "Cli", "Authoring")
        .whereLayer("Plan")
        .mayOnlyBeAccessedByLayers("Cli", "Run")
        .whereLayer("Policy")
        .mayOnlyBeAccessedByLayers("Service", "ServiceApi", "Cli", "Authoring", "Run")
        .whereLayer("Engine")
        .mayOnlyBeAccessedByLayers("Service", "Cli", "Authoring", "Run", "Policy")
        .whereLayer("RuleApi")
        .mayOnlyBeAccessedByLayers("Engine")
        .whereLayer("RuleSet")
        .mayOnlyBeAccessedByLayers("Cli", "Authoring", "Run", "Engine")
        .whereLayer("Baseline")
        .mayOnlyBeAccessedByLayers("Cli", "Authoring", "Run", "Plan", "Policy", "Engine")
        .whereLayer("Catalog")
        .mayOnlyBeAccessedByLayers("Cli", "Authoring", "Run", "Plan", "Engine", "Baseline")
        .whereLayer("Waiver")
        .mayOnlyBeAccessedByLayers("Cli", "Service", "Authoring", "Run", "Policy", "Alert")
        .whereLayer("Gate")
        .mayOnlyBeAccessedByLayers("Service", "Cli", "Run", "Engine", "Evidence")
        .whereLayer("Render")
        .mayOnlyBeAccessedByLayers(
            "Service", "ServiceApi", "Cli", "Authoring", "Drift", "Plan", "Evidence", "Dashboard")
        .whereLayer("Evidence")
        .mayOnlyBeAccessedByLayers("Service", "Cli", "Drift")
        .whereLayer("Source")
        .mayOnlyBeAccessedByLayers("Service", "Cli", "Authoring", "Drift", "Run", "Plan", "Alert")
        .whereLayer("Simulator")
        .mayOnlyBeAccessedByLayers("Cli", "Run")
        .whereLayer("Facts")
        .mayOnlyBeAccessedByLayers(
            "Service",
            "Cli",
            "Authoring",
            "Drift",
            "Run",
            "Plan",
            "Policy",
            "Engine",
            "RuleApi",
            "Source",
            "Simulator")
        .whereLayer("Report")
        .mayOnlyBeAccessedByLayers(
            "Service",
            "ServiceApi",
            "History",
            "Cli",
            "Alert",
            "Authoring",
            "Drift",
            "Run",
            "Plan",
            "Policy",
            "Engine",
            "RuleSet",
            "Waiver",
            "Gate",
            "Render",
            "Evidence")
        .check(classes);
  }

  @Test
  void everyPackageIsInALayer() {
    List<String> prefixes = new ArrayList<>();
    List<String> exact = new ArrayList<>();
    for (String[] layer : LAYERS) {
      for (int i = 1; i < layer.length; i++) {
        if (layer[i].endsWith("..")) {
          prefixes.add(layer[i].substring(0, layer[i].length() - 2));
        } else {
          exact.add(layer[i]); // the package alone, not its sub-packages
        }
      }
    }
    Set<String> outside = new TreeSet<>();
    for (JavaClass c : classes) {
      String p = c.getPackageName();
      if (!exact.contains(p)
          && prefixes.stream().noneMatch(x -> p.equals(x) || p.startsWith(x + "."))) {
        outside.add(p);
      }
    }
    Assertions.assertEquals(Set.of(), outside, "packages in no layer of ArchitectureTest.LAYERS");
  }

  @Test
  void everyPackageSaysWhatItOwns() {
    Set<String> missing = new TreeSet<>();
    for (JavaClass c : classes) {
      String p = c.getPackageName();
      if (!p.startsWith("dev.psapolicy.rules")
          && !Files.isRegularFile(
              Path.of("src/main/java", p.replace('.', '/'), "package-info.java"))) {
        missing.add(p);
      }
    }
    Assertions.assertEquals(Set.of(), missing, "packages without package-info.java");
  }

  /** A qualified type name written in code: {@code java.util.List}, {@code dev.psapolicy.x.Y}. */
  private static final Pattern INLINE_NAME =
      Pattern.compile(
          "(?<![\\w.])(?:dev|java|javax|com|org|net)\\.(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*");

  @Test
  void sourcesNameTypesByImport() throws IOException {
    // the check itself: code is flagged, text (a DRL snippet, a message) and imports are not
    Assertions.assertEquals(
        List.of("java.util.List"), inlineNames("x = java.util.List.of(); // java.util.Map"));
    Assertions.assertEquals(
        List.of(),
        inlineNames("import java.util.List;\ns = \"global dev.psapolicy.ruleapi.Findings f;\";"));
    Set<String> found = new TreeSet<>();
    for (String root : List.of("src/main/java", "src/test/java")) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          inlineNames(Files.readString(f)).forEach(n -> found.add(f + ": " + n));
        }
      }
    }
    Assertions.assertEquals(Set.of(), found, "inline qualified names (import them)");
  }

  /** The qualified type names a Java source writes in code, outside imports, strings, comments. */
  private static List<String> inlineNames(String source) {
    StringBuilder code = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      int end;
      if (source.startsWith("\"\"\"", i)) {
        end = source.indexOf("\"\"\"", i + 3) + 3;
      } else if (c == '"' || c == '\'') {
        end = i + 1;
        while (source.charAt(end) != c) {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        end++;
      } else if (source.startsWith("//", i)) {
        end = source.indexOf('\n', i);
        end = end < 0 ? source.length() : end;
      } else if (source.startsWith("/*", i)) {
        end = source.indexOf("*/", i) + 2;
      } else {
        code.append(c);
        i++;
        continue;
      }
      // keep the line breaks of what is blanked, so lines stay lines
      source.substring(i, end).chars().filter(x -> x == '\n').forEach(x -> code.append('\n'));
      code.append(' ');
      i = end;
    }
    List<String> names = new ArrayList<>();
    for (String line : code.toString().split("\n")) {
      if (line.strip().startsWith("import ") || line.strip().startsWith("package ")) {
        continue;
      }
      Matcher m = INLINE_NAME.matcher(line);
      while (m.find()) {
        names.add(m.group());
      }
    }
    return names;
  }

  private static final String[] ALL_BUT_REPORT = {
    "dev.psapolicy.cli..",
    "dev.psapolicy.facts..",
    "dev.psapolicy.catalog..",
    "dev.psapolicy.baseline..",
    "dev.psapolicy.ruleset..",
    "dev.psapolicy.ruleapi..",
    "dev.psapolicy.engine..",
    "dev.psapolicy.gate..",
    "dev.psapolicy.source..",
    "dev.psapolicy.simulator..",
    "dev.psapolicy.waiver..",
    "dev.psapolicy.evidence..",
    "dev.psapolicy.policy..",
    "dev.psapolicy.ruletest..",
    "dev.psapolicy.validate..",
    "dev.psapolicy.drift.."
  };

  @Test
  void nothingDependsOnTheCli() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.psapolicy.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.psapolicy.cli..");
    rule.check(classes);
  }

  /** What a report may say about its inputs: their typed descriptions, never their parsing. */
  private static final DescribedPredicate<JavaClass> INPUT_PARSING =
      JavaClass.Predicates.resideInAPackage("dev.psapolicy.input..")
          .and(
              DescribedPredicate.not(
                  JavaClass.Predicates.simpleNameStartingWith("InputRef")
                      .or(JavaClass.Predicates.simpleNameStartingWith("InputKind"))
                      .or(JavaClass.Predicates.simpleNameStartingWith("InputFile"))
                      .or(JavaClass.Predicates.simpleNameStartingWith("Origin"))))
          .as("input parsing (anything of input but InputRef, InputKind, InputFile, Origin)");

  @Test
  void renderersSeeOnlyTheReport() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.psapolicy.render..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ALL_BUT_REPORT)
            .orShould()
            .dependOnClassesThat(INPUT_PARSING);
    rule.check(classes);
  }

  @Test
  void sourcesSeeOnlyFactsHttpAndInput() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.psapolicy.source..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.psapolicy.cli..",
                "dev.psapolicy.baseline..",
                "dev.psapolicy.ruleset..",
                "dev.psapolicy.ruleapi..",
                "dev.psapolicy.engine..",
                "dev.psapolicy.gate..",
                "dev.psapolicy.report..",
                "dev.psapolicy.render..",
                "dev.psapolicy.waiver..",
                "dev.psapolicy.evidence..",
                "dev.psapolicy.policy..",
                "dev.psapolicy.ruletest..",
                "dev.psapolicy.validate..");
    rule.check(classes);
  }

  @Test
  void theAuthoringKitSitsOnTopOfTheEngine() {
    // Rule tests and validation use the engine, never the other way round.
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.psapolicy.cli..", "dev.psapolicy.ruletest..", "dev.psapolicy.validate..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.psapolicy.ruletest..")
        .check(classes);
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.psapolicy.cli..", "dev.psapolicy.validate..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.psapolicy.validate..")
        .check(classes);
  }

  @Test
  void factsAndReportDependOnNoOtherLayer() {
    noClasses()
        .that()
        .resideInAPackage("dev.psapolicy.facts..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.psapolicy.cli..",
            "dev.psapolicy.catalog..",
            "dev.psapolicy.baseline..",
            "dev.psapolicy.ruleset..",
            "dev.psapolicy.engine..",
            "dev.psapolicy.report..",
            "dev.psapolicy.render..",
            "dev.psapolicy.source..")
        .orShould()
        .dependOnClassesThat(INPUT_PARSING)
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.psapolicy.report..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.psapolicy.cli..",
            "dev.psapolicy.facts..",
            "dev.psapolicy.baseline..",
            "dev.psapolicy.ruleset..",
            "dev.psapolicy.engine..",
            "dev.psapolicy.render..",
            "dev.psapolicy.source..")
        .check(classes);
  }

  @Test
  void rulesSeeFactsAndTheRuleApiNeverEngineInternals() {
    noClasses()
        .that()
        .resideInAPackage("dev.psapolicy.ruleapi..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.psapolicy.engine..", "dev.psapolicy.cli..", "dev.psapolicy.ruleset..")
        .check(classes);
  }

  @Test
  void evidenceSeesReportsAndRenderersNeverTheEngine() {
    noClasses()
        .that()
        .resideInAPackage("dev.psapolicy.evidence..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.psapolicy.engine..",
            "dev.psapolicy.ruleset..",
            "dev.psapolicy.baseline..",
            "dev.psapolicy.source..",
            "dev.psapolicy.drift..")
        .check(classes);
  }

  @Test
  void internalsStayInTheirPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.psapolicy.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.psapolicy.engine.internal..")
        .check(classes);
  }

  @Test
  void theSimulatorSeesOnlyFactsCatalogAndInput() {
    noClasses()
        .that()
        .resideInAPackage("dev.psapolicy.simulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.psapolicy.cli..",
            "dev.psapolicy.source..",
            "dev.psapolicy.baseline..",
            "dev.psapolicy.ruleset..",
            "dev.psapolicy.engine..",
            "dev.psapolicy.gate..",
            "dev.psapolicy.report..",
            "dev.psapolicy.render..")
        .check(classes);
  }

  @Test
  void theDashboardSeesOnlyItsViewAndTheHtmlEscaper() {
    // the page is filled by the service from plain view records; it never reads a report or a DB
    classes()
        .that()
        .resideInAPackage("dev.psapolicy.service.dashboard..")
        .should()
        .onlyDependOnClassesThat(
            JavaClass.Predicates.resideInAnyPackage("dev.psapolicy.service.dashboard..", "java..")
                .or(JavaClass.Predicates.equivalentTo(Escape.class)))
        .check(classes);
  }

  @Test
  void onlyTheHttpLayerUsesTheJdkHttpClient() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.psapolicy.source.http..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("java.net.http..")
        .check(classes);
  }
}
