package io.github.clarifais3sync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check on a small fixture repository: clean as written, and each kind of drift caught, one at a time. */
class DocsCheckTest {

    private static final String TEMPLATE = """
            Parameters:
              BatchSize:
                Type: Number
                Default: 128
              AppId:
                Type: String
                Default: ''
            Conditions:
              HasAppId: !Not [!Equals [!Ref AppId, '']]
            Resources:
              Work:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: 900
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt WorkDeadLetters.Arn
                    maxReceiveCount: 10
              WorkDeadLetters:
                Type: AWS::SQS::Queue
              WorkFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Timeout: 120
                  Events:
                    Batch:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Work.Arn
                        BatchSize: !Ref BatchSize
                        MaximumBatchingWindowInSeconds: 20
              WorkErrorsAlarm:
                Type: AWS::CloudWatch::Alarm
              AppAlarm:
                Type: AWS::CloudWatch::Alarm
                Condition: HasAppId
            """;
    private static final String README = """
            # Fixture

            ## Deploy

            See [the guide](docs/deploy.md#parameters) and [retries](#how-it-retries-layer-by-layer).

            ```bash
            ./offline-stack demo    # the first command
            ./clarifai-sync status --stack my-stack
            ```

            ## How it retries, layer by layer

            A message goes to the dead-letter queue after 10 receives; 1 alarms always, 2 alarms at most.
            """;
    private static final String DEPLOY = """
            # Deploy

            ## Parameters

            | Parameter | Default | Meaning |
            |---|---|---|
            | `BatchSize` | `128` | Messages per batch. |
            | `AppId` | (none) | The app. |

            ## Numbers

            """;

    @TempDir
    Path root;

    @BeforeEach
    void writeFixture() throws Exception {
        Files.createDirectories(root.resolve("docs"));
        write("template.yaml", TEMPLATE);
        write("README.md", README);
        write("docs/deploy.md", DEPLOY + generatedNumbers() + "\n");
    }

    @Test
    void check_whenDocsAgreeWithTemplateAndTools_findsNothing() throws Exception {
        assertEquals(List.of(), Docs.problems(root));
    }

    @Test
    void check_whenLinkPointsToMissingFile_reportsTheLink() throws Exception {
        write("README.md", README.replace("docs/deploy.md#parameters", "docs/deploying.md#parameters"));

        assertOneProblem("README.md:5: link docs/deploying.md#parameters: no file deploying.md");
    }

    @Test
    void check_whenAnchorHasNoHeading_reportsTheAnchor() throws Exception {
        write("README.md", README.replace("#how-it-retries-layer-by-layer", "#how-it-retries"));

        assertOneProblem("README.md:5: link #how-it-retries: no heading with anchor #how-it-retries in README.md");
    }

    @Test
    void check_whenTemplateParameterIsUndocumented_reportsIt() throws Exception {
        write("template.yaml", TEMPLATE.replace("Conditions:", """
                  Region:
                    Type: String
                    Default: us-east-1
                Conditions:"""));

        assertOneProblem("deploy.md: template parameter Region is not documented in the parameter table "
                + "(default us-east-1)");
    }

    @Test
    void check_whenDocumentedParameterDoesNotExist_reportsIt() throws Exception {
        write(
                "docs/deploy.md",
                DEPLOY.replace(
                                "| `AppId` | (none) | The app. |",
                                "| `AppId` | (none) | The app. |\n| `AppKey` | (none) | Gone from the template. |")
                        + generatedNumbers() + "\n");

        assertOneProblem("deploy.md:9: documented parameter AppKey does not exist in template.yaml");
    }

    @Test
    void check_whenDocumentedDefaultIsWrong_reportsBoth() throws Exception {
        write("docs/deploy.md", DEPLOY.replace("| `128` |", "| `100` |") + generatedNumbers() + "\n");

        assertOneProblem("deploy.md: parameter BatchSize is documented with default `100` but template.yaml's default "
                + "is `128`");
    }

    @Test
    void check_whenCommandDoesNotExist_reportsIt() throws Exception {
        write(
                "README.md",
                README.replace("./clarifai-sync status --stack my-stack", "./clarifai-sync stats --stack my-stack"));

        List<String> problems = Docs.problems(root);

        assertEquals(1, problems.size(), String.join("\n", problems));
        assertTrue(
                problems.get(0).startsWith("README.md:9: ./clarifai-sync stats --stack my-stack: "), problems.get(0));
    }

    @Test
    void check_whenOptionDoesNotExist_reportsIt() throws Exception {
        write(
                "README.md",
                README.replace(
                        "./offline-stack demo    # the first command", "./offline-stack bench --drop --items 5"));

        List<String> problems = Docs.problems(root);

        assertEquals(1, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).contains("--items"), problems.get(0));
    }

    @Test
    void check_whenReceivesDisagreeWithMaxReceiveCount_reportsIt() throws Exception {
        write("README.md", README.replace("after 10 receives", "after 5 receives"));

        assertOneProblem("README.md:14: \"5 receives\" but template.yaml's maxReceiveCount is 10");
    }

    @Test
    void check_whenAlarmCountIsWrong_reportsIt() throws Exception {
        write("README.md", README.replace("2 alarms at most", "14 alarms at most"));

        assertOneProblem("README.md:14: \"14 alarms\" but template.yaml has 1 alarms (2 with the conditional ones)");
    }

    @Test
    void check_whenGeneratedNumbersAreStale_reportsTheExpectedTables() throws Exception {
        write("template.yaml", TEMPLATE.replace("Timeout: 120", "Timeout: 60"));

        List<String> problems = Docs.problems(root);

        assertEquals(1, problems.size(), String.join("\n", problems));
        assertTrue(
                problems.get(0).startsWith("deploy.md: the template-numbers tables differ from template.yaml")
                        && problems.get(0).contains("| `WorkFunction` | 60 |"),
                problems.get(0));
    }

    @Test
    void slug_ofHeadings_isGitHubs() {
        assertEquals(
                "invoke-locally-with-docker-sam-local-invoke",
                GitHubSlug.of("Invoke locally with Docker (`sam local invoke`)"));
        assertEquals("operate-it-clarifai-sync", GitHubSlug.of("Operate it: `./clarifai-sync`"));
        assertEquals("retries-layer-by-layer", GitHubSlug.of("Retries, layer by layer"));
        assertEquals("café-au-lait-10", GitHubSlug.of("Café **au** lait: 10%"));
    }

    @Test
    void arguments_ofShellLines_stopAtTheShell() {
        assertEquals(
                List.of("bench", "drop", "--objects", "N"),
                CommandCheck.arguments(" bench drop [--writers W] --objects N | tee out.txt"));
        assertEquals(
                List.of("up", "-p", "LabelPrefixes=cats/=cat"),
                CommandCheck.arguments(" up -p 'LabelPrefixes=cats/=cat'   # labels"));
        assertEquals(List.of("generate-completion"), CommandCheck.arguments(" generate-completion)"));
    }

    private String generatedNumbers() throws Exception {
        return TemplateNumbers.generate(Template.load(root.resolve("template.yaml")));
    }

    private void assertOneProblem(String expected) throws Exception {
        assertEquals(List.of(expected), Docs.problems(root));
    }

    private void write(String path, String text) throws Exception {
        Files.writeString(root.resolve(path), text, StandardCharsets.UTF_8);
    }
}
