package io.github.clarifais3sync.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

@ExtendWith(SharedLocalAws.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalAwsDynamoDbTest {
    private DynamoDbClient dynamoDb;

    @BeforeAll
    void start(LocalAws aws) {
        this.dynamoDb = aws.dynamoDbClient();
    }

    @AfterAll
    void closeClient() {
        dynamoDb.close();
    }

    @Test
    void tableWithIndexAndTtlConditionalPutAndIndexQuery() {
        String table = "ledger-" + UUID.randomUUID();
        dynamoDb.createTable(c -> c.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("status").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName("by-status")
                        .keySchema(k -> k.attributeName("status").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
        dynamoDb.waiter().waitUntilTableExists(w -> w.tableName(table));
        dynamoDb.updateTimeToLive(u -> u.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        assertEquals(
                TimeToLiveStatus.ENABLED,
                dynamoDb.describeTimeToLive(d -> d.tableName(table))
                        .timeToLiveDescription()
                        .timeToLiveStatus());

        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("bucket/key one"),
                "status", AttributeValue.fromS("PENDING"),
                "expiresAt", AttributeValue.fromN("4102444800"));
        dynamoDb.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        assertThrows(
                ConditionalCheckFailedException.class,
                () -> dynamoDb.putItem(
                        p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)")));

        List<Map<String, AttributeValue>> pending = dynamoDb.query(q -> q.tableName(table)
                        .indexName("by-status")
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("PENDING"))))
                .items();
        assertEquals(
                List.of("bucket/key one"),
                pending.stream().map(i -> i.get("pk").s()).toList());
    }

    /**
     * DynamoDB applies a conditional write atomically: of several writers racing the same condition on one item,
     * exactly one wins (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate).
     * The ledger's transitions rely on it (an upload's retire racing the status function's "indexed").
     */
    @Test
    void racingConditionalUpdatesOfOneItem_exactlyOneWins() throws Exception {
        String table = "race-" + UUID.randomUUID();
        dynamoDb.createTable(c -> c.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        dynamoDb.waiter().waitUntilTableExists(w -> w.tableName(table));
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 25; round++) {
                String key = "item-" + round;
                dynamoDb.putItem(p -> p.tableName(table)
                        .item(Map.of("pk", AttributeValue.fromS(key), "state", AttributeValue.fromS("posted"))));
                List<Callable<Boolean>> attempts = new ArrayList<>();
                for (int writer = 0; writer < writers; writer++) {
                    String mine = "writer-" + writer;
                    attempts.add(() -> {
                        try {
                            dynamoDb.updateItem(u -> u.tableName(table)
                                    .key(Map.of("pk", AttributeValue.fromS(key)))
                                    .updateExpression("SET #s = :mine")
                                    .conditionExpression("#s = :posted")
                                    .expressionAttributeNames(Map.of("#s", "state"))
                                    .expressionAttributeValues(Map.of(
                                            ":mine",
                                            AttributeValue.fromS(mine),
                                            ":posted",
                                            AttributeValue.fromS("posted"))));
                            return true;
                        } catch (ConditionalCheckFailedException lost) {
                            return false;
                        }
                    });
                }
                int won = 0;
                for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
                    won += attempt.get() ? 1 : 0;
                }
                assertEquals(1, won, "round " + round + ": writers whose condition held");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
