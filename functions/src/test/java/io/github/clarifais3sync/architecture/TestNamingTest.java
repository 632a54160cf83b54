package io.github.clarifais3sync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The test-naming convention of CONTRIBUTING.md ("Tests"): {@code unitOfWork_condition_expectedBehaviour}, two to
 * four lowerCamelCase parts joined by underscores, the condition optional
 * ({@code handleRequest_whenTheWholeAddFails_returnsEveryMessage}, {@code ceilingSeconds_doublesPerReceiveUpToTheMaximum}).
 */
@AnalyzeClasses(packages = "io.github.clarifais3sync", importOptions = ImportOption.OnlyIncludeTests.class)
class TestNamingTest {

    @ArchTest
    static final ArchRule testMethodsFollowTheConvention = methods()
            .that()
            .areAnnotatedWith(Test.class)
            .or()
            .areAnnotatedWith(ParameterizedTest.class)
            .should()
            .haveNameMatching("[a-z][A-Za-z0-9]*(_[a-z][A-Za-z0-9]*){1,3}")
            .because("CONTRIBUTING.md \"Tests\": unitOfWork_condition_expectedBehaviour");
}
