package io.github.clarifais3sync.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The ledger's table: conditional updates, consistent reads and queries of its items. */
final class LedgerTable {

    /**
     * What a conditional update did: applied, with the item's attributes before it; or not, with the item as it is
     * (both from the one call: {@code ReturnValues} and {@code ReturnValuesOnConditionCheckFailure} are ALL_OLD).
     */
    record Result(boolean applied, Map<String, AttributeValue> item) {}

    private final DynamoDbClient dynamoDb;
    private final String name;

    LedgerTable(DynamoDbClient dynamoDb, String name) {
        this.dynamoDb = dynamoDb;
        this.name = name;
    }

    DynamoDbClient client() {
        return dynamoDb;
    }

    String name() {
        return name;
    }

    Result tryUpdate(Map<String, AttributeValue> key, UpdateExpression update) {
        try {
            UpdateItemResponse response = dynamoDb.updateItem(update.toRequest(name, key));
            return new Result(true, response.hasAttributes() ? response.attributes() : Map.of());
        } catch (ConditionalCheckFailedException stale) {
            return new Result(false, stale.hasItem() ? stale.item() : Map.of());
        }
    }

    /** The item with this key, read consistently; null when there is none. */
    Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        var response = dynamoDb.getItem(r -> r.tableName(name).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    /** Runs a query page by page until it is exhausted or {@code limit} entries were read. */
    List<LedgerEntry> query(QueryRequest.Builder request, int limit) {
        List<LedgerEntry> entries = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamoDb.query(request.tableName(name)
                    .limit(Math.min(limit - entries.size(), 1000))
                    .exclusiveStartKey(start)
                    .build());
            page.items().forEach(item -> entries.add(LedgerItems.entry(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && entries.size() < limit);
        return entries;
    }
}
