package io.github.clarifais3sync.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.enqueue.EnqueueService;
import io.github.clarifais3sync.fakes.FakeObjectListing;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.fakes.RecordingMetrics;
import io.github.clarifais3sync.fakes.RecordingSqsClient;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.model.InputIds;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.storage.ObjectListing;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

// Unit tests of the backfill with a fake listing, the in-memory ledger and a recording SQS client.
class BackfillServiceTest {

    private static final String BUCKET = "photo-archive";
    private static final KeyFilter KEYS = KeyFilter.of("cats/,dogs/", "cats/raw/", ".jpg,.png");

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingSqsClient sqs = new RecordingSqsClient();
    private final MemoryCheckpoints checkpoints = new MemoryCheckpoints();
    private final EnqueueService pipeline =
            new EnqueueService(sqs, "queue-url", ledger, KEYS, new RecordingMetrics(), Clock.systemUTC());

    private static FakeObjectListing bucket(int pageSize) {
        return new FakeObjectListing(BUCKET, pageSize, false)
                .put("birds/tweety.jpg", 10, "e1", null)
                .put("cats/raw/big.jpg", 10, "e2", null)
                .put("cats/tom.jpg", 10, "e3", null)
                .put("cats/notes.txt", 10, "e4", null)
                .put("cats/empty.png", 0, "e5", null)
                .put("dogs/rex café (1).png", 10, "e6", null)
                .put("dogs/a b+c(1):x.jpg", 10, "e7", null);
    }

    private BackfillService service(ObjectListing listing) {
        return new BackfillService(listing, ledger, pipeline, checkpoints, KEYS);
    }

    private Set<String> queuedKeys() {
        Set<String> keys = new TreeSet<>();
        for (String body : sqs.bodies()) {
            keys.add(Json.MAPPER.convertValue(read(body), ObjectVersion.class).key());
        }
        return keys;
    }

    private static JsonNode read(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void run_queuesExactlyTheImagesUnderTheIncludePrefixesWithETagIds() {
        BackfillService.Report report = service(bucket(2))
                .run(BUCKET, new BackfillService.Options(false, 128), (counts, key) -> {}, () -> false);

        assertEquals(Set.of("cats/tom.jpg", "dogs/a b+c(1):x.jpg", "dogs/rex café (1).png"), queuedKeys());
        assertEquals(new BackfillService.Counts(6, 3, 0, 3), report.counts(), "birds/ is never listed");
        assertEquals(1, report.addRequests());
        assertTrue(report.completed());
        ObjectVersion tom = Json.MAPPER.convertValue(
                read(sqs.bodies().stream()
                        .filter(b -> b.contains("tom"))
                        .findFirst()
                        .orElseThrow()),
                ObjectVersion.class);
        assertEquals(InputIds.forObject(BUCKET, "cats/tom.jpg", null, null, "e3"), tom.inputId());
        assertEquals(null, tom.sequencer(), "a listing has no sequencer");
        assertEquals(
                InputState.QUEUED,
                ledger.entry(BUCKET, "cats/tom.jpg", tom.inputId()).state());
        assertEquals(Optional.empty(), checkpoints.load(BUCKET, "any"));
        assertTrue(checkpoints.saved.isEmpty(), "a finished run leaves no checkpoint");
    }

    @Test
    void run_twice_queuesNothingTheSecondTime() {
        service(bucket(3)).run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false);
        int messages = sqs.bodies().size();

        BackfillService.Report second =
                service(bucket(3)).run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false);

        assertEquals(messages, sqs.bodies().size());
        assertEquals(new BackfillService.Counts(6, 3, 3, 0), second.counts());
        assertEquals(0, second.addRequests());
    }

    @Test
    void run_whenAnEventWasSeenForTheKey_leavesItToTheEvent() {
        ledger.recordQueued(
                ObjectVersion.of(BUCKET, "cats/tom.jpg", 10, "e3", null, "0067A1B2C3D4E5F601", null), Instant.now());

        BackfillService.Report report =
                service(bucket(10)).run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false);

        assertFalse(queuedKeys().contains("cats/tom.jpg"));
        assertEquals(1, report.counts().alreadyKnown());
        assertEquals(1, ledger.versionsOf(BUCKET, "cats/tom.jpg").size(), "no second version from the listing");
    }

    @Test
    void run_whenSqsRefusedAMessage_theNextRunQueuesThatKeyAgain() {
        String refused = "dogs/rex café (1).png";
        sqs.refuseBodiesContaining("rex café");
        assertThrows(
                EnqueueService.EnqueueFailedException.class,
                () -> service(bucket(10))
                        .run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false));
        assertEquals(Optional.empty(), ledger.head(BUCKET, refused), "no head: the pipeline does not have it");
        assertTrue(ledger.head(BUCKET, "dogs/a b+c(1):x.jpg").isPresent(), "the key SQS took on that page has one");

        sqs.acceptAll();
        BackfillService.Report again =
                service(bucket(10)).run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false);

        assertTrue(again.resumed(), "from the checkpoint after cats/, the page before the refusal");
        assertEquals(
                new BackfillService.Counts(6, 3, 1, 2),
                again.counts(),
                "cats/tom.jpg from the checkpoint, " + "dogs/a b+c(1):x.jpg known, the refused key queued");
        assertEquals(
                2, sqs.bodies().stream().filter(b -> b.contains("rex café")).count(), "refused once, then sent again");
        assertEquals(1, ledger.versionsOf(BUCKET, refused).size(), "the same version, not a second one");
        assertEquals(
                InputState.QUEUED, ledger.versionsOf(BUCKET, refused).get(0).state());
        assertTrue(ledger.head(BUCKET, refused).isPresent());
    }

    @Test
    void run_whenTheSdkGaveUpOnABatch_nothingOfItGetsAHead_andTheNextRunQueuesIt() {
        sqs.throwOnBodiesContaining("dogs/");
        assertThrows(
                EnqueueService.EnqueueFailedException.class,
                () -> service(bucket(10))
                        .run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false));
        assertTrue(ledger.head(BUCKET, "cats/tom.jpg").isPresent(), "the batch SQS took");
        assertEquals(Optional.empty(), ledger.head(BUCKET, "dogs/rex café (1).png"));
        assertEquals(Optional.empty(), ledger.head(BUCKET, "dogs/a b+c(1):x.jpg"));

        sqs.acceptAll();
        BackfillService.Report again =
                service(bucket(10)).run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false);

        assertEquals(
                new BackfillService.Counts(6, 3, 0, 3),
                again.counts(),
                "cats/ from the checkpoint, both dogs " + "queued again");
        assertTrue(ledger.head(BUCKET, "dogs/rex café (1).png").isPresent());
        assertTrue(ledger.head(BUCKET, "dogs/a b+c(1):x.jpg").isPresent());
    }

    @Test
    void countListed_countsWhatARunSeesUnderTheIncludePrefixes_andStopsWhenAsked() {
        assertEquals(6, service(bucket(2)).countListed(BUCKET, () -> false), "birds/ is never listed");
        assertEquals(-1, service(bucket(2)).countListed(BUCKET, () -> true));
        assertTrue(ledger.all().isEmpty());
        assertTrue(sqs.batches.isEmpty());
    }

    @Test
    void run_dryRun_countsAndChangesNothing() {
        BackfillService.Report report =
                service(bucket(2)).run(BUCKET, new BackfillService.Options(true, 2), (c, k) -> {}, () -> false);

        assertEquals(new BackfillService.Counts(6, 3, 0, 3), report.counts());
        assertEquals(2, report.addRequests(), "3 images in adds of 2");
        assertTrue(sqs.batches.isEmpty());
        assertTrue(ledger.all().isEmpty());
        assertTrue(checkpoints.saved.isEmpty());
    }

    @Test
    void run_whenStoppedAfterAPage_resumesAfterItsLastKeyAndEndsLikeAnUninterruptedRun() {
        FakeObjectListing listing = bucket(1);
        List<String> pagesSeen = new ArrayList<>();
        BackfillService.Report stopped = service(listing)
                .run(
                        BUCKET,
                        new BackfillService.Options(false, 128),
                        (c, key) -> pagesSeen.add(key),
                        () -> pagesSeen.size() == 2);

        assertFalse(stopped.completed());
        assertEquals(1, checkpoints.saved.size());
        Checkpoints.Checkpoint checkpoint =
                checkpoints.saved.values().iterator().next();
        assertEquals("cats/notes.txt", checkpoint.lastKey());
        assertEquals(
                checkpoint.counts().objectsSeen(),
                service(listing).objectsBeforeCheckpoint(BUCKET),
                "what progress leaves out of the resumed run's rate and ETA");
        int pagesBefore = listing.pagesListed;

        BackfillService.Report resumed =
                service(listing).run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false);

        assertTrue(resumed.resumed());
        assertTrue(resumed.completed());
        assertEquals(new BackfillService.Counts(6, 3, 0, 3), resumed.counts(), "totals carry over the checkpoint");
        assertEquals(Set.of("cats/tom.jpg", "dogs/a b+c(1):x.jpg", "dogs/rex café (1).png"), queuedKeys());
        assertEquals(3, sqs.bodies().size(), "nothing queued twice");
        assertTrue(listing.pagesListed - pagesBefore < 8, "did not list from the start (8 pages)");
        assertTrue(checkpoints.saved.isEmpty());
        assertEquals(0, service(listing).objectsBeforeCheckpoint(BUCKET), "finished: no checkpoint");
    }

    @Test
    void run_inAVersionedBucket_usesTheVersionIdTheEventsUseToo() {
        FakeObjectListing listing = new FakeObjectListing(BUCKET, 10, true).put("cats/tom.jpg", 10, "e3", "v-3");

        service(listing).run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false);

        ObjectVersion queued = Json.MAPPER.convertValue(read(sqs.bodies().get(0)), ObjectVersion.class);
        assertEquals(InputIds.forObject(BUCKET, "cats/tom.jpg", "v-3", "0067A1B2C3D4E5F601", "e3"), queued.inputId());
    }

    @Test
    void run_whenTheBucketDoesNotExist_failsWithOneClearMessageAndWritesNothing() {
        ObjectListing.ListingException failure = assertThrows(
                ObjectListing.ListingException.class,
                () -> service(bucket(2))
                        .run("no-such-bucket", new BackfillService.Options(false, 128), (c, k) -> {}, () -> false));

        assertEquals("bucket no-such-bucket does not exist", failure.getMessage());
        assertTrue(sqs.batches.isEmpty());
        assertTrue(checkpoints.saved.isEmpty());
    }

    @Test
    void run_whenThePrefixesMatchNothing_reportsNothingSeen() {
        BackfillService.Report report = new BackfillService(
                        bucket(2), ledger, pipeline, checkpoints, KeyFilter.of("fish/", "", ".jpg"))
                .run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false);

        assertEquals(BackfillService.Counts.ZERO, report.counts());
        assertTrue(report.completed());
    }

    /** Checkpoints in a map, as DynamoDbCheckpoints keeps them in the table. */
    static final class MemoryCheckpoints implements Checkpoints {
        final Map<String, Checkpoint> saved = new HashMap<>();

        @Override
        public Optional<Checkpoint> load(String bucket, String scope) {
            return Optional.ofNullable(saved.get(bucket + "|" + scope));
        }

        @Override
        public void save(String bucket, String scope, Checkpoint checkpoint) {
            saved.put(bucket + "|" + scope, checkpoint);
        }

        @Override
        public void clear(String bucket, String scope) {
            saved.remove(bucket + "|" + scope);
        }
    }
}
