package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.offline.LedgerView.Row;
import io.github.clarifais3sync.testing.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration test: the stack pointed at a bucket it does not own (ExistingBucketName), followed through S3's
 * EventBridge events and the template's rules, with include and exclude prefixes.
 */
class ExistingBucketTest {

    private static final String BUCKET = "photo-archive";

    @Test
    void existingBucket_whenEventBridgeTurnedOn_syncsIncludedImagesAndTheirDeletes(@TempDir Path directory)
            throws Exception {
        Map<String, byte[]> samples = SampleObjects.create();
        try (PipelineHarness pipeline = PipelineHarness.startFast(
                directory,
                Map.of("ExistingBucketName", BUCKET, "IncludePrefixes", "in/", "ExcludePrefixes", "in/skip/"))) {
            assertEquals(BUCKET, pipeline.bucket());
            assertEquals(BUCKET, pipeline.stack().model().outputs().get("BucketName"));

            pipeline.put("in/before.jpg", samples.get("samples/sunrise.jpg"));
            awaitQuiet(pipeline);
            assertTrue(pipeline.versions("in/before.jpg").isEmpty(), "S3 sends nothing to EventBridge until it is on");

            // What docs/existing-bucket.md has the user run, against the emulator.
            pipeline.s3()
                    .putBucketNotificationConfiguration(request -> request.bucket(BUCKET)
                            .notificationConfiguration(
                                    configuration -> configuration.eventBridgeConfiguration(on -> {})));

            String key = "in/a b+c(1):x.jpg";
            pipeline.put(key, samples.get("samples/sunrise.jpg"));
            pipeline.put("out/elsewhere.jpg", samples.get("samples/ocean.jpeg"));
            pipeline.put("in/skip/excluded.jpg", samples.get("samples/ocean.jpeg"));
            Row indexed = pipeline.awaitVersion(
                    "indexed through EventBridge", key, row -> row.state().equals("indexed"));
            awaitQuiet(pipeline);
            assertTrue(pipeline.versions("out/elsewhere.jpg").isEmpty(), "outside the include prefixes");
            assertTrue(pipeline.versions("in/skip/excluded.jpg").isEmpty(), "under an exclude prefix");
            assertEquals(1, pipeline.inputsUnder("").size());

            pipeline.s3().deleteObject(request -> request.bucket(BUCKET).key(key));
            Poll.until(
                    "the input deleted after Object Deleted",
                    PipelineHarness.PIPELINE_TIMEOUT,
                    () -> pipeline.inputStatus(indexed.inputId()) == 404);
            assertEquals(
                    "deleted",
                    pipeline.version(key, indexed.inputId()).orElseThrow().state());
        }
    }

    private static void awaitQuiet(PipelineHarness pipeline) throws InterruptedException {
        Poll.until("no event in flight", Duration.ofSeconds(30), () -> {
            try {
                return pipeline.stack().asyncIdle();
            } catch (Exception e) {
                return false;
            }
        });
    }
}
