package io.github.clarifais3sync.ops;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * What the modules around the functions may use of them, checked on the main classes of every module on this test's
 * class path (ops, offline, local, local-inputs-api, functions).
 *
 * <p>{@code local} and {@code local-inputs-api} are standalone emulators (AWS services, Clarifai's Inputs API): they
 * import nothing of the functions.
 *
 * <p>{@code offline} and {@code ops} use the functions through this seam only:
 * <ul>
 *   <li>the handlers ({@code *Handler} in the function packages), built with {@code wiring.OfflineSeam};</li>
 *   <li>from {@code wiring}: {@code OfflineSeam}, {@code AwsClients} and {@code SecretsManagerApiKey} (the same AWS
 *       clients and API key the functions use); never {@code DependencyFactory};</li>
 *   <li>the services the command-line backfill and retry reuse: {@code enqueue.EnqueueService},
 *       {@code backfill.BackfillService}, {@code backfill.DynamoDbCheckpoints}, {@code status.SqsRetryQueue};</li>
 *   <li>the shared packages below the functions: {@code inputs} (the Clarifai client), {@code ledger} (the
 *       {@code Ledger} and {@code LedgerScan} interfaces and their DynamoDB implementation), {@code storage},
 *       {@code model}, {@code config} (settings), {@code batch}, {@code json}, {@code logging}, {@code metrics}.</li>
 * </ul>
 * Any other class of a function package (the upload, labels, status and delete services, for instance) is internal.
 */
@AnalyzeClasses(packages = "io.github.clarifais3sync", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundaryTest {

    private static final String ROOT = "io.github.clarifais3sync";
    private static final String[] FUNCTION_PACKAGES = {
        ROOT + ".backfill..",
        ROOT + ".delete..",
        ROOT + ".enqueue..",
        ROOT + ".labels..",
        ROOT + ".status..",
        ROOT + ".upload.."
    };
    private static final Set<String> REUSED = Set.of(
            ROOT + ".enqueue.EnqueueService",
            ROOT + ".backfill.BackfillService",
            ROOT + ".backfill.DynamoDbCheckpoints",
            ROOT + ".backfill.Checkpoints",
            ROOT + ".status.SqsRetryQueue");
    private static final Set<String> WIRING_SEAM =
            Set.of(ROOT + ".wiring.OfflineSeam", ROOT + ".wiring.AwsClients", ROOT + ".wiring.SecretsManagerApiKey");

    @ArchTest
    static final ArchRule emulatorsImportNothingOfTheFunctions = noClasses()
            .that()
            .resideInAPackage(ROOT + ".local..")
            .should()
            .dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT + ".local.."))))
            .because("local and local-inputs-api are standalone emulators");

    @ArchTest
    static final ArchRule offlineAndOpsUseOnlyTheSeam = noClasses()
            .that()
            .resideInAnyPackage(ROOT + ".offline..", ROOT + ".ops..")
            .should()
            .dependOnClassesThat(internal())
            .because("offline and ops use the functions through the seam this class documents");

    private static DescribedPredicate<JavaClass> internal() {
        DescribedPredicate<JavaClass> functionInternals = resideInAnyPackage(FUNCTION_PACKAGES)
                .and(not(simpleNameEndingWith("Handler")))
                .and(not(named(REUSED)));
        DescribedPredicate<JavaClass> wiringInternals =
                resideInAPackage(ROOT + ".wiring..").and(not(named(WIRING_SEAM)));
        return functionInternals.or(wiringInternals).as("a function's internals");
    }

    /** One of these classes or a class nested in one of them. */
    private static DescribedPredicate<JavaClass> named(Set<String> names) {
        return DescribedPredicate.describe(
                "one of " + names,
                type -> names.contains(type.getName())
                        || names.stream().anyMatch(name -> type.getName().startsWith(name + "$")));
    }
}
