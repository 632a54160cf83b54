package io.github.clarifais3sync.local.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.local.aws.S3Request.ObjectChange;
import io.github.clarifais3sync.local.http.HttpFields;
import io.github.clarifais3sync.local.http.UpstreamPool;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns object changes into S3 event notification records and delivers them to listeners on one ordered thread,
 * after the response went out, as S3 does: asynchronously and at least once (a listener that throws is called again).
 * Record layout: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html.
 * Created and removed objects carry a sequencer; tagging records (event version 2.3) carry the key, eTag and, in a
 * versioned bucket, versionId, and no sequencer or size. Where the response did not say an object's size or eTag
 * (copies, multipart uploads, tagging), a signed HeadObject to the emulator reads them.
 */
final class S3EventNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3EventNotifier.class);
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int DELIVERY_ATTEMPTS = 3;
    private static final String PRINCIPAL = "AWS:LOCAL";
    private static final Duration RESPONSE_WAIT = Duration.ofSeconds(30);

    private final String region;
    private final UpstreamPool s3;
    private final String accessKeyId;
    private final String secretKey;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Consumer<S3Notification>> listeners;
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("s3-events").daemon().factory());
    private long lastSequencer;

    /** @param listeners read at each delivery; the caller may add to it (a concurrent list) */
    S3EventNotifier(
            String region,
            UpstreamPool s3,
            String accessKeyId,
            String secretKey,
            List<Consumer<S3Notification>> listeners) {
        this.region = region;
        this.listeners = listeners;
        this.s3 = s3;
        this.accessKeyId = accessKeyId;
        this.secretKey = secretKey;
    }

    /**
     * Queues one notification per change, in the order of their sequencers, to be delivered once {@code responseSent}
     * completes: S3 notifies after the request, and callers that saw the response can wait for the notification with
     * {@link #awaitDelivered(Duration)}.
     */
    synchronized void publish(
            List<ObjectChange> changes, String requestId, String sourceIp, CompletableFuture<Void> responseSent) {
        Instant eventTime = Instant.now();
        for (ObjectChange change : changes) {
            String sequencer = change.isTagging() ? null : nextSequencer();
            deliveries.execute(() -> {
                awaitQuietly(responseSent);
                deliver(change, sequencer, eventTime, requestId, sourceIp);
            });
        }
    }

    /**
     * A hex sequencer, strictly increasing across all buckets (so also per key, which is what S3 promises and
     * consumers compare) and fixed at 16 digits; seeded from the clock so that it keeps increasing across restarts.
     */
    private String nextSequencer() {
        long micros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        lastSequencer = Math.max(lastSequencer + 1, micros);
        return String.format("%016X", lastSequencer);
    }

    private static void awaitQuietly(CompletableFuture<Void> responseSent) {
        try {
            responseSent.get(RESPONSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Delivered anyway: the object changed whether or not the client got its answer.
        }
    }

    /** Waits until every notification queued before this call was delivered. */
    void awaitDelivered(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            deliveries.submit(() -> {}).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deliver(ObjectChange change, String sequencer, Instant eventTime, String requestId, String sourceIp) {
        ObjectChange complete =
                (change.isCreate() || change.isTagging()) && (change.size() == null || change.eTag() == null)
                        ? withHead(change)
                        : change;
        S3Notification notification = new S3Notification(
                change.bucket(),
                change.key(),
                change.eventName(),
                sequencer,
                render(complete, sequencer, eventTime, requestId, sourceIp));
        for (Consumer<S3Notification> listener : listeners) {
            for (int attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
                try {
                    listener.accept(notification);
                    break;
                } catch (RuntimeException e) {
                    LOG.warn(
                            "event=s3_notification_failed bucket={} key=\"{}\" eventName={} attempt={} error=\"{}\"",
                            change.bucket(),
                            change.key(),
                            change.eventName(),
                            attempt,
                            e.toString());
                }
            }
        }
    }

    /** Size and eTag of the object, read back with HeadObject; the change as it was if that fails. */
    private ObjectChange withHead(ObjectChange change) {
        String query = change.versionId() == null ? null : "versionId=" + SigV4.uriEncode(change.versionId(), false);
        String target = change.rawPath() + (query == null ? "" : "?" + query);
        HttpFields fields = new HttpFields().add("Host", s3.uri().getAuthority());
        SigV4.signHeaders("HEAD", change.rawPath(), query, fields, accessKeyId, secretKey, region, "s3", Instant.now());
        try (UpstreamPool.Response head = s3.send("HEAD", target, fields, new byte[0])) {
            if (head.status() == 200) {
                return new ObjectChange(
                        change.eventName(),
                        change.bucket(),
                        change.key(),
                        change.rawPath(),
                        contentLength(head.fields()),
                        head.fields().first("ETag").map(S3Request::unquote).orElse(""),
                        S3Request.versionId(
                                head.fields().first("x-amz-version-id").orElse(change.versionId())));
            }
            LOG.warn(
                    "event=s3_notification_head_failed bucket={} key=\"{}\" status={}",
                    change.bucket(),
                    change.key(),
                    head.status());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn(
                    "event=s3_notification_head_failed bucket={} key=\"{}\" error=\"{}\"",
                    change.bucket(),
                    change.key(),
                    e.toString());
        }
        return change;
    }

    private static long contentLength(HttpFields fields) {
        try {
            return Math.max(0, fields.contentLength());
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private String render(ObjectChange change, String sequencer, Instant eventTime, String requestId, String sourceIp) {
        ObjectNode root = json.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", change.isTagging() ? "2.3" : "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", EVENT_TIME.format(eventTime));
        record.put("eventName", change.eventName());
        record.putObject("userIdentity").put("principalId", PRINCIPAL);
        record.putObject("requestParameters").put("sourceIPAddress", sourceIp);
        ObjectNode responseElements = record.putObject("responseElements");
        responseElements.put("x-amz-request-id", requestId);
        responseElements.put("x-amz-id-2", requestId);
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "local-gateway");
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", change.bucket());
        bucket.putObject("ownerIdentity").put("principalId", PRINCIPAL);
        bucket.put("arn", "arn:aws:s3:::" + change.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", S3Request.eventKey(change.key()));
        if (change.isCreate()) {
            object.put("size", change.size() == null ? 0 : change.size());
        }
        if (change.isCreate() || change.isTagging()) {
            object.put("eTag", change.eTag() == null ? "" : change.eTag());
        }
        if (change.versionId() != null) {
            object.put("versionId", change.versionId());
        }
        if (sequencer != null) {
            object.put("sequencer", sequencer);
        }
        return root.toString();
    }

    @Override
    public void close() throws InterruptedException {
        deliveries.shutdown();
        if (!deliveries.awaitTermination(5, TimeUnit.SECONDS)) {
            LOG.warn("event=s3_notifications_dropped reason=close_timeout");
            deliveries.shutdownNow();
        }
    }
}
