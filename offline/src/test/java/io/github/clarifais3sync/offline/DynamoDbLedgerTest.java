package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.Ledger.KeyHead;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.model.ObjectVersion;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Integration test of {@link DynamoDbLedger}'s conditional writes against the offline stack's DynamoDB (moto), on the
 * table (keys, sparse {@code pending} index) that template.yaml declares and the offline stack creates.
 */
class DynamoDbLedgerTest {

    private static final Duration TTL = Duration.ofDays(30);
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static OfflineStack stack;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbLedger ledger;

    /** Each test writes under its own bucket name, so tests sharing the table never see each other's items. */
    private String bucket;

    @BeforeAll
    static void startStack() throws Exception {
        stack = OfflineStack.builder().template(TestStacks.TEMPLATE).eventSources(false)
                .inputsApi(TestStacks::unusedInputsApi).start();
        dynamoDb = stack.aws().dynamoDbClient();
        ledger = new DynamoDbLedger(dynamoDb, stack.tableName(), TTL);
    }

    @AfterAll
    static void stopStack() {
        dynamoDb.close();
        stack.close();
    }

    @BeforeEach
    void newBucket() {
        bucket = "ledger-" + UUID.randomUUID();
    }

    @Test
    void recordQueued_whenSameVersionRecordedTwice_keepsTheFirstRecord() {
        ObjectVersion first = version("a.jpg", 100, "etag-1", "0A");
        ObjectVersion again = new ObjectVersion(bucket, "a.jpg", 200, "etag-2", null, "0A", null, first.inputId());

        ledger.recordQueued(first, NOW);
        ledger.recordQueued(again, NOW.plusSeconds(60));

        LedgerEntry entry = ledger.find(bucket, "a.jpg", first.inputId()).orElseThrow();
        assertEquals(InputState.QUEUED, entry.state());
        assertEquals(NOW, entry.createdAt());
        assertEquals("etag-1", entry.eTag());
        assertEquals(100, entry.size());
        assertEquals(1, ledger.versionsOf(bucket, "a.jpg").size());
    }

    @Test
    void head_whenEventsOfDifferentSequencerLengthsArrive_advancesOnlyToNewerOnes() {
        ledger.recordQueued(version("k.jpg", 1, "e", "0A0000001"), NOW);
        assertEquals(Optional.of(new KeyHead(padded("0A0000001"), false)), ledger.head(bucket, "k.jpg"));

        assertFalse(ledger.recordRemoved(bucket, "k.jpg", "0A", NOW), "0A is 0A0000000, before 0A0000001");
        assertFalse(ledger.recordRemoved(bucket, "k.jpg", "0a00000010", NOW),
                "the same sequencer in lower case with a trailing zero is the same event");
        assertEquals(Optional.of(new KeyHead(padded("0A0000001"), false)), ledger.head(bucket, "k.jpg"));

        assertTrue(ledger.recordRemoved(bucket, "k.jpg", "0A00000011", NOW));
        assertEquals(Optional.of(new KeyHead(padded("0A00000011"), true)), ledger.head(bucket, "k.jpg"));

        ledger.recordQueued(version("k.jpg", 1, "e", "0A00000010FF"), NOW);
        assertEquals(Optional.of(new KeyHead(padded("0A00000011"), true)), ledger.head(bucket, "k.jpg"),
                "a longer but older put does not move the head back");

        ledger.recordQueued(version("k.jpg", 1, "e", "0B"), NOW);
        assertEquals(Optional.of(new KeyHead(padded("0B"), false)), ledger.head(bucket, "k.jpg"));
    }

    @Test
    void markPosted_whenVersionMarkedDeletedFirst_refusesAndKeepsItDeleted() {
        ObjectVersion version = version("racy.jpg", 10, "e", "01");
        ledger.recordQueued(version, NOW);

        assertEquals(Optional.of(InputState.QUEUED),
                ledger.markDeleted(bucket, "racy.jpg", version.inputId(), "removed", NOW).map(LedgerEntry::state));
        boolean posted = ledger.markPosted(version, NOW.plusSeconds(1));

        assertFalse(posted);
        LedgerEntry entry = ledger.find(bucket, "racy.jpg", version.inputId()).orElseThrow();
        assertEquals(InputState.DELETED, entry.state());
        assertEquals(null, entry.postedAt());
        assertFalse(item(version).containsKey("pendingPartition"));
    }

    @Test
    void markDeleted_whenCalledTwice_returnsThePreviousStateOnceThenEmpty() {
        ObjectVersion version = version("twice.jpg", 10, "e", "01");
        ledger.recordQueued(version, NOW);
        assertTrue(ledger.markPosted(version, NOW));

        Optional<InputState> first = ledger.markDeleted(bucket, "twice.jpg", version.inputId(), "removed", NOW)
                .map(LedgerEntry::state);
        Optional<InputState> second = ledger.markDeleted(bucket, "twice.jpg", version.inputId(), "again", NOW)
                .map(LedgerEntry::state);

        assertEquals(Optional.of(InputState.POSTED), first);
        assertEquals(Optional.empty(), second);
        assertEquals("removed", ledger.find(bucket, "twice.jpg", version.inputId()).orElseThrow()
                .statusDescription(), "the second delete changed nothing");
    }

    @Test
    void markDeleted_whenApplied_setsExpiresAtTheTtlAfterTheDelete() {
        ObjectVersion version = version("ttl.jpg", 10, "e", "01");
        ledger.recordQueued(version, NOW);

        ledger.markDeleted(bucket, "ttl.jpg", version.inputId(), "removed", NOW);

        Map<String, AttributeValue> item = item(version);
        assertEquals(String.valueOf(NOW.plus(TTL).getEpochSecond()), item.get("expiresAt").n());
        assertEquals("deleted", item.get("state").s());
    }

    @Test
    void dueForStatus_whenVersionsInEveryState_returnsOnlyPostedAndProcessingWhoseCheckIsDue() {
        ObjectVersion queued = queued("queued.jpg");
        ObjectVersion posted = posted("posted.jpg", NOW);
        ObjectVersion processingLater = posted("processing.jpg", NOW);
        ledger.recordStatus(entry(processingLater), InputState.PROCESSING, 30003, "in progress", NOW,
                NOW.plus(Duration.ofMinutes(10)));
        ObjectVersion indexed = posted("indexed.jpg", NOW);
        ledger.recordStatus(entry(indexed), InputState.INDEXED, 30000, "ok", NOW, null);
        ObjectVersion deleted = posted("deleted.jpg", NOW);
        ledger.markDeleted(bucket, "deleted.jpg", deleted.inputId(), "removed", NOW);
        ObjectVersion failed = queued("failed.jpg");
        ledger.markFailed(failed, 21200, "bad image", NOW);
        ObjectVersion postedLater = posted("later.jpg", NOW.plus(Duration.ofMinutes(5)));

        Set<String> dueSoon = dueKeys(NOW.plus(Duration.ofMinutes(1)));
        Set<String> dueLater = dueKeys(NOW.plus(Duration.ofMinutes(11)));

        assertEquals(Set.of("posted.jpg"), dueSoon);
        assertEquals(Set.of("posted.jpg", "processing.jpg", "later.jpg"), dueLater);
        assertEquals(Set.of("posted.jpg", "processing.jpg", "later.jpg"), pendingIndexKeys(),
                "the sparse index holds exactly the versions awaiting status");
        for (ObjectVersion settled : List.of(queued, indexed, deleted, failed)) {
            assertFalse(item(settled).containsKey("pendingPartition"), settled.key());
            assertFalse(item(settled).containsKey("nextCheckAt"), settled.key());
        }
        assertTrue(item(postedLater).containsKey("pendingPartition"));
    }

    @Test
    void recordStatus_whenIndexed_removesTheVersionFromThePendingIndex() {
        ObjectVersion version = posted("done.jpg", NOW);
        assertEquals(Set.of("done.jpg"), pendingIndexKeys());

        ledger.recordStatus(entry(version), InputState.INDEXED, 30000, "Download complete", NOW.plusSeconds(5), null);

        assertEquals(Set.of(), pendingIndexKeys());
        assertEquals(Set.of(), dueKeys(NOW.plus(Duration.ofDays(1))));
        LedgerEntry entry = entry(version);
        assertEquals(InputState.INDEXED, entry.state());
        assertEquals(30000, entry.statusCode());
        assertTrue(item(version).containsKey("finalAt"));
    }

    @Test
    void recordStatus_whenVersionDeletedMeanwhile_leavesItDeleted() {
        ObjectVersion version = posted("gone.jpg", NOW);
        LedgerEntry seenByPoller = entry(version);
        ledger.markDeleted(bucket, "gone.jpg", version.inputId(), "removed", NOW);

        ledger.recordStatus(seenByPoller, InputState.INDEXED, 30000, "ok", NOW.plusSeconds(1), null);

        assertEquals(InputState.DELETED, entry(version).state());
        assertEquals(Set.of(), pendingIndexKeys());
    }

    @Test
    void requeue_whenPosted_queuesItOnceAndTheNextPostCountsAnotherAttempt() {
        ObjectVersion version = posted("flaky.jpg", NOW);

        boolean first = ledger.requeue(entry(version), 39996, "retrying after 39996", NOW.plusSeconds(1));
        boolean second = ledger.requeue(entry(version), 39996, "again", NOW.plusSeconds(2));

        assertTrue(first);
        assertFalse(second, "only a version awaiting status can be requeued");
        assertEquals(InputState.QUEUED, entry(version).state());
        assertEquals(Set.of(), pendingIndexKeys());
        assertTrue(ledger.markPosted(version, NOW.plusSeconds(3)));
        assertEquals(2, entry(version).attempts());
        assertEquals(Set.of("flaky.jpg"), pendingIndexKeys());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private ObjectVersion version(String key, long size, String eTag, String sequencer) {
        return ObjectVersion.of(bucket, key, size, eTag, null, sequencer, null);
    }

    private ObjectVersion queued(String key) {
        ObjectVersion version = version(key, 10, "e", "01");
        ledger.recordQueued(version, NOW);
        return version;
    }

    private ObjectVersion posted(String key, Instant at) {
        ObjectVersion version = queued(key);
        assertTrue(ledger.markPosted(version, at));
        return version;
    }

    private LedgerEntry entry(ObjectVersion version) {
        return ledger.find(bucket, version.key(), version.inputId()).orElseThrow();
    }

    private Set<String> dueKeys(Instant now) {
        return ledger.dueForStatus(now, 1000).stream().filter(entry -> entry.bucket().equals(bucket))
                .map(LedgerEntry::key).collect(Collectors.toSet());
    }

    /** This test's items in the {@code pending} index, read straight from DynamoDB. */
    private Set<String> pendingIndexKeys() {
        return dynamoDb.query(request -> request.tableName(stack.tableName()).indexName(DynamoDbLedger.PENDING_INDEX)
                        .keyConditionExpression("pendingPartition = :pending")
                        .expressionAttributeValues(Map.of(":pending", AttributeValue.fromS("pending"))))
                .items().stream().filter(item -> item.get("bucket").s().equals(bucket))
                .map(item -> item.get("objectKey").s()).collect(Collectors.toSet());
    }

    /** The version's raw item; its key layout is the one DynamoDbLedger documents. */
    private Map<String, AttributeValue> item(ObjectVersion version) {
        return dynamoDb.getItem(request -> request.tableName(stack.tableName()).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("s3://" + bucket + "/" + version.key()),
                "sk", AttributeValue.fromS("v#" + version.inputId())))).item();
    }

    private static String padded(String sequencer) {
        return sequencer + "0".repeat(32 - sequencer.length());
    }
}
