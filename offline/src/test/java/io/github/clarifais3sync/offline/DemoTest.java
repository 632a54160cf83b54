package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.offline.LedgerView.Row;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The demo path end to end with the real functions, emulators and the local Inputs API; asserts what the demo left
 * behind in the ledger and the app, not what it printed.
 */
class DemoTest {

    @Test
    void demo_whenRepositoryTemplate_indexesEveryImageSkipsTheNonImageAndDeletesOne() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Set<String> images = SampleObjects.create().keySet().stream()
                .filter(SampleObjects::isImage)
                .collect(Collectors.toSet());

        try (PipelineHarness pipeline = PipelineHarness.start(
                        OfflineStack.builder().template(TestStacks.TEMPLATE).scheduleEvery(Duration.ofSeconds(1)));
                PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            boolean succeeded = new Demo(pipeline.stack(), out).run();
            String printed = output.toString(StandardCharsets.UTF_8);
            System.out.println(printed);

            Map<String, Row> ledger =
                    new LedgerView(pipeline.dynamoDb(), pipeline.stack().tableName()).latestByKey();
            assertTrue(succeeded, printed);
            assertEquals(images, ledger.keySet(), "one ledger row per image; the non-image was skipped");
            for (String image : images) {
                String expected = image.equals(SampleObjects.UNUSUAL_KEY) ? "deleted" : "indexed";
                assertEquals(expected, ledger.get(image).state(), image);
            }
            Set<String> inApp = pipeline.inputsUnder("").stream()
                    .map(input -> input.at("/data/metadata/s3_key").asText())
                    .collect(Collectors.toSet());
            Set<String> kept = images.stream()
                    .filter(key -> !key.equals(SampleObjects.UNUSUAL_KEY))
                    .collect(Collectors.toSet());
            assertEquals(kept, inApp, "every image but the deleted one is an input of the app, under its decoded key");
            assertEquals(
                    404,
                    pipeline.inputStatus(ledger.get(SampleObjects.UNUSUAL_KEY).inputId()),
                    "the deleted object's input is gone");
        }
    }
}
