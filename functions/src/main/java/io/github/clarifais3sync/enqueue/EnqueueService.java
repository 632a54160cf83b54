package io.github.clarifais3sync.enqueue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.clarifais3sync.events.ObjectEvent;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.metrics.SkipReason;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.model.ObjectVersion;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Turns S3 object-created events (notification records or EventBridge events, read by
 * {@link io.github.clarifais3sync.events.S3EventReader}) into upload-queue messages, one per image object, recorded as queued in the
 * ledger. Non-image keys and zero-byte objects (folder markers) are skipped with a log line saying why — except a
 * zero-byte object that overwrote a known image, which is queued so the upload function retires the old input.
 */
public final class EnqueueService {

    /** SendMessageBatch takes at most 10 entries. */
    static final int SQS_BATCH_LIMIT = 10;

    /** What one invocation did. */
    public record EnqueueReport(int queued, int skipped) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final Ledger ledger;
    private final KeyFilter keys;
    private final Metrics metrics;
    private final Clock clock;

    /** Why a record is not queued: the metric's reason and the log line's description. */
    private record Skip(SkipReason reason, String description) {
    }

    public EnqueueService(SqsClient sqs, String queueUrl, Ledger ledger, KeyFilter keys, Metrics metrics,
                          Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.ledger = ledger;
        this.keys = keys;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Queues the image objects among the events.
     *
     * @throws EnqueueFailedException when SQS refused any message; Lambda then retries the whole (asynchronous) S3
     *                                event, which is safe because input ids are deterministic
     */
    public EnqueueReport enqueue(List<ObjectEvent> events) {
        List<ObjectVersion> images = new ArrayList<>();
        int skipped = 0;
        metrics.record(Metric.OBJECTS_RECEIVED, events.size());
        for (ObjectEvent event : events) {
            ObjectVersion version = event.version();
            Skip skip = skip(event, version);
            if (skip != null && skip.reason() == SkipReason.ZERO_BYTES && replacesKnownVersions(version)) {
                // Not an image any more, but it replaced one: the upload function retires the old input.
                Log.info("enqueue.zero-byte-replacement", "bucket", version.bucket(), "key", version.key());
                skip = null;
            }
            if (skip != null) {
                skipped++;
                metrics.skipped(skip.reason());
                Log.info("enqueue.skipped", "bucket", version.bucket(), "key", version.key(), "reason",
                        skip.description());
                continue;
            }
            images.add(version);
        }
        for (ObjectVersion image : images) {
            ledger.recordQueued(image, clock.instant());
        }
        List<String> refused = new ArrayList<>();
        for (int from = 0; from < images.size(); from += SQS_BATCH_LIMIT) {
            refused.addAll(send(images.subList(from, Math.min(images.size(), from + SQS_BATCH_LIMIT))));
        }
        if (!refused.isEmpty()) {
            throw new EnqueueFailedException("SQS refused " + refused.size() + " of " + images.size()
                    + " messages: " + String.join("; ", refused));
        }
        return new EnqueueReport(images.size(), skipped);
    }

    private Skip skip(ObjectEvent event, ObjectVersion version) {
        if (event.kind() != ObjectEvent.Kind.CREATED) {
            return new Skip(SkipReason.NOT_OBJECT_CREATED, "not an object-created event: " + event.name());
        }
        String rejection = keys.rejection(version.key());
        if (rejection != null) {
            return new Skip(keys.inScope(version.key()) ? SkipReason.NOT_AN_IMAGE : SkipReason.OUT_OF_SCOPE,
                    rejection);
        }
        if (version.size() <= 0) {
            return new Skip(SkipReason.ZERO_BYTES, "zero-byte object");
        }
        return null;
    }

    private boolean replacesKnownVersions(ObjectVersion version) {
        return ledger.versionsOf(version.bucket(), version.key()).stream()
                .anyMatch(e -> e.state() != InputState.DELETED);
    }

    private List<String> send(List<ObjectVersion> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(json(batch.get(i)))
                    .build());
        }
        SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        metrics.record(Metric.OBJECTS_QUEUED, response.successful().size());
        response.successful().forEach(ok -> {
            ObjectVersion version = batch.get(Integer.parseInt(ok.id()));
            Log.info("enqueue.queued", "bucket", version.bucket(), "key", version.key(), "inputId", version.inputId(),
                    "sequencer", version.sequencer(), "messageId", ok.messageId());
        });
        List<String> refused = new ArrayList<>();
        for (BatchResultErrorEntry failed : response.failed()) {
            ObjectVersion version = batch.get(Integer.parseInt(failed.id()));
            Log.error("enqueue.refused", "bucket", version.bucket(), "key", version.key(), "code", failed.code(),
                    "senderFault", failed.senderFault());
            refused.add(version.location() + " (" + failed.code() + ")");
        }
        return refused;
    }

    private static String json(ObjectVersion version) {
        try {
            return Json.MAPPER.writeValueAsString(version);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Some messages were not queued; the invocation must fail so Lambda retries it. */
    public static final class EnqueueFailedException extends RuntimeException {
        EnqueueFailedException(String message) {
            super(message);
        }
    }
}
