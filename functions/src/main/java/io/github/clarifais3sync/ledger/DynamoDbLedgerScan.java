package io.github.clarifais3sync.ledger;

import static io.github.clarifais3sync.ledger.LedgerItems.s;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A Scan of the ledger table's version items, page by page
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html).
 */
public final class DynamoDbLedgerScan implements LedgerScan {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbLedgerScan(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void scanVersions(Consumer<LedgerEntry> each, BooleanSupplier stop) {
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = dynamoDb.scan(ScanRequest.builder()
                    .tableName(table)
                    .filterExpression("begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":prefix", s(LedgerItems.VERSION_PREFIX)))
                    .exclusiveStartKey(start)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                // Every write of a version sets its state, and DynamoDB applies an update whole; the offline stack's
                // emulator has been seen to hand a concurrent Scan an item it is still creating, without it.
                if (item.containsKey("state")) {
                    each.accept(LedgerItems.entry(item));
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
        return LedgerItems.versionItem(entry);
    }
}
