package io.github.clarifais3sync.enqueue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.clarifais3sync.concurrent.BoundedParallel;
import io.github.clarifais3sync.events.ObjectEvent;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.labels.TagChange;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.metrics.SkipReason;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.model.ObjectVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Turns S3 object-created events (notification records or EventBridge events, read by
 * {@link io.github.clarifais3sync.events.S3EventReader}) into upload-queue messages, one per image object, recorded as queued in the
 * ledger. Non-image keys and zero-byte objects (folder markers) are skipped with a log line saying why — except a
 * zero-byte object that overwrote a known image, which is queued so the upload function retires the old input.
 * Tag changes of synced keys go to the labels queue, when the stack follows them (docs/labels.md). Removals
 * (deletes, delete markers, lifecycle expirations) go to the removals queue, when the stack has one: the ledger is told
 * first, so an upload of an older version that arrives later skips it, and the delete function retires the removed
 * versions' inputs in batches (docs/architecture.md "Removals").
 */
public final class EnqueueService {

    /** SendMessageBatch takes at most 10 entries. */
    static final int SQS_BATCH_LIMIT = 10;

    /**
     * Ledger writes in flight at once for one call: an event brings one image, a backfill page up to 1,000, whose
     * two conditional writes each would otherwise be round trips one after another.
     */
    static final int LEDGER_WRITES_AT_ONCE = 16;

    /** What one invocation did. */
    public record EnqueueReport(int queued, int skipped) {}

    private final SqsClient sqs;
    private final String queueUrl;
    private final String labelsQueueUrl;
    private final String removalsQueueUrl;
    private final Ledger ledger;
    private final KeyFilter keys;
    private final Metrics metrics;
    private final Clock clock;
    private final BoundedParallel ledgerWrites = new BoundedParallel(LEDGER_WRITES_AT_ONCE);

    /** Why a record is not queued: the metric's reason and the log line's description. */
    private record Skip(SkipReason reason, String description) {}

    public EnqueueService(SqsClient sqs, String queueUrl, Ledger ledger, KeyFilter keys, Metrics metrics, Clock clock) {
        this(sqs, queueUrl, "", ledger, keys, metrics, clock);
    }

    /** @param labelsQueueUrl where tag changes go; blank: they are skipped like any other event */
    public EnqueueService(
            SqsClient sqs,
            String queueUrl,
            String labelsQueueUrl,
            Ledger ledger,
            KeyFilter keys,
            Metrics metrics,
            Clock clock) {
        this(sqs, queueUrl, labelsQueueUrl, "", ledger, keys, metrics, clock);
    }

    /** @param removalsQueueUrl where removals go; blank: they are skipped like any other event */
    public EnqueueService(
            SqsClient sqs,
            String queueUrl,
            String labelsQueueUrl,
            String removalsQueueUrl,
            Ledger ledger,
            KeyFilter keys,
            Metrics metrics,
            Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.labelsQueueUrl = labelsQueueUrl == null ? "" : labelsQueueUrl;
        this.removalsQueueUrl = removalsQueueUrl == null ? "" : removalsQueueUrl;
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
        List<Outgoing> tagChanges = new ArrayList<>();
        List<ObjectEvent> removals = new ArrayList<>();
        int skipped = 0;
        // ObjectsReceived keeps counting what may become an input; removals have their own queue and count.
        metrics.record(
                Metric.OBJECTS_RECEIVED,
                events.stream()
                        .filter(event -> event.kind() != ObjectEvent.Kind.REMOVED || removalsQueueUrl.isBlank())
                        .count());
        for (ObjectEvent event : events) {
            if (event.kind() == ObjectEvent.Kind.REMOVED && !removalsQueueUrl.isBlank()) {
                removals.add(event);
                continue;
            }
            ObjectVersion version = event.version();
            if (followsTags(event) && keys.accepts(version.key())) {
                tagChanges.add(tagChange(event));
                continue;
            }
            Skip skip = skip(event, version);
            if (skip != null
                    && (skip.reason() == SkipReason.ZERO_BYTES || skip.reason() == SkipReason.TOO_LARGE)
                    && replacesKnownVersions(version)) {
                // Not synced, but it replaced an image: the upload function retires the old input.
                Log.info("enqueue.zero-byte-replacement", "bucket", version.bucket(), "key", version.key());
                skip = null;
            }
            if (skip != null) {
                skipped++;
                metrics.skipped(skip.reason());
                Log.info(
                        "enqueue.skipped",
                        "bucket",
                        version.bucket(),
                        "key",
                        version.key(),
                        "reason",
                        skip.description());
                continue;
            }
            images.add(version);
        }
        List<String> refused = new ArrayList<>(send(images));
        refused.addAll(sendAll(labelsQueueUrl, tagChanges).refused());
        refused.addAll(sendAll(removalsQueueUrl, removals(removals)).refused());
        if (!refused.isEmpty()) {
            throw new EnqueueFailedException(
                    "SQS refused " + refused.size() + " of " + (images.size() + tagChanges.size() + removals.size())
                            + " messages: " + String.join("; ", refused));
        }
        return new EnqueueReport(images.size() + removals.size(), skipped);
    }

    /**
     * Tells the ledger of each removal of a whole object (an unversioned delete, a delete marker) as its key's newest
     * event, then makes the removals queue's messages. A permanent delete of one version records nothing: the key's
     * other versions stay. Recording again on a retried event changes nothing.
     */
    private List<Outgoing> removals(List<ObjectEvent> removals) {
        Instant now = clock.instant();
        ledgerWrites.map(
                removals.stream()
                        .filter(removal -> !removal.removesOneVersion())
                        .toList(),
                removal -> ledger.recordRemoved(removal.bucket(), removal.key(), removal.sequencer(), now));
        return removals.stream()
                .map(removal -> new Outgoing("removals", removal.bucket(), removal.key(), "", json(removal), null))
                .toList();
    }

    /**
     * The one way into the pipeline, for events and listings alike: records each version as queued in the ledger,
     * puts it on the upload queue, then advances its key's head ({@link Ledger#recordSent}). A version SQS refused
     * keeps no head, so the event's retry or the backfill's next run queues it again.
     *
     * @throws EnqueueFailedException when SQS refused any message
     */
    public void queue(List<ObjectVersion> images) {
        List<String> refused = send(images);
        if (!refused.isEmpty()) {
            throw new EnqueueFailedException("SQS refused " + refused.size() + " of " + images.size() + " messages: "
                    + String.join("; ", refused));
        }
    }

    /** Records each version as queued, sends it, and advances the heads of those sent; returns SQS's refusals. */
    private List<String> send(List<ObjectVersion> images) {
        Instant now = clock.instant();
        ledgerWrites.map(images, image -> {
            ledger.recordVersionQueued(image, now);
            return image;
        });
        Sent sent =
                sendAll(queueUrl, images.stream().map(EnqueueService::upload).toList());
        ledgerWrites.map(sent.accepted(), message -> {
            ledger.recordSent(message.version(), now);
            return message;
        });
        return sent.refused();
    }

    private Skip skip(ObjectEvent event, ObjectVersion version) {
        if (event.kind() != ObjectEvent.Kind.CREATED) {
            return new Skip(SkipReason.NOT_OBJECT_CREATED, "not an object-created event: " + event.name());
        }
        String rejection = keys.rejection(version.key());
        if (rejection != null) {
            return new Skip(keys.inScope(version.key()) ? SkipReason.NOT_AN_IMAGE : SkipReason.OUT_OF_SCOPE, rejection);
        }
        String sizeProblem = KeyFilter.sizeProblem(version.size());
        if (sizeProblem != null) {
            return new Skip(version.size() <= 0 ? SkipReason.ZERO_BYTES : SkipReason.TOO_LARGE, sizeProblem);
        }
        return null;
    }

    private boolean replacesKnownVersions(ObjectVersion version) {
        return ledger.versionsOf(version.bucket(), version.key()).stream()
                .anyMatch(e -> e.state() != InputState.DELETED);
    }

    /** A message for one of the queues, with what its log lines name; {@code version} null for tag changes. */
    private record Outgoing(
            String kind, String bucket, String key, String inputId, String body, ObjectVersion version) {}

    /** What SQS did with some messages: those it took, and a description of each it refused. */
    private record Sent(List<Outgoing> accepted, List<String> refused) {}

    private static Outgoing upload(ObjectVersion version) {
        return new Outgoing("upload", version.bucket(), version.key(), version.inputId(), json(version), version);
    }

    private boolean followsTags(ObjectEvent event) {
        return !labelsQueueUrl.isBlank()
                && (event.kind() == ObjectEvent.Kind.TAGS_PUT || event.kind() == ObjectEvent.Kind.TAGS_DELETED);
    }

    private static Outgoing tagChange(ObjectEvent event) {
        return new Outgoing(
                "labels",
                event.bucket(),
                event.key(),
                "",
                json(new TagChange(
                        event.bucket(), event.key(), event.versionId(), event.eTag(), event.eventTime(), event.name())),
                null);
    }

    /** Sends in batches of ten; a batch the SDK gave up on (after its retries) counts as refused, the rest go on. */
    private Sent sendAll(String url, List<Outgoing> messages) {
        List<Outgoing> accepted = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += SQS_BATCH_LIMIT) {
            List<Outgoing> batch = messages.subList(from, Math.min(messages.size(), from + SQS_BATCH_LIMIT));
            try {
                Sent sent = send(url, batch);
                accepted.addAll(sent.accepted());
                refused.addAll(sent.refused());
            } catch (SdkException failed) {
                for (Outgoing message : batch) {
                    Log.error(
                            "enqueue.refused",
                            "queue",
                            message.kind(),
                            "bucket",
                            message.bucket(),
                            "key",
                            message.key(),
                            "error",
                            failed.getMessage());
                    refused.add(describe(message, failed.getClass().getSimpleName()));
                }
            }
        }
        return new Sent(accepted, refused);
    }

    private Sent send(String url, List<Outgoing> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(batch.get(i).body())
                    .build());
        }
        SendMessageBatchResponse response =
                sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries));
        if (url.equals(queueUrl)) {
            metrics.record(Metric.OBJECTS_QUEUED, response.successful().size());
        }
        List<Outgoing> accepted = new ArrayList<>();
        response.successful().forEach(ok -> {
            Outgoing message = batch.get(Integer.parseInt(ok.id()));
            accepted.add(message);
            Log.info(
                    "enqueue.queued",
                    "queue",
                    message.kind(),
                    "bucket",
                    message.bucket(),
                    "key",
                    message.key(),
                    "inputId",
                    message.inputId(),
                    "messageId",
                    ok.messageId());
        });
        List<String> refused = new ArrayList<>();
        for (BatchResultErrorEntry failed : response.failed()) {
            Outgoing message = batch.get(Integer.parseInt(failed.id()));
            Log.error(
                    "enqueue.refused",
                    "queue",
                    message.kind(),
                    "bucket",
                    message.bucket(),
                    "key",
                    message.key(),
                    "code",
                    failed.code(),
                    "senderFault",
                    failed.senderFault());
            refused.add(describe(message, failed.code()));
        }
        return new Sent(accepted, refused);
    }

    private static String describe(Outgoing message, String why) {
        return message.kind() + " s3://" + message.bucket() + "/" + message.key() + " (" + why + ")";
    }

    private static String json(Object message) {
        try {
            return Json.MAPPER.writeValueAsString(message);
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
