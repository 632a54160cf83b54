package io.github.clarifais3sync.ledger;

import static io.github.clarifais3sync.ledger.LedgerItems.PENDING;
import static io.github.clarifais3sync.ledger.LedgerItems.n;
import static io.github.clarifais3sync.ledger.LedgerItems.s;
import static io.github.clarifais3sync.ledger.LedgerItems.str;
import static io.github.clarifais3sync.ledger.LedgerItems.time;
import static io.github.clarifais3sync.ledger.LedgerItems.versionKey;

import io.github.clarifais3sync.inputs.StatusCodes;
import io.github.clarifais3sync.model.ObjectVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The ledger in one DynamoDB table (see {@code LedgerTable} in template.yaml; the items as {@link LedgerItems}
 * describes them). Every state change is an UpdateItem whose condition comes from {@link Transition}; on a failed
 * condition the item comes back with the error. The keys' head items are {@link KeyHeads}', the labels leases
 * {@link LabelsLeases}'; the operations tool's Scan is {@link DynamoDbLedgerScan}.
 */
public final class DynamoDbLedger implements Ledger, LedgerScan {

    public static final String PENDING_INDEX = "pending";

    private final LedgerTable table;
    private final KeyHeads heads;
    private final LabelsLeases labels;
    private final LedgerScan scan;
    private final Duration deletedItemTtl;

    public DynamoDbLedger(DynamoDbClient dynamoDb, String table, Duration deletedItemTtl) {
        this.table = new LedgerTable(dynamoDb, table);
        this.heads = new KeyHeads(this.table);
        this.labels = new LabelsLeases(this.table);
        this.scan = new DynamoDbLedgerScan(dynamoDb, table);
        this.deletedItemTtl = deletedItemTtl;
    }

    @Override
    public void recordVersionQueued(ObjectVersion version, Instant now) {
        UpdateExpression put = new UpdateExpression()
                .set("state", s(InputState.QUEUED.wireName()))
                .set("createdAt", s(time(now)))
                .set("updatedAt", s(time(now)))
                .set("attempts", n(0))
                .identity(version)
                .transition(Transition.QUEUE);
        table.tryUpdate(versionKey(version.bucket(), version.key(), version.inputId()), put);
    }

    @Override
    public void recordSent(ObjectVersion version, Instant now) {
        advanceHead(version.bucket(), version.key(), version.sequencer(), version.inputId(), now);
    }

    @Override
    public boolean recordRemoved(String bucket, String key, String sequencer, Instant now) {
        return advanceHead(bucket, key, sequencer, null, now);
    }

    private boolean advanceHead(String bucket, String key, String sequencer, String inputId, Instant now) {
        return heads.advance(bucket, key, sequencer, inputId, now);
    }

    @Override
    public Optional<KeyHead> head(String bucket, String key) {
        return heads.head(bucket, key);
    }

    @Override
    public Set<String> keysWithHead(String bucket, Collection<String> keys) {
        return heads.keysWithHead(bucket, keys);
    }

    @Override
    public Optional<LedgerEntry> find(String bucket, String key, String inputId) {
        return Optional.ofNullable(table.get(versionKey(bucket, key, inputId))).map(LedgerItems::entry);
    }

    @Override
    public List<LedgerEntry> versionsOf(String bucket, String key) {
        return table.query(
                QueryRequest.builder()
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                        .expressionAttributeValues(Map.of(
                                ":pk", s(LedgerItems.pk(bucket, key)), ":prefix", s(LedgerItems.VERSION_PREFIX))),
                Integer.MAX_VALUE);
    }

    @Override
    public boolean markPosted(ObjectVersion version, String labels, String labelProblems, Instant now) {
        UpdateExpression posted = addOutcome(version, now, Transition.POST)
                .set("labels", s(labels))
                .set("labelProblems", s(labelProblems))
                .set("state", s(InputState.POSTED.wireName()))
                .set("postedAt", s(time(now)))
                .set("statusCode", n(StatusCodes.INPUT_PENDING))
                .set("statusDescription", s("accepted; processing"))
                .set("pendingPartition", s(PENDING))
                .set("nextCheckAt", s(time(now)));
        LedgerTable.Result result =
                table.tryUpdate(versionKey(version.bucket(), version.key(), version.inputId()), posted);
        // Refused: the item as it is came back with the failed condition (no second read).
        return result.applied()
                || (!result.item().isEmpty() && !InputState.DELETED.wireName().equals(str(result.item(), "state")));
    }

    @Override
    public void markFailed(ObjectVersion version, int statusCode, String description, Instant now) {
        UpdateExpression failed = addOutcome(version, now, Transition.FAIL_ADD)
                .set("state", s(InputState.FAILED.wireName()))
                .set("statusCode", n(statusCode))
                .set("statusDescription", s(description))
                .set("finalAt", s(time(now)))
                .remove("pendingPartition")
                .remove("nextCheckAt");
        table.tryUpdate(versionKey(version.bucket(), version.key(), version.inputId()), failed);
    }

    /** What every add outcome writes: one more attempt, the version's identity where missing, and its transition. */
    private static UpdateExpression addOutcome(ObjectVersion version, Instant now, Transition transition) {
        return new UpdateExpression()
                .set("updatedAt", s(time(now)))
                .add("attempts", n(1))
                .setIfAbsent("createdAt", s(time(now)))
                .identity(version)
                .transition(transition);
    }

    @Override
    public Optional<LedgerEntry> markDeleted(String bucket, String key, String inputId, String reason, Instant now) {
        UpdateExpression deleted = new UpdateExpression()
                .set("state", s(InputState.DELETED.wireName()))
                .set("statusDescription", s(reason))
                .set("updatedAt", s(time(now)))
                .set("finalAt", s(time(now)))
                .set("expiresAt", n(now.plus(deletedItemTtl).getEpochSecond()))
                .set("bucket", s(bucket))
                .set("objectKey", s(key))
                .set("inputId", s(inputId))
                .remove("pendingPartition")
                .remove("nextCheckAt")
                .transition(Transition.DELETE);
        LedgerTable.Result result = table.tryUpdate(versionKey(bucket, key, inputId), deleted);
        return result.applied() && result.item().containsKey("state")
                ? Optional.of(LedgerItems.entry(result.item()))
                : Optional.empty();
    }

    @Override
    public boolean requeue(LedgerEntry entry, int statusCode, String description, Instant now) {
        UpdateExpression queued = new UpdateExpression()
                .set("state", s(InputState.QUEUED.wireName()))
                .set("statusCode", n(statusCode))
                .set("statusDescription", s(description))
                .set("updatedAt", s(time(now)))
                .remove("pendingPartition")
                .remove("nextCheckAt")
                .transition(Transition.REQUEUE);
        return table.tryUpdate(versionKey(entry.bucket(), entry.key(), entry.inputId()), queued)
                .applied();
    }

    @Override
    public void countUncertainAdd(ObjectVersion version, Instant now) {
        UpdateExpression uncertain = new UpdateExpression()
                .set("updatedAt", s(time(now)))
                .add("attempts", n(1))
                .transition(Transition.UNCERTAIN_ADD);
        table.tryUpdate(versionKey(version.bucket(), version.key(), version.inputId()), uncertain);
    }

    @Override
    public boolean retry(LedgerEntry entry, String description, Instant now) {
        UpdateExpression queued = new UpdateExpression()
                .set("state", s(InputState.QUEUED.wireName()))
                .set("statusDescription", s(description))
                .set("updatedAt", s(time(now)))
                .remove("finalAt")
                .remove("pendingPartition")
                .remove("nextCheckAt")
                .transition(Transition.RETRY);
        return table.tryUpdate(versionKey(entry.bucket(), entry.key(), entry.inputId()), queued)
                .applied();
    }

    @Override
    public List<LedgerEntry> dueForStatus(Instant now, int limit) {
        return table.query(
                QueryRequest.builder()
                        .indexName(PENDING_INDEX)
                        .keyConditionExpression("pendingPartition = :pending AND nextCheckAt <= :now")
                        .expressionAttributeValues(Map.of(":pending", s(PENDING), ":now", s(time(now)))),
                limit);
    }

    @Override
    public void recordStatus(
            LedgerEntry entry, InputState state, int statusCode, String description, Instant now, Instant nextCheckAt) {
        UpdateExpression update = new UpdateExpression()
                .set("state", s(Transition.RECORD_STATUS.requireTarget(state).wireName()))
                .set("statusCode", n(statusCode))
                .set("statusDescription", s(description))
                .set("updatedAt", s(time(now)))
                .transition(Transition.RECORD_STATUS);
        if (state.awaitsStatus()) {
            update.set("nextCheckAt", s(time(nextCheckAt)));
        } else {
            update.set("finalAt", s(time(now))).remove("pendingPartition").remove("nextCheckAt");
        }
        table.tryUpdate(versionKey(entry.bucket(), entry.key(), entry.inputId()), update);
    }

    @Override
    public LabelsClaim claimLabels(
            String bucket, String key, String inputId, String owner, Instant now, Instant until) {
        return labels.claim(bucket, key, inputId, owner, now, until);
    }

    @Override
    public boolean recordLabels(
            String bucket, String key, String inputId, String owner, String labels, String problems, Instant now) {
        return this.labels.record(bucket, key, inputId, owner, labels, problems, now);
    }

    @Override
    public void releaseLabels(String bucket, String key, String inputId, String owner) {
        labels.release(bucket, key, inputId, owner);
    }

    @Override
    public Instant labelsFlushAt(Instant now, Duration hold) {
        return labels.flushAt(now, hold);
    }

    @Override
    public void scanVersions(Consumer<LedgerEntry> each, BooleanSupplier stop) {
        scan.scanVersions(each, stop);
    }

    /** The item a version is stored as, for bulk loads that bypass the transitions. */
    public static Map<String, AttributeValue> versionItem(LedgerEntry entry) {
        return LedgerItems.versionItem(entry);
    }
}
