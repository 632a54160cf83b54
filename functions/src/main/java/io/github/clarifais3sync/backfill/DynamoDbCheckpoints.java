package io.github.clarifais3sync.backfill;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checkpoints as items of the ledger table: partition {@code backfill://<bucket>}, which no object key's partition
 * ({@code s3://<bucket>/<key>}) can equal, sort key {@code checkpoint#<scope>}.
 */
public final class DynamoDbCheckpoints implements Checkpoints {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public DynamoDbCheckpoints(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<Checkpoint> load(String bucket, String scope) {
        Map<String, AttributeValue> item = dynamoDb.getItem(
                        r -> r.tableName(table).key(key(bucket, scope)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Checkpoint(
                (int) number(item, "prefixIndex"),
                item.get("lastKey").s(),
                new BackfillService.Counts(
                        number(item, "objectsSeen"),
                        number(item, "images"),
                        number(item, "alreadyKnown"),
                        number(item, "toAdd"))));
    }

    @Override
    public void save(String bucket, String scope, Checkpoint checkpoint) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(bucket, scope));
        item.put("prefixIndex", n(checkpoint.prefixIndex()));
        item.put("lastKey", AttributeValue.fromS(checkpoint.lastKey()));
        item.put("objectsSeen", n(checkpoint.counts().objectsSeen()));
        item.put("images", n(checkpoint.counts().images()));
        item.put("alreadyKnown", n(checkpoint.counts().alreadyKnown()));
        item.put("toAdd", n(checkpoint.counts().toAdd()));
        item.put("updatedAt", AttributeValue.fromS(clock.instant().toString()));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void clear(String bucket, String scope) {
        dynamoDb.deleteItem(r -> r.tableName(table).key(key(bucket, scope)));
    }

    private static Map<String, AttributeValue> key(String bucket, String scope) {
        return Map.of(
                "pk", AttributeValue.fromS("backfill://" + bucket), "sk", AttributeValue.fromS("checkpoint#" + scope));
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Long.parseLong(value.n());
    }
}
