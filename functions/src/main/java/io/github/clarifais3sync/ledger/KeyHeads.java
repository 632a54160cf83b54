package io.github.clarifais3sync.ledger;

import static io.github.clarifais3sync.ledger.LedgerItems.headKey;
import static io.github.clarifais3sync.ledger.LedgerItems.pk;
import static io.github.clarifais3sync.ledger.LedgerItems.s;
import static io.github.clarifais3sync.ledger.LedgerItems.str;
import static io.github.clarifais3sync.ledger.LedgerItems.time;

import io.github.clarifais3sync.model.Sequencers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Each key's head item: the newest sequencer seen for the key, and whether that event created or removed it. */
final class KeyHeads {

    /** BatchGetItem's limit of keys per request. */
    private static final int BATCH_GET_KEYS = 100;

    private static final int MAX_UNPROCESSED_ROUNDS = 8;

    private final LedgerTable table;

    KeyHeads(LedgerTable table) {
        this.table = table;
    }

    /** @param inputId the created version's input id; null for a removal */
    boolean advance(String bucket, String key, String sequencer, String inputId, Instant now) {
        UpdateExpression head = new UpdateExpression()
                .set("sequencer", s(Sequencers.normalize(sequencer)))
                .set("removed", AttributeValue.fromBool(inputId == null))
                .set("updatedAt", s(time(now)))
                .condition("attribute_not_exists(#sequencer) OR #sequencer < :sequencer");
        if (inputId == null) {
            head.remove("headInputId");
        } else {
            head.set("headInputId", s(inputId));
        }
        return table.tryUpdate(headKey(bucket, key), head).applied();
    }

    Optional<Ledger.KeyHead> head(String bucket, String key) {
        Map<String, AttributeValue> item = table.get(headKey(bucket, key));
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(new Ledger.KeyHead(
                str(item, "sequencer"),
                item.containsKey("removed") && item.get("removed").bool(),
                item.containsKey("headInputId") ? item.get("headInputId").s() : null));
    }

    /**
     * BatchGetItem, 100 keys a request (its limit), consistent reads of the key attribute only. Keys DynamoDB leaves
     * unprocessed (throttling, the 16 MB answer limit) are asked again after a growing pause, as the API reference
     * recommends (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
     */
    Set<String> keysWithHead(String bucket, Collection<String> keys) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        Set<String> known = new HashSet<>();
        for (int from = 0; from < distinct.size(); from += BATCH_GET_KEYS) {
            List<Map<String, AttributeValue>> batch = new ArrayList<>();
            for (String key : distinct.subList(from, Math.min(distinct.size(), from + BATCH_GET_KEYS))) {
                batch.add(headKey(bucket, key));
            }
            Map<String, KeysAndAttributes> pending = Map.of(
                    table.name(),
                    KeysAndAttributes.builder()
                            .keys(batch)
                            .consistentRead(true)
                            .projectionExpression("pk")
                            .build());
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round > 0) {
                    pause(round);
                }
                if (round > MAX_UNPROCESSED_ROUNDS) {
                    throw new IllegalStateException(
                            "DynamoDB left " + pending.get(table.name()).keys().size() + " keys unprocessed after "
                                    + MAX_UNPROCESSED_ROUNDS + " retries");
                }
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = table.client().batchGetItem(r -> r.requestItems(request));
                String prefix = pk(bucket, "");
                response.responses()
                        .getOrDefault(table.name(), List.of())
                        .forEach(item -> known.add(str(item, "pk").substring(prefix.length())));
                pending = response.hasUnprocessedKeys()
                                && response.unprocessedKeys().containsKey(table.name())
                                && !response.unprocessedKeys()
                                        .get(table.name())
                                        .keys()
                                        .isEmpty()
                        ? response.unprocessedKeys()
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
}
