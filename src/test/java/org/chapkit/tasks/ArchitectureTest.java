package org.chapkit.tasks;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The rooms of ../shared/architecture.md and who may use whom. */
@AnalyzeClasses(packages = "org.chapkit.tasks", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "org.chapkit.tasks.";

    @ArchTest
    static final ArchRule taskUsesNothingOfOursButConfig = noClasses().that().resideInAPackage(ROOT + "task..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "job..", ROOT + "artifact..", ROOT + "web..", ROOT + "example..");

    @ArchTest
    static final ArchRule artifactUsesNothingOfOurs = noClasses().that().resideInAPackage(ROOT + "artifact..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "task..", ROOT + "job..", ROOT + "web..", ROOT + "example..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule storeUsesNothingOfOurs = noClasses().that().resideInAPackage(ROOT + "store..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "task..", ROOT + "job..", ROOT + "artifact..",
                    ROOT + "web..", ROOT + "config..", ROOT + "common..", ROOT + "example..");

    @ArchTest
    static final ArchRule theTaskTesterUsesOnlyTheTaskRoom = noClasses().that().resideInAPackage(ROOT + "testing..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "job..", ROOT + "artifact..", ROOT + "web..",
                    ROOT + "store..", ROOT + "config..", ROOT + "example..");

    @ArchTest
    static final ArchRule jobDoesNotReachTheEdge = noClasses().that().resideInAPackage(ROOT + "job..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "web..", ROOT + "example..");

    @ArchTest
    static final ArchRule examplesUseOnlyThePublicFaceOfTask = noClasses().that().resideInAPackage(ROOT + "example..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "job..", ROOT + "artifact..", ROOT + "web..", ROOT + "config..", ROOT + "common..");

    @ArchTest
    static final ArchRule nothingDependsOnTheEdgeOrTheExamples = noClasses().that().resideOutsideOfPackages(ROOT + "web..", ROOT + "example..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "web..", ROOT + "example..");

    @ArchTest
    static final ArchRule roomsHaveNoCycles = slices().matching(ROOT + "(*)..").should().beFreeOfCycles();
}
