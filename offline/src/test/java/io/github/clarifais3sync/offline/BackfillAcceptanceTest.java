package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.backfill.BackfillService;
import io.github.clarifais3sync.backfill.DynamoDbCheckpoints;
import io.github.clarifais3sync.enqueue.EnqueueService;
import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.offline.LedgerView.Row;
import io.github.clarifais3sync.storage.ObjectListing;
import io.github.clarifais3sync.storage.S3ObjectListing;
import io.github.clarifais3sync.testing.Poll;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance test of the backfill on the offline stack: an existing bucket of 500 objects under several
 * prefixes (images, non-images, zero-byte, keys with spaces and non-ASCII characters) backfilled with include and
 * exclude prefixes, killed after two pages and resumed while puts, overwrites and deletes race it through
 * EventBridge; then backfilled again. Also: a missing bucket and a prefix that matches nothing.
 */
class BackfillAcceptanceTest {

    private static final String BUCKET = "photo-archive";
    private static final Duration SETTLE = Duration.ofMinutes(5);

    @Test
    void backfill_killedHalfwayAndRacedByEvents_endsWithBucketLedgerAndAppAgreeing(@TempDir Path directory)
            throws Exception {
        Map<String, byte[]> samples = SampleObjects.create();
        byte[] jpg = samples.get("samples/sunrise.jpg");
        byte[] png = samples.get("samples/forest.png");
        byte[] otherJpg = samples.get("samples/ocean.jpeg");
        // Upload invocations get 60 s (not the fast template's 8 s): a listing page of 128 adds plans, posts and
        // records
        // more than 100 objects, and the race is about order, not pace.
        try (PipelineHarness pipeline = PipelineHarness.startFast(
                directory,
                60,
                Map.of(
                        "ExistingBucketName",
                        BUCKET,
                        "IncludePrefixes",
                        "photos/,scans/",
                        "ExcludePrefixes",
                        "photos/private/"))) {
            // Bad input first: one clear message, nothing queued.
            ObjectListing.ListingException missing = org.junit.jupiter.api.Assertions.assertThrows(
                    ObjectListing.ListingException.class,
                    () -> backfill(pipeline, KeyFilter.of("", "", ".jpg"))
                            .run("no-such-bucket", new BackfillService.Options(false, 128), (c, k) -> {}, () -> false));
            assertEquals("bucket no-such-bucket does not exist", missing.getMessage());
            BackfillService.Report nothing = backfill(pipeline, KeyFilter.of("fish/", "", ".jpg"))
                    .run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false);
            assertEquals(0, nothing.counts().objectsSeen(), "a prefix that matches nothing");

            // The bucket as it was before the stack: EventBridge off, so these puts send no events.
            String[] prefixes = {"photos/", "scans/", "photos/private/", "other/", "photos/2026 été/"};
            Set<String> expected = new TreeSet<>();
            for (int i = 0; i < 500; i++) {
                String name = prefixes[i % 5] + "img " + i + (i % 3 == 0 ? " café" : "");
                int kind = i / 5 % 10;
                String key = name + (kind == 7 ? ".txt" : kind == 8 ? " empty.png" : kind % 2 == 0 ? ".jpg" : ".png");
                byte[] bytes = kind == 8 ? new byte[0] : kind % 2 == 0 ? jpg : png;
                pipeline.put(key, bytes);
                if ((i % 5 == 0 || i % 5 == 1 || i % 5 == 4) && kind != 7 && kind != 8) {
                    expected.add(key);
                }
            }
            assertEquals(240, expected.size());
            pipeline.s3()
                    .putBucketNotificationConfiguration(request -> request.bucket(BUCKET)
                            .notificationConfiguration(
                                    configuration -> configuration.eventBridgeConfiguration(on -> {})));

            KeyFilter keys = KeyFilter.of("photos/,scans/", "photos/private/", ".jpg,.jpeg,.png");
            AtomicInteger pages = new AtomicInteger();
            BackfillService.Report killed = backfill(pipeline, keys)
                    .run(
                            BUCKET,
                            new BackfillService.Options(false, 128),
                            (counts, key) -> pages.incrementAndGet(),
                            () -> pages.get() == 2);
            assertFalse(killed.completed());
            assertEquals(100, killed.counts().objectsSeen(), "two pages of 50");

            // Racing the resumed run: events for keys listed already and for keys not listed yet.
            String overwrittenEarly = expected.stream()
                    .filter(k -> k.startsWith("photos/2026"))
                    .findFirst()
                    .orElseThrow();
            String overwrittenLate = expected.stream()
                    .filter(k -> k.startsWith("scans/"))
                    .reduce((a, b) -> b)
                    .orElseThrow();
            String deletedLate = expected.stream()
                    .filter(k -> k.startsWith("scans/"))
                    .findFirst()
                    .orElseThrow();
            String added = "scans/new arrival ü.jpg";
            CompletableFuture<BackfillService.Report> resumed =
                    CompletableFuture.supplyAsync(() -> backfill(pipeline, keys)
                            .run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false));
            pipeline.put(overwrittenEarly, otherJpg);
            pipeline.put(overwrittenLate, otherJpg);
            pipeline.s3().deleteObject(request -> request.bucket(BUCKET).key(deletedLate));
            pipeline.put(added, otherJpg);
            BackfillService.Report report = resumed.get(5, TimeUnit.MINUTES);
            assertTrue(report.completed());
            assertTrue(report.resumed());

            expected.remove(deletedLate);
            expected.add(added);
            awaitAgreement(pipeline, expected);
            // The overwritten keys' inputs are the new bytes (the event won), not the listed version.
            for (String key : List.of(overwrittenEarly, overwrittenLate)) {
                String eTag = pipeline.s3()
                        .headObject(r -> r.bucket(BUCKET).key(key))
                        .eTag()
                        .replace("\"", "");
                assertEquals(
                        eTag,
                        pipeline.inputsUnder(key)
                                .get(0)
                                .at("/data/metadata/etag")
                                .asText(),
                        key);
            }

            BackfillService.Report again = backfill(pipeline, keys)
                    .run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false);
            assertEquals(0, again.counts().toAdd(), "a second backfill adds nothing");
            assertEquals(expected.size(), again.counts().alreadyKnown());
        }
    }

    private static BackfillService backfill(PipelineHarness pipeline, KeyFilter keys) {
        String table = pipeline.stack().tableName();
        DynamoDbLedger ledger = new DynamoDbLedger(pipeline.dynamoDb(), table, Duration.ofDays(30));
        return new BackfillService(
                new S3ObjectListing(pipeline.s3(), 50),
                ledger,
                new EnqueueService(
                        pipeline.sqs(),
                        pipeline.stack().model().queueUrl("UploadQueue"),
                        ledger,
                        keys,
                        Metrics.NONE,
                        Clock.systemUTC()),
                new DynamoDbCheckpoints(pipeline.dynamoDb(), table, Clock.systemUTC()),
                keys);
    }

    /** Waits until every expected key has exactly one input in the app and one live, indexed version. */
    private static void awaitAgreement(PipelineHarness pipeline, Set<String> expected) throws InterruptedException {
        Poll.until("app and ledger agreeing with the bucket", SETTLE, () -> {
            Map<String, Integer> inputs = new TreeMap<>();
            for (JsonNode input : pipeline.inputsUnder("")) {
                inputs.merge(input.at("/data/metadata/s3_key").asText(), 1, Integer::sum);
            }
            if (!inputs.keySet().equals(expected) || inputs.values().stream().anyMatch(n -> n != 1)) {
                return false;
            }
            List<Row> live = new ArrayList<>();
            for (Row row : new LedgerView(pipeline.dynamoDb(), pipeline.stack().tableName()).rows()) {
                if (!row.state().equals("deleted")) {
                    live.add(row);
                }
            }
            return live.size() == expected.size()
                    && live.stream().allMatch(row -> row.state().equals("indexed"));
        });
    }
}
