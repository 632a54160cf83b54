package io.github.clarifais3sync.local.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.local.aws.S3Request.ObjectChange;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
 */
final class S3EventNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3EventNotifier.class);
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int DELIVERY_ATTEMPTS = 3;
    private static final String PRINCIPAL = "AWS:LOCAL";
    private static final Duration RESPONSE_WAIT = Duration.ofSeconds(30);

    private final String region;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Consumer<S3Notification>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService deliveries =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("s3-events").daemon().factory());
    private volatile URI s3Backend;
    private long lastSequencer;

    S3EventNotifier(String region, HttpClient http) {
        this.region = region;
        this.http = http;
    }

    void s3Backend(URI backend) {
        this.s3Backend = backend;
    }

    void addListener(Consumer<S3Notification> listener) {
        listeners.add(listener);
    }

    /**
     * Queues one notification per change, in the order of their sequencers, to be delivered once {@code responseSent}
     * completes: S3 notifies after the request, and callers that saw the response can wait for the notification with
     * {@link #awaitDelivered(Duration)}.
     */
    synchronized void publish(List<ObjectChange> changes, String requestId, String sourceIp,
            CompletableFuture<Void> responseSent) {
        Instant eventTime = Instant.now();
        for (ObjectChange change : changes) {
            String sequencer = nextSequencer();
            deliveries.execute(() -> {
                awaitQuietly(responseSent);
                deliver(change, sequencer, eventTime, requestId, sourceIp);
            });
        }
    }

    /**
     * A hex sequencer, strictly increasing across all buckets and fixed at 16 digits; seeded from the clock so that
     * it keeps increasing across restarts.
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
            deliveries.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deliver(ObjectChange change, String sequencer, Instant eventTime, String requestId,
            String sourceIp) {
        ObjectChange complete = change.isCreate() && (change.size() == null || change.eTag() == null)
                ? withHead(change) : change;
        S3Notification notification = new S3Notification(change.bucket(), change.key(), change.eventName(),
                sequencer, render(complete, sequencer, eventTime, requestId, sourceIp));
        for (Consumer<S3Notification> listener : listeners) {
            for (int attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
                try {
                    listener.accept(notification);
                    break;
                } catch (RuntimeException e) {
                    LOG.warn("event=s3_notification_failed bucket={} key=\"{}\" eventName={} attempt={} error=\"{}\"",
                            change.bucket(), change.key(), change.eventName(), attempt, e.toString());
                }
            }
        }
    }

    /** Size and eTag of a created object, read back with HeadObject; the change as it was if that fails. */
    private ObjectChange withHead(ObjectChange change) {
        String query = change.versionId() == null ? ""
                : "?versionId=" + URLEncoder.encode(change.versionId(), StandardCharsets.UTF_8);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(s3Backend + change.rawPath() + query))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build();
            HttpResponse<Void> head = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (head.statusCode() == 200) {
                return new ObjectChange(change.eventName(), change.bucket(), change.key(), change.rawPath(),
                        head.headers().firstValueAsLong("Content-Length").orElse(0),
                        head.headers().firstValue("ETag").map(S3Request::unquote).orElse(""),
                        head.headers().firstValue("x-amz-version-id").orElse(change.versionId()));
            }
            LOG.warn("event=s3_notification_head_failed bucket={} key=\"{}\" status={}", change.bucket(),
                    change.key(), head.statusCode());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("event=s3_notification_head_failed bucket={} key=\"{}\" error=\"{}\"", change.bucket(),
                    change.key(), e.toString());
        }
        return change;
    }

    private String render(ObjectChange change, String sequencer, Instant eventTime, String requestId,
            String sourceIp) {
        ObjectNode root = json.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
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
            object.put("eTag", change.eTag() == null ? "" : change.eTag());
        }
        if (change.versionId() != null) {
            object.put("versionId", change.versionId());
        }
        object.put("sequencer", sequencer);
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
