package io.github.clarifais3sync.ledger;

import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.model.Sequencers;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The ledger in one DynamoDB table (see {@code LedgerTable} in template.yaml). Every state change is an UpdateItem
 * whose condition comes from {@link Transition}; on a failed condition the item comes back with the error.
 *
 * <ul>
 *   <li>Partition {@code pk = s3://bucket/key}; sort key {@code head} holds the newest sequencer seen for the key,
 *       {@code v#<inputId>} one item per object version.</li>
 *   <li>Versions awaiting a status check carry {@code pendingPartition} and {@code nextCheckAt}: the sparse
 *       {@code pending} index holds exactly those, so the status poller never scans.</li>
 *   <li>Deleted versions get {@code expiresAt} (epoch seconds), the table's TTL attribute.</li>
 * </ul>
 * Times are stored as fixed-width UTC strings ({@code 2026-11-23T10:15:30.123Z}) so that they sort as strings.
 */
public final class DynamoDbLedger implements Ledger {

    public static final String PENDING_INDEX = "pending";
    private static final String PENDING = "pending";
    private static final String HEAD = "head";
    private static final String LABELS = "labels";
    private static final String FLUSH = "flush";
    /** BatchGetItem's limit of keys per request. */
    private static final int BATCH_GET_KEYS = 100;
    private static final int MAX_UNPROCESSED_ROUNDS = 8;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration deletedItemTtl;

    public DynamoDbLedger(DynamoDbClient dynamoDb, String table, Duration deletedItemTtl) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.deletedItemTtl = deletedItemTtl;
    }

    @Override
    public void recordVersionQueued(ObjectVersion version, Instant now) {
        Update put = new Update()
                .set("state", s(InputState.QUEUED.wireName()))
                .set("createdAt", s(time(now)))
                .set("updatedAt", s(time(now)))
                .set("attempts", n(0))
                .identity(version)
                .transition(Transition.QUEUE);
        tryUpdate(versionKey(version.bucket(), version.key(), version.inputId()), put);
    }

    @Override
    public void recordSent(ObjectVersion version, Instant now) {
        advanceHead(version.bucket(), version.key(), version.sequencer(), version.inputId(), now);
    }

    @Override
    public boolean recordRemoved(String bucket, String key, String sequencer, Instant now) {
        return advanceHead(bucket, key, sequencer, null, now);
    }

    /** @param inputId the created version's input id; null for a removal */
    private boolean advanceHead(String bucket, String key, String sequencer, String inputId, Instant now) {
        Update head = new Update()
                .set("sequencer", s(Sequencers.normalize(sequencer)))
                .set("removed", AttributeValue.fromBool(inputId == null))
                .set("updatedAt", s(time(now)))
                .condition("attribute_not_exists(#sequencer) OR #sequencer < :sequencer");
        if (inputId == null) {
            head.remove("headInputId");
        } else {
            head.set("headInputId", s(inputId));
        }
        return tryUpdate(key(pk(bucket, key), HEAD), head).applied();
    }

    @Override
    public Optional<KeyHead> head(String bucket, String key) {
        Map<String, AttributeValue> item = get(key(pk(bucket, key), HEAD));
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(new KeyHead(str(item, "sequencer"), item.containsKey("removed") && item.get("removed").bool(),
                item.containsKey("headInputId") ? item.get("headInputId").s() : null));
    }

    /**
     * BatchGetItem, 100 keys a request (its limit), consistent reads of the key attribute only. Keys DynamoDB leaves
     * unprocessed (throttling, the 16 MB answer limit) are asked again after a growing pause, as the API reference
     * recommends (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
     */
    @Override
    public Set<String> keysWithHead(String bucket, Collection<String> keys) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        Set<String> known = new HashSet<>();
        for (int from = 0; from < distinct.size(); from += BATCH_GET_KEYS) {
            List<Map<String, AttributeValue>> batch = new ArrayList<>();
            for (String key : distinct.subList(from, Math.min(distinct.size(), from + BATCH_GET_KEYS))) {
                batch.add(key(pk(bucket, key), HEAD));
            }
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(batch)
                    .consistentRead(true).projectionExpression("pk").build());
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round > 0) {
                    pause(round);
                }
                if (round > MAX_UNPROCESSED_ROUNDS) {
                    throw new IllegalStateException("DynamoDB left " + pending.get(table).keys().size()
                            + " keys unprocessed after " + MAX_UNPROCESSED_ROUNDS + " retries");
                }
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r.requestItems(request));
                String prefix = pk(bucket, "");
                response.responses().getOrDefault(table, List.of()).forEach(item -> known.add(
                        str(item, "pk").substring(prefix.length())));
                pending = response.hasUnprocessedKeys() && response.unprocessedKeys().containsKey(table)
                        && !response.unprocessedKeys().get(table).keys().isEmpty() ? response.unprocessedKeys()
                        : Map.of();
            }
        }
        return known;
    }

    private static void pause(int round) {
        try {
            Thread.sleep(Math.min(1_000L, 25L << Math.min(round, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying unprocessed keys", e);
        }
    }

    @Override
    public Optional<LedgerEntry> find(String bucket, String key, String inputId) {
        return Optional.ofNullable(get(versionKey(bucket, key, inputId))).map(DynamoDbLedger::entry);
    }

    @Override
    public List<LedgerEntry> versionsOf(String bucket, String key) {
        return query(QueryRequest.builder()
                .consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(pk(bucket, key)), ":prefix", s("v#"))), Integer.MAX_VALUE);
    }

    @Override
    public boolean markPosted(ObjectVersion version, String labels, String labelProblems, Instant now) {
        Update posted = addOutcome(version, now, Transition.POST)
                .set("labels", s(labels))
                .set("labelProblems", s(labelProblems))
                .set("state", s(InputState.POSTED.wireName()))
                .set("postedAt", s(time(now)))
                .set("statusCode", n(30001))
                .set("statusDescription", s("accepted; processing"))
                .set("pendingPartition", s(PENDING))
                .set("nextCheckAt", s(time(now)));
        Result result = tryUpdate(versionKey(version.bucket(), version.key(), version.inputId()), posted);
        // Refused: the item as it is came back with the failed condition (no second read).
        return result.applied()
                || (!result.item().isEmpty() && !InputState.DELETED.wireName().equals(str(result.item(), "state")));
    }

    @Override
    public void markFailed(ObjectVersion version, int statusCode, String description, Instant now) {
        Update failed = addOutcome(version, now, Transition.FAIL_ADD)
                .set("state", s(InputState.FAILED.wireName()))
                .set("statusCode", n(statusCode))
                .set("statusDescription", s(description))
                .set("finalAt", s(time(now)))
                .remove("pendingPartition")
                .remove("nextCheckAt");
        tryUpdate(versionKey(version.bucket(), version.key(), version.inputId()), failed);
    }

    /** What every add outcome writes: one more attempt, the version's identity where missing, and its transition. */
    private static Update addOutcome(ObjectVersion version, Instant now, Transition transition) {
        return new Update()
                .set("updatedAt", s(time(now)))
                .add("attempts", n(1))
                .setIfAbsent("createdAt", s(time(now)))
                .identity(version)
                .transition(transition);
    }

    @Override
    public Optional<LedgerEntry> markDeleted(String bucket, String key, String inputId, String reason, Instant now) {
        Update deleted = new Update()
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
        Result result = tryUpdate(versionKey(bucket, key, inputId), deleted);
        return result.applied() && result.item().containsKey("state") ? Optional.of(entry(result.item()))
                : Optional.empty();
    }

    @Override
    public boolean requeue(LedgerEntry entry, int statusCode, String description, Instant now) {
        Update queued = new Update()
                .set("state", s(InputState.QUEUED.wireName()))
                .set("statusCode", n(statusCode))
                .set("statusDescription", s(description))
                .set("updatedAt", s(time(now)))
                .remove("pendingPartition")
                .remove("nextCheckAt")
                .transition(Transition.REQUEUE);
        return tryUpdate(versionKey(entry.bucket(), entry.key(), entry.inputId()), queued).applied();
    }

    @Override
    public void countUncertainAdd(ObjectVersion version, Instant now) {
        Update uncertain = new Update()
                .set("updatedAt", s(time(now)))
                .add("attempts", n(1))
                .transition(Transition.UNCERTAIN_ADD);
        tryUpdate(versionKey(version.bucket(), version.key(), version.inputId()), uncertain);
    }

    @Override
    public boolean retry(LedgerEntry entry, String description, Instant now) {
        Update queued = new Update()
                .set("state", s(InputState.QUEUED.wireName()))
                .set("statusDescription", s(description))
                .set("updatedAt", s(time(now)))
                .remove("finalAt")
                .remove("pendingPartition")
                .remove("nextCheckAt")
                .transition(Transition.RETRY);
        return tryUpdate(versionKey(entry.bucket(), entry.key(), entry.inputId()), queued).applied();
    }

    @Override
    public List<LedgerEntry> dueForStatus(Instant now, int limit) {
        return query(QueryRequest.builder()
                .indexName(PENDING_INDEX)
                .keyConditionExpression("pendingPartition = :pending AND nextCheckAt <= :now")
                .expressionAttributeValues(Map.of(":pending", s(PENDING), ":now", s(time(now)))), limit);
    }

    @Override
    public void recordStatus(LedgerEntry entry, InputState state, int statusCode, String description, Instant now,
                             Instant nextCheckAt) {
        Update update = new Update()
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
        tryUpdate(versionKey(entry.bucket(), entry.key(), entry.inputId()), update);
    }

    // ---- labels ----------------------------------------------------------------------------------------------

    @Override
    public LabelsClaim claimLabels(String bucket, String key, String inputId, String owner, Instant now,
                                   Instant until) {
        Update claim = new Update()
                .set("labelsLeaseOwner", s(owner))
                .set("labelsLeaseUntil", s(time(until)))
                .value(":now", s(time(now)))
                .value(":posted", s(InputState.POSTED.wireName()))
                .value(":processing", s(InputState.PROCESSING.wireName()))
                .value(":indexed", s(InputState.INDEXED.wireName()))
                .condition("#state IN (:posted, :processing, :indexed)"
                        + " AND (attribute_not_exists(#labelsLeaseUntil) OR #labelsLeaseUntil < :now)");
        Result result = tryUpdate(versionKey(bucket, key, inputId), claim);
        if (result.item().isEmpty() || !result.item().containsKey("state")) {
            return new LabelsClaim(LabelsClaim.Outcome.UNKNOWN, null, "");
        }
        LedgerEntry entry = entry(result.item());
        LabelsClaim.Outcome outcome = result.applied() ? LabelsClaim.Outcome.CLAIMED
                : entry.state().accepted() ? LabelsClaim.Outcome.BUSY : LabelsClaim.Outcome.NOT_ACCEPTED;
        return new LabelsClaim(outcome, entry, str(result.item(), "labels"));
    }

    @Override
    public boolean recordLabels(String bucket, String key, String inputId, String owner, String labels,
                                String problems, Instant now) {
        Update record = new Update()
                .set("labelProblems", s(problems))
                .set("labelsAt", s(time(now)))
                .remove("labelsLeaseOwner")
                .remove("labelsLeaseUntil")
                .value(":owner", s(owner))
                .condition("#labelsLeaseOwner = :owner");
        if (labels != null) {
            record.set("labels", s(labels));
        }
        return tryUpdate(versionKey(bucket, key, inputId), record).applied();
    }

    @Override
    public void releaseLabels(String bucket, String key, String inputId, String owner) {
        tryUpdate(versionKey(bucket, key, inputId), new Update()
                .remove("labelsLeaseOwner")
                .remove("labelsLeaseUntil")
                .value(":owner", s(owner))
                .condition("#labelsLeaseOwner = :owner"));
    }

    /**
     * One item outside every key's partition ({@code pk = labels}, {@code sk = flush}; scans of versions filter on
     * {@code sk} beginning {@code v#}, so they never see it), set only when the stored instant has passed.
     */
    @Override
    public Instant labelsFlushAt(Instant now, Duration hold) {
        Instant candidate = now.plus(hold);
        Result result = tryUpdate(key(LABELS, FLUSH), new Update()
                .set("flushAt", s(time(candidate)))
                .value(":now", s(time(now)))
                .condition("attribute_not_exists(#flushAt) OR #flushAt <= :now"));
        Instant stored = result.applied() ? null : instant(result.item(), "flushAt");
        return stored == null ? candidate : stored;
    }

    // ---- plumbing --------------------------------------------------------------------------------------------

    /**
     * Every version item of the table, page by page, in no particular order: a Scan, for the operations tool's
     * counts and reconciliation (the functions never scan). Stops early when {@code stop} says so.
     */
    public void scanVersions(Consumer<LedgerEntry> each, BooleanSupplier stop) {
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = dynamoDb.scan(ScanRequest.builder()
                    .tableName(table)
                    .filterExpression("begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":prefix", s("v#")))
                    .exclusiveStartKey(start)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                // Every write of a version sets its state, and DynamoDB applies an update whole; the offline stack's
                // emulator has been seen to hand a concurrent Scan an item it is still creating, without it.
                if (item.containsKey("state")) {
                    each.accept(entry(item));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && !stop.getAsBoolean());
    }

    /**
     * The item a version is stored as, for bulk loads that bypass the transitions (the reconcile benchmark seeds a
     * ledger of 100,000 versions with BatchWriteItem); the inverse of how {@link #scanVersions} reads items.
     */
    public static Map<String, AttributeValue> versionItem(LedgerEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>(versionKey(entry.bucket(), entry.key(), entry.inputId()));
        item.put("bucket", s(entry.bucket()));
        item.put("objectKey", s(entry.key()));
        item.put("inputId", s(entry.inputId()));
        if (entry.versionId() != null) {
            item.put("versionId", s(entry.versionId()));
        }
        item.put("eTag", s(entry.eTag()));
        item.put("size", n(entry.size()));
        item.put("sequencer", s(Sequencers.normalize(entry.sequencer())));
        item.put("state", s(entry.state().wireName()));
        item.put("statusCode", n(entry.statusCode()));
        item.put("statusDescription", s(entry.statusDescription()));
        item.put("attempts", n(entry.attempts()));
        item.put("createdAt", s(time(entry.createdAt())));
        item.put("updatedAt", s(time(entry.updatedAt())));
        if (entry.postedAt() != null) {
            item.put("postedAt", s(time(entry.postedAt())));
        }
        if (entry.eventTime() != null) {
            item.put("eventTime", s(time(entry.eventTime())));
        }
        if (entry.state().awaitsStatus()) {
            item.put("pendingPartition", s(PENDING));
            item.put("nextCheckAt", s(time(entry.updatedAt())));
        }
        return item;
    }

    /** Runs a query page by page until it is exhausted or {@code limit} entries were read. */
    private List<LedgerEntry> query(QueryRequest.Builder request, int limit) {
        List<LedgerEntry> entries = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamoDb.query(request.tableName(table)
                    .limit(Math.min(limit - entries.size(), 1000))
                    .exclusiveStartKey(start)
                    .build());
            page.items().forEach(item -> entries.add(entry(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && entries.size() < limit);
        return entries;
    }

    /**
     * What a conditional update did: applied, with the item's attributes before it; or not, with the item as it is
     * (both from the one call: {@code ReturnValues} and {@code ReturnValuesOnConditionCheckFailure} are ALL_OLD).
     */
    private record Result(boolean applied, Map<String, AttributeValue> item) {
    }

    private Result tryUpdate(Map<String, AttributeValue> key, Update update) {
        try {
            UpdateItemResponse response = dynamoDb.updateItem(update.toRequest(table, key));
            return new Result(true, response.hasAttributes() ? response.attributes() : Map.of());
        } catch (ConditionalCheckFailedException stale) {
            return new Result(false, stale.hasItem() ? stale.item() : Map.of());
        }
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        var response = dynamoDb.getItem(r -> r.tableName(table).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    private static LedgerEntry entry(Map<String, AttributeValue> item) {
        return new LedgerEntry(str(item, "bucket"), str(item, "objectKey"), str(item, "inputId"),
                item.containsKey("versionId") ? str(item, "versionId") : null, str(item, "eTag"),
                num(item, "size"), str(item, "sequencer"), InputState.fromWire(str(item, "state")),
                (int) num(item, "statusCode"), str(item, "statusDescription"), (int) num(item, "attempts"),
                instant(item, "createdAt"), instant(item, "updatedAt"), instant(item, "postedAt"),
                instant(item, "eventTime"));
    }

    static String pk(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private static Map<String, AttributeValue> versionKey(String bucket, String key, String inputId) {
        return key(pk(bucket, key), "v#" + inputId);
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value == null ? "" : value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = str(item, name);
        return value.isEmpty() ? null : Instant.parse(value);
    }

    /** An UpdateItem expression built attribute by attribute, every name aliased (several are reserved words). */
    private static final class Update {
        private final List<String> sets = new ArrayList<>();
        private final List<String> adds = new ArrayList<>();
        private final List<String> removes = new ArrayList<>();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, AttributeValue> values = new HashMap<>();
        private String condition;

        Update set(String attribute, AttributeValue value) {
            names.put("#" + attribute, attribute);
            values.put(":" + attribute, value);
            sets.add("#" + attribute + " = :" + attribute);
            return this;
        }

        Update setIfAbsent(String attribute, AttributeValue value) {
            names.put("#" + attribute, attribute);
            values.put(":" + attribute, value);
            sets.add("#" + attribute + " = if_not_exists(#" + attribute + ", :" + attribute + ")");
            return this;
        }

        Update add(String attribute, AttributeValue value) {
            names.put("#" + attribute, attribute);
            values.put(":" + attribute, value);
            adds.add("#" + attribute + " :" + attribute);
            return this;
        }

        Update remove(String attribute) {
            names.put("#" + attribute, attribute);
            removes.add("#" + attribute);
            return this;
        }

        /** The version's identity, written only where the item does not have it yet. */
        Update identity(ObjectVersion version) {
            setIfAbsent("bucket", s(version.bucket()));
            setIfAbsent("objectKey", s(version.key()));
            setIfAbsent("inputId", s(version.inputId()));
            setIfAbsent("eTag", s(version.eTag()));
            setIfAbsent("size", n(version.size()));
            setIfAbsent("sequencer", s(Sequencers.normalize(version.sequencer())));
            if (version.versionId() != null) {
                setIfAbsent("versionId", s(version.versionId()));
            }
            if (version.eventInstant() != null) {
                setIfAbsent("eventTime", s(time(version.eventInstant())));
            }
            return this;
        }

        /**
         * The condition that the item's state allows the transition, derived from {@link Transition}:
         * {@code attribute_not_exists(#state)} for an unknown version, {@code #state IN (…)} for its start states.
         */
        Update transition(Transition transition) {
            List<String> allowed = new ArrayList<>();
            if (transition.fromUnknown()) {
                allowed.add("attribute_not_exists(#state)");
            }
            List<String> placeholders = new ArrayList<>();
            for (InputState state : transition.from()) {
                placeholders.add(":from_" + state.wireName());
                value(":from_" + state.wireName(), s(state.wireName()));
            }
            if (!placeholders.isEmpty()) {
                allowed.add("#state IN (" + String.join(", ", placeholders) + ")");
            }
            return condition(String.join(" OR ", allowed));
        }

        Update condition(String expression) {
            this.condition = expression;
            for (String token : expression.split("[^#A-Za-z]+")) {
                if (token.startsWith("#")) {
                    names.put(token, token.substring(1));
                }
            }
            return this;
        }

        Update value(String placeholder, AttributeValue value) {
            values.put(placeholder, value);
            return this;
        }

        UpdateItemRequest toRequest(String table, Map<String, AttributeValue> key) {
            StringBuilder expression = new StringBuilder();
            if (!sets.isEmpty()) {
                expression.append("SET ").append(String.join(", ", sets));
            }
            if (!adds.isEmpty()) {
                expression.append(" ADD ").append(String.join(", ", adds));
            }
            if (!removes.isEmpty()) {
                expression.append(" REMOVE ").append(String.join(", ", removes));
            }
            return UpdateItemRequest.builder()
                    .tableName(table)
                    .key(key)
                    .updateExpression(expression.toString())
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_OLD)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build();
        }
    }
}
