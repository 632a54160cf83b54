package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerContract;
import io.github.clarifais3sync.model.ObjectVersion;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ledger contract (functions' LedgerContract) against {@link DynamoDbLedger} on the DynamoDB emulator (moto), on the
 * table (keys, sparse {@code pending} index) that template.yaml declares and the offline stack creates; plus what
 * only the table shows: the sparse index attributes, the TTL attribute and the final time.
 */
class DynamoDbLedgerTest extends LedgerContract {

    private static final Duration TTL = Duration.ofDays(30);

    private static OfflineStack stack;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbLedger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = OfflineStack.builder()
                .template(TestStacks.TEMPLATE)
                .eventSources(false)
                .inputsApi(TestStacks::unusedInputsApi)
                .start();
        dynamoDb = stack.aws().dynamoDbClient();
        ledger = new DynamoDbLedger(dynamoDb, stack.tableName(), TTL);
    }

    @AfterAll
    static void stopStack() {
        dynamoDb.close();
        stack.close();
    }

    @Override
    protected Ledger ledger() {
        return ledger;
    }

    /** This test's items in the {@code pending} index, read straight from DynamoDB. */
    @Override
    protected Set<String> keysAwaitingStatus(String bucket) {
        return dynamoDb
                .query(request -> request.tableName(stack.tableName())
                        .indexName(DynamoDbLedger.PENDING_INDEX)
                        .keyConditionExpression("pendingPartition = :pending")
                        .expressionAttributeValues(Map.of(":pending", AttributeValue.fromS("pending"))))
                .items()
                .stream()
                .filter(item -> item.get("bucket").s().equals(bucket))
                .map(item -> item.get("objectKey").s())
                .collect(Collectors.toSet());
    }

    @Override
    protected void assertSettledInStore(ObjectVersion version) {
        assertFalse(item(version).containsKey("pendingPartition"), version.key());
        assertFalse(item(version).containsKey("nextCheckAt"), version.key());
    }

    @Override
    protected void assertAwaitingInStore(ObjectVersion version) {
        assertTrue(item(version).containsKey("pendingPartition"), version.key());
    }

    @Test
    void markDeleted_whenApplied_setsExpiresAtTheTtlAfterTheDelete() {
        ObjectVersion version = version("ttl.jpg", 10, "e", "01");
        ledger.recordQueued(version, NOW);

        ledger.markDeleted(bucket, "ttl.jpg", version.inputId(), "removed", NOW);

        Map<String, AttributeValue> item = item(version);
        assertEquals(
                String.valueOf(NOW.plus(TTL).getEpochSecond()),
                item.get("expiresAt").n());
        assertEquals("deleted", item.get("state").s());
    }

    @Test
    void recordStatus_whenIndexed_recordsWhenTheVersionBecameFinal() {
        ObjectVersion version = posted("final.jpg", NOW);

        ledger.recordStatus(entry(version), InputState.INDEXED, 30000, "Download complete", NOW.plusSeconds(5), null);

        assertTrue(item(version).containsKey("finalAt"));
    }

    /** The version's raw item; its key layout is the one DynamoDbLedger documents. */
    private Map<String, AttributeValue> item(ObjectVersion version) {
        return dynamoDb.getItem(request -> request.tableName(stack.tableName())
                        .consistentRead(true)
                        .key(Map.of(
                                "pk", AttributeValue.fromS("s3://" + bucket + "/" + version.key()),
                                "sk", AttributeValue.fromS("v#" + version.inputId()))))
                .item();
    }
}
