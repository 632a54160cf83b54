package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code invoke FUNCTION -e FILE} for every file in events/, against a running stack found through its state file,
 * as {@code ./offline-stack up} leaves it.
 */
class InvokeCommandTest {

    private static final Path EVENTS = Path.of("..", "events");
    /** Which function each sample event is for. */
    private static final Map<String, String> FUNCTION_BY_EVENT = Map.ofEntries(
            Map.entry("s3-put.json", "EnqueueFunction"),
            Map.entry("s3-test-event.json", "EnqueueFunction"),
            Map.entry("s3-tagging-put.json", "EnqueueFunction"),
            Map.entry("s3-tagging-delete.json", "EnqueueFunction"),
            Map.entry("eventbridge-object-created.json", "EnqueueFunction"),
            Map.entry("eventbridge-tags-added.json", "EnqueueFunction"),
            Map.entry("eventbridge-tags-deleted.json", "EnqueueFunction"),
            Map.entry("eventbridge-malformed.json", "EnqueueFunction"),
            Map.entry("s3-delete.json", "DeleteFunction"),
            Map.entry("s3-delete-marker.json", "DeleteFunction"),
            Map.entry("eventbridge-object-deleted.json", "DeleteFunction"),
            Map.entry("eventbridge-delete-marker.json", "DeleteFunction"),
            Map.entry("s3-batch-v1.json", "BackfillFunction"),
            Map.entry("s3-batch-v2.json", "BackfillFunction"),
            Map.entry("sqs-upload-batch.json", "UploadFunction"),
            Map.entry("schedule.json", "StatusFunction"));
    /** Events the function must refuse: it fails the invocation, naming what is wrong. */
    private static final Map<String, String> REFUSED = Map.of("eventbridge-malformed.json", "detail.object.key");

    @TempDir
    static Path directory;

    static OfflineStack stack;
    static Path state;

    @BeforeAll
    static void startStack() throws Exception {
        stack = OfflineStack.builder()
                .template(TestStacks.TEMPLATE)
                .eventSources(false)
                .parameterOverrides(Map.of("BatchBackfill", "Enabled"))
                .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(100)))
                .start();
        state = directory.resolve("state.json");
        StackState.of(stack).write(state);
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    @Test
    void invoke_whenEveryEventFile_printsTheFunctionsResponse() throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(EVENTS)) {
            files = listing.filter(file -> file.toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
        assertEquals(
                FUNCTION_BY_EVENT.keySet(),
                files.stream().map(file -> file.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
                "every file in events/ has a function here");

        for (Path file : files) {
            String function = FUNCTION_BY_EVENT.get(file.getFileName().toString());

            Result result = cli(
                    "invoke",
                    function,
                    "-e",
                    file.toString(),
                    "-t",
                    TestStacks.TEMPLATE.toString(),
                    "--state",
                    state.toString());

            String refusal = REFUSED.get(file.getFileName().toString());
            if (refusal != null) {
                assertTrue(result.exitCode() != 0 && result.stdout().contains(refusal), file + ": " + result.stdout());
                continue;
            }
            assertEquals(0, result.exitCode(), file + ": " + result.stdout());
            Json.MAPPER.readTree(result.stdout());
        }
    }

    @Test
    void invoke_whenUploadBatchHasPoisonBody_reportsItAsBatchItemFailure() throws Exception {
        Result result = cli(
                "invoke",
                "UploadFunction",
                "-e",
                EVENTS.resolve("sqs-upload-batch.json").toString(),
                "-t",
                TestStacks.TEMPLATE.toString(),
                "--state",
                state.toString());

        assertEquals(0, result.exitCode(), result.stdout());
        assertTrue(result.stdout().contains("batchItemFailures"), result.stdout());
    }

    @Test
    void invoke_whenFunctionUnknown_failsWithUsage() throws Exception {
        Result result = cli(
                "invoke",
                "NoSuchFunction",
                "-e",
                EVENTS.resolve("schedule.json").toString(),
                "-t",
                TestStacks.TEMPLATE.toString(),
                "--state",
                state.toString());

        assertEquals(2, result.exitCode());
    }

    private record Result(int exitCode, String stdout) {}

    private static Result cli(String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exitCode;
        try {
            exitCode = OfflineCli.run(args);
        } finally {
            System.setOut(saved);
        }
        return new Result(exitCode, captured.toString(StandardCharsets.UTF_8).trim());
    }
}
