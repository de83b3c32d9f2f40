package dev.transferadvisor;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Collection;

import jakarta.ws.rs.Path;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import dev.transferadvisor.advice.Advisor;
import dev.transferadvisor.advice.Diagnoser;
import dev.transferadvisor.ruleset.Ruleset;

/**
 * The layering README "How it is built" describes, checked on the application's classes (not the
 * tests'): dependencies point one way, {@code system/} → nothing, {@code ruleset/} → {@code system/},
 * the domain ({@code advice/}) → {@code ruleset/}, and {@code audit/}, {@code scenario/},
 * {@code workbench/} on top; Drools is seen only from {@code ruleset/}; every diagnosis takes the one
 * pipeline; the console asks the services the API asks, never the API's resources. Each rule's reason says how to
 * fix a violation.
 */
@AnalyzeClasses(packages = "dev.transferadvisor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FEATURES = {
        "dev.transferadvisor.advice..", "dev.transferadvisor.ruleset..", "dev.transferadvisor.audit..",
        "dev.transferadvisor.scenario..", "dev.transferadvisor.workbench..",
    };

    private static final String[] DOMAIN = {
        "dev.transferadvisor.advice..", "dev.transferadvisor.audit..", "dev.transferadvisor.scenario..",
        "dev.transferadvisor.workbench..",
    };

    @ArchTest
    static final ArchRule systemKnowsNoFeature = noClasses()
            .that().resideInAPackage("dev.transferadvisor.system..")
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
            .because("system/ is what every feature uses (problem details, 401/403 answers) and must not know any of them:"
                    + " turn a feature's exception into a ProblemException inside that feature (as DiagnosisService does"
                    + " for RuleEvaluationException), or move the class into the feature it serves");

    @ArchTest
    static final ArchRule rulesetKnowsNoDomain = noClasses()
            .that().resideInAPackage("dev.transferadvisor.ruleset..")
            .should().dependOnClassesThat().resideInAnyPackage(DOMAIN)
            .because("ruleset/ is the engine under the domain: it takes facts as Collection<?> and hands back an"
                    + " Evaluation; translate domain types in advice/ (Advisor, Diagnoser), and describe facts"
                    + " generically (FactSummary) instead of naming domain classes");

    @ArchTest
    static final ArchRule droolsOnlyInRuleset = noClasses()
            .that().resideOutsideOfPackage("dev.transferadvisor.ruleset..")
            .should().dependOnClassesThat().resideInAnyPackage("org.kie..", "org.drools..")
            .because("ruleset/ is the one seam to the rule engine, so an engine upgrade touches one package: add what"
                    + " you need as a method of a ruleset/ type (RuleBase, Ruleset, RulesetCompiler, EngineLogging)"
                    + " and call that");

    @ArchTest
    static final ArchRule featuresHaveNoCycles = slices()
            .matching("dev.transferadvisor.(*)..")
            .should().beFreeOfCycles()
            .because("dependencies point one way (workbench, scenario, audit → advice → ruleset → system): when a"
                    + " lower package needs something from a higher one, move that thing down, or let the higher"
                    + " one pass it in (an interface or a function the lower one declares, as advice's DiagnosisLog"
                    + " is implemented in audit/)");

    @ArchTest
    static final ArchRule oneDiagnosisPipeline = noClasses()
            .that().doNotBelongToAnyOf(Diagnoser.class, Advisor.class)
            .and().resideOutsideOfPackage("dev.transferadvisor.ruleset..")
            .should().dependOnClassesThat().belongToAnyOf(Advisor.class)
            .orShould().callMethod(Ruleset.class, "evaluate", Collection.class, int.class)
            .because("a case becomes a diagnosis on one path, read → facts → evaluate → assemble, so the service,"
                    + " scenarios, workbench and benchmarks cannot drift apart: call Diagnoser.diagnose with"
                    + " RuleBase::evaluate or Diagnoser.Engine.of(ruleset, maxFirings) instead of Advisor's steps"
                    + " or Ruleset.evaluate");

    @ArchTest
    static final ArchRule consoleUsesNoApiResource = noClasses()
            .that().resideInAPackage("dev.transferadvisor.console..")
            .should().dependOnClassesThat(resideOutsideOfPackage("dev.transferadvisor.console..").and(annotatedWith(Path.class)))
            .because("a console page asks the service the matching API operation asks (AuditQueries, RulesetHistory, RuleBase,"
                    + " DiagnosisService), with the same checks of what was typed as static helpers there (AuditQueries.cursor,"
                    + " ChainVerification.fromAnchor): a resource is HTTP's adapter, with its own roles and its own answers");
}
