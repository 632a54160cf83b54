package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.offline.lambda.LambdaFunction.Invocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration test (no 15-minute stall after a throttling storm): the local Inputs API answers 429 until
 * several upload invocations gave up; the retried messages come back after the function's backoff, not after the
 * upload queue's visibility timeout, which stays the template's 900 s, far longer than this test may take.
 */
class ThrottlingBackoffTest {

    /** Short enough that the client gives up on the storm within one invocation (the functions keep 5 s margin). */
    private static final int UPLOAD_TIMEOUT_SECONDS = 8;
    /** Enough 429s for two or three invocations in a row (about two attempts each within 3 s). */
    private static final int THROTTLED_REQUESTS = 5;

    @Test
    void upload_whenThrottledUntilItGivesUp_comesBackAfterTheBackoffAndIsIndexedLongBeforeTheVisibilityTimeout(
            @TempDir Path directory) throws Exception {
        Path template = TestStacks.templateCopy(
                directory,
                "Timeout: 120",
                "Timeout: " + UPLOAD_TIMEOUT_SECONDS,
                "MaximumBatchingWindowInSeconds: 20",
                "MaximumBatchingWindowInSeconds: 1",
                "UPLOAD_RETRY_BASE_SECONDS: '20'",
                "UPLOAD_RETRY_BASE_SECONDS: '1'");
        Queue<Invocation> uploads = new ConcurrentLinkedQueue<>();
        try (PipelineHarness pipeline =
                PipelineHarness.start(OfflineStack.builder().template(template).scheduleEvery(Duration.ofSeconds(1)))) {
            int visibilityTimeout = pipeline.stack().model().queues().stream()
                    .filter(queue -> queue.logicalId().equals("UploadQueue"))
                    .findFirst()
                    .orElseThrow()
                    .visibilityTimeoutSeconds();
            pipeline.stack().onInvocation(invocation -> {
                if (invocation.functionLogicalId().equals("UploadFunction")) {
                    uploads.add(invocation);
                }
            });
            pipeline.inputsApi().faults().throttleNextRequests(THROTTLED_REQUESTS);

            List<String> keys = new ArrayList<>();
            for (Map.Entry<String, byte[]> sample : SampleObjects.create().entrySet()) {
                if (SampleObjects.isImage(sample.getKey()) && keys.size() < 2) {
                    String key = "storm/" + keys.size() + ".jpg";
                    pipeline.put(key, sample.getValue());
                    keys.add(key);
                }
            }
            pipeline.awaitIndexed(keys);

            assertEquals(900, visibilityTimeout, "the template's timeout, ten times this test's wait");
            assertTrue(PipelineHarness.PIPELINE_TIMEOUT.toSeconds() < visibilityTimeout);
            assertEquals(0, pipeline.faultsLeft().at("/throttle_next_requests").asInt(), "the storm was answered");
            int deliveries = uploads.stream()
                    .filter(Invocation::succeeded)
                    .mapToInt(Invocation::records)
                    .sum();
            assertTrue(
                    deliveries > keys.size(),
                    "the throttled messages came back before the visibility timeout: " + deliveries + " deliveries of "
                            + keys.size() + " messages");
            assertEquals(keys.size(), pipeline.inputsUnder("storm/").size(), "one input per object");
        }
    }
}
