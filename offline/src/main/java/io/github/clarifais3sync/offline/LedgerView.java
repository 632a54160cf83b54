package io.github.clarifais3sync.offline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads the functions' ledger table for display: one row per object key, the latest version's input id and state.
 * Version items carry {@code objectKey}, {@code inputId} and {@code state}; per-key head items carry no state.
 * A scan is fine for a demo-sized table; the functions themselves never scan it.
 */
public final class LedgerView {

    public record Row(
            String key,
            String inputId,
            String state,
            String statusCode,
            String statusDescription,
            String updatedAt,
            String eTag) {}

    private final DynamoDbClient dynamoDb;
    private final String table;

    public LedgerView(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The latest row of each key, by key. */
    Map<String, Row> latestByKey() {
        Map<String, Row> latest = new TreeMap<>();
        for (Row row : rows()) {
            latest.merge(
                    row.key(), row, (left, right) -> left.updatedAt().compareTo(right.updatedAt()) >= 0 ? left : right);
        }
        return latest;
    }

    /** How many keys are in each state. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String state : List.of("queued", "posted", "processing", "indexed", "failed", "deleted")) {
            counts.put(state, 0);
        }
        latestByKey().values().forEach(row -> counts.merge(row.state(), 1, Integer::sum));
        return counts;
    }

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table).consistentRead(true);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse response = dynamoDb.scan(request.build());
            for (Map<String, AttributeValue> item : response.items()) {
                if (item.containsKey("state") && item.containsKey("objectKey")) {
                    rows.add(new Row(
                            text(item, "objectKey"),
                            text(item, "inputId"),
                            text(item, "state"),
                            text(item, "statusCode"),
                            text(item, "statusDescription"),
                            text(item, "updatedAt"),
                            text(item, "eTag")));
                }
            }
            start = response.hasLastEvaluatedKey()
                            && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
        } while (start != null);
        rows.sort(Comparator.comparing(Row::key));
        return rows;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return "";
        }
        return value.s() != null ? value.s() : value.n() != null ? value.n() : String.valueOf(value.bool());
    }
}
