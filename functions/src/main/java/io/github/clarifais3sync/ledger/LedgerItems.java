package io.github.clarifais3sync.ledger;

import io.github.clarifais3sync.model.Sequencers;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How the ledger's items look in DynamoDB: their keys and the codec between items and {@link LedgerEntry}.
 *
 * <ul>
 *   <li>Partition {@code pk = s3://bucket/key}; sort key {@code head} holds the newest sequencer seen for the key,
 *       {@code v#<inputId>} one item per object version.</li>
 *   <li>Versions awaiting a status check carry {@code pendingPartition} and {@code nextCheckAt}: the sparse
 *       {@code pending} index holds exactly those, so the status poller never scans.</li>
 *   <li>Deleted versions get {@code expiresAt} (epoch seconds), the table's TTL attribute.</li>
 *   <li>One item outside every key's partition ({@code pk = labels}, {@code sk = flush}) holds the labels function's
 *       shared flush instant.</li>
 * </ul>
 * Times are stored as fixed-width UTC strings ({@code 2026-11-23T10:15:30.123Z}) so that they sort as strings.
 */
final class LedgerItems {

    static final String PENDING = "pending";
    static final String VERSION_PREFIX = "v#";
    private static final String HEAD = "head";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private LedgerItems() {}

    static String pk(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    static Map<String, AttributeValue> versionKey(String bucket, String key, String inputId) {
        return key(pk(bucket, key), VERSION_PREFIX + inputId);
    }

    static Map<String, AttributeValue> headKey(String bucket, String key) {
        return key(pk(bucket, key), HEAD);
    }

    static Map<String, AttributeValue> labelsFlushKey() {
        return key("labels", "flush");
    }

    static LedgerEntry entry(Map<String, AttributeValue> item) {
        return new LedgerEntry(
                str(item, "bucket"),
                str(item, "objectKey"),
                str(item, "inputId"),
                item.containsKey("versionId") ? str(item, "versionId") : null,
                str(item, "eTag"),
                num(item, "size"),
                str(item, "sequencer"),
                InputState.fromWire(str(item, "state")),
                (int) num(item, "statusCode"),
                str(item, "statusDescription"),
                (int) num(item, "attempts"),
                instant(item, "createdAt"),
                instant(item, "updatedAt"),
                instant(item, "postedAt"),
                instant(item, "eventTime"));
    }

    /** The item a version is stored as: the inverse of {@link #entry}. */
    static Map<String, AttributeValue> versionItem(LedgerEntry entry) {
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

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value == null ? "" : value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = str(item, name);
        return value.isEmpty() ? null : Instant.parse(value);
    }
}
