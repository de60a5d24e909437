package dev.psapolicy.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
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
