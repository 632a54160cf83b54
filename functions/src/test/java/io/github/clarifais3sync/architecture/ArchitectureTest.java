package io.github.clarifais3sync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;

/**
 * The functions' structure, checked on the compiled main classes (https://www.archunit.org/userguide/html/000_Index.html):
 * <ul>
 *   <li>function packages ({@code backfill}, {@code delete}, {@code enqueue}, {@code labels}, {@code status},
 *       {@code upload}) each hold one handler and its service; handler → service → client, one direction;</li>
 *   <li>{@code wiring} is the composition root: it builds clients and services from the settings, and only handlers
 *       use it;</li>
 *   <li>{@code config} holds settings only; {@code batch} (the SQS batch machinery), {@code concepts} (label rules),
 *       {@code inputs} (the Clarifai client), {@code ledger}, {@code storage} and the other shared packages sit below
 *       every function package and import none of them;</li>
 *   <li>no package cycles.</li>
 * </ul>
 */
@AnalyzeClasses(packages = "io.github.clarifais3sync", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.github.clarifais3sync";
    private static final String[] FUNCTION_PACKAGES = {
        ROOT + ".backfill..",
        ROOT + ".delete..",
        ROOT + ".enqueue..",
        ROOT + ".labels..",
        ROOT + ".status..",
        ROOT + ".upload.."
    };
    private static final String WIRING = ROOT + ".wiring..";

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule configImportsNoFunctionPackage = noClasses()
            .that()
            .resideInAPackage(ROOT + ".config..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(union(FUNCTION_PACKAGES, WIRING))
            .because("config holds settings only; wiring builds what the settings describe");

    @ArchTest
    static final ArchRule sharedPackagesImportNoFunctionPackage = noClasses()
            .that()
            .resideOutsideOfPackages(union(FUNCTION_PACKAGES, WIRING))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(union(FUNCTION_PACKAGES, WIRING))
            .because("the shared packages (batch, concepts, inputs, ledger, storage, …) sit below every function");

    @ArchTest
    static final ArchRule uploadAndLabelsAreIndependent = noClasses()
            .that()
            .resideInAPackage(ROOT + ".upload..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ROOT + ".labels..");

    @ArchTest
    static final ArchRule labelsAndUploadAreIndependent = noClasses()
            .that()
            .resideInAPackage(ROOT + ".labels..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ROOT + ".upload..");

    @ArchTest
    static final ArchRule onlyHandlersUseTheWiring = noClasses()
            .that()
            .resideOutsideOfPackage(WIRING)
            .and()
            .haveSimpleNameNotEndingWith("Handler")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(WIRING)
            .because("wiring is the composition root: handlers build their collaborators from it, nothing else does");

    @ArchTest
    static final ArchRule handlersAreUsedOnlyInTheirOwnPackage = classes()
            .that()
            .resideInAPackage(ROOT + "..")
            .and()
            .haveSimpleNameEndingWith("Handler")
            .should(beUsedOnlyInTheirOwnPackage())
            .because("handler → service → client: nothing below a handler calls back into it");

    @ArchTest
    static final ArchRule servicesDoNotDependOnHandlers = noClasses()
            .that()
            .haveSimpleNameEndingWith("Service")
            .should()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("Handler")
            .andShould()
            .dependOnClassesThat()
            .resideInAPackage(WIRING);

    @ArchTest
    static final ArchRule handlersHaveTwoConstructors = classes()
            .that()
            .resideInAnyPackage(FUNCTION_PACKAGES)
            .and()
            .haveSimpleNameEndingWith("Handler")
            .should(haveOnePublicNoArgAndOnePackagePrivateConstructor());

    private static ArchCondition<JavaClass> beUsedOnlyInTheirOwnPackage() {
        return new ArchCondition<>("be used only in their own package") {
            @Override
            public void check(JavaClass handler, ConditionEvents events) {
                handler.getDirectDependenciesToSelf().stream()
                        .filter(dependency ->
                                !dependency.getOriginClass().getPackageName().equals(handler.getPackageName()))
                        .forEach(dependency ->
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription())));
            }
        };
    }

    private static ArchCondition<JavaClass> haveOnePublicNoArgAndOnePackagePrivateConstructor() {
        return new ArchCondition<>("have one public no-arg constructor and one package-private constructor") {
            @Override
            public void check(JavaClass handler, ConditionEvents events) {
                Set<JavaConstructor> constructors = handler.getConstructors();
                long publicNoArg = constructors.stream()
                        .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC)
                                && c.getRawParameterTypes().isEmpty())
                        .count();
                long packagePrivate = constructors.stream()
                        .filter(c -> !c.getModifiers().contains(JavaModifier.PUBLIC)
                                && !c.getModifiers().contains(JavaModifier.PRIVATE)
                                && !c.getModifiers().contains(JavaModifier.PROTECTED))
                        .count();
                boolean ok = constructors.size() == 2 && publicNoArg == 1 && packagePrivate == 1;
                events.add(new SimpleConditionEvent(
                        handler,
                        ok,
                        handler.getName() + " has constructors "
                                + constructors.stream()
                                        .map(JavaConstructor::getFullName)
                                        .sorted()
                                        .toList()));
            }
        };
    }

    private static String[] union(String[] packages, String... more) {
        String[] all = new String[packages.length + more.length];
        System.arraycopy(packages, 0, all, 0, packages.length);
        System.arraycopy(more, 0, all, packages.length, more.length);
        return all;
    }
}
