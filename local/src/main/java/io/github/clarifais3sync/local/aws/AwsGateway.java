package io.github.clarifais3sync.local.aws;

import io.github.clarifais3sync.local.aws.PresignedUrls.Refusal;
import io.github.clarifais3sync.local.aws.S3Request.ObjectChange;
import io.github.clarifais3sync.local.http.ChunkedInputStream;
import io.github.clarifais3sync.local.http.EdgeServer;
import io.github.clarifais3sync.local.http.HttpFields;
import io.github.clarifais3sync.local.http.UpstreamPool;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP endpoint for every emulated service, like LocalStack's edge port: each request goes to the emulator routed
 * for the service of its SigV4 credential scope ({@code s3}, {@code sqs}, {@code dynamodb}, {@code secretsmanager}),
 * unsigned requests to S3's. Requests and responses pass through unchanged, Host included, except for hop-by-hop
 * fields.
 * On the way, for S3 (requests signed for {@code s3}, and unsigned ones):
 * <ul>
 *   <li>presigned URLs are checked as S3 checks them ({@link PresignedUrls}): moto would serve an expired or tampered
 *       one;</li>
 *   <li>successful object writes, deletes and tagging changes produce S3 event notifications
 *       ({@link #onS3Event(Consumer)}) with a sequencer, versionId and delete-marker events, which moto's own
 *       notifications lack.</li>
 * </ul>
 * Load is bounded at both ends: at most {@link Limits#edgeConnections()} client connections (503 beyond, see
 * {@link EdgeServer}) and {@link Limits#upstreamConnections()} connections to each emulator (a request waits for one,
 * then gets 503 SlowDown). S3 must be addressed path-style (SDKs and the AWS CLI do so for IP endpoints).
 */
public final class AwsGateway implements AutoCloseable {
    public static final String S3 = "s3";

    /**
     * @param edgeConnections client connections served at once; more are answered 503
     * @param upstreamConnections connections to each emulator at once; more requests wait
     * @param upstreamWait how long a request waits for a connection to an emulator before it is answered 503
     */
    public record Limits(int edgeConnections, int upstreamConnections, Duration upstreamWait) {
        /** 512 client connections fit in the 1,024 descriptors many systems allow a process by default. */
        public static final Limits DEFAULT = new Limits(512, 32, Duration.ofSeconds(30));
    }

    private static final Logger LOG = LoggerFactory.getLogger(AwsGateway.class);
    /** Hop-by-hop fields (RFC 9110 §7.6.1) and framing, which each side sets for itself. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "content-length",
            "expect",
            "http2-settings");
    /** Request bodies up to this size are read before they are sent, so that a stale connection can be retried. */
    private static final int BUFFERED_BODY_BYTES = 1 << 20;
    /** Longest long poll (SQS WaitTimeSeconds 20) plus margin. */
    private static final Duration UPSTREAM_READ_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final EdgeServer server;
    private final String region;
    /** Secret key by access key id, in the order given: the first signs the gateway's own requests. */
    private final Map<String, String> credentials = Collections.synchronizedMap(new LinkedHashMap<>());

    private final Limits limits;
    private final Map<String, UpstreamPool> routes = new ConcurrentHashMap<>();
    private final PresignedUrls presignedUrls;
    private final URI endpoint;
    private final List<Consumer<S3Notification>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, LocalService> localServices = new ConcurrentHashMap<>();
    private volatile UpstreamPool fallback;
    private volatile S3EventNotifier notifier;
    /** Buckets whose notification configuration holds {@code EventBridgeConfiguration}; moto keeps but never returns it. */
    private final Set<String> eventBridgeBuckets = ConcurrentHashMap.newKeySet();
    /** Requests and their time in the emulator, by service and JSON-protocol operation, for the benchmarks. */
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();

    /** How often one operation was called since the start, and the time its requests took (gateway to response). */
    public record OperationCount(long requests, long nanos) {}

    private static final class Operation {
        final LongAdder requests = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }

    private AwsGateway(int port, String region, Map<String, String> credentials, Limits limits, Clock clock)
            throws IOException {
        this.region = region;
        this.credentials.putAll(credentials);
        this.limits = limits;
        this.presignedUrls = new PresignedUrls(this.credentials, region, clock);
        this.server = EdgeServer.bind(
                port,
                limits.edgeConnections(),
                IDLE_TIMEOUT,
                this::handle,
                errorXml("SlowDown", "Please reduce your request rate.", Map.of()));
        this.endpoint = URI.create("http://127.0.0.1:" + server.port());
    }

    /**
     * Binds {@code port} (0 for any free one) on 127.0.0.1 without serving yet, so that emulators can be told the
     * address before {@link #start()}.
     *
     * @param credentials secret key by access key id: the keys presigned URLs are checked against
     */
    public static AwsGateway bind(int port, String region, Map<String, String> credentials, Limits limits)
            throws IOException {
        return new AwsGateway(port, region, credentials, limits, Clock.systemUTC());
    }

    /**
     * Adds a key that presigned URLs may be signed with. The gateway forwards every request with the signature its
     * client made; the emulators decide what the key may do.
     */
    public void addCredentials(String accessKeyId, String secretAccessKey) {
        credentials.put(accessKeyId, secretAccessKey);
    }

    /** Sends the requests of every service without a route of its own to {@code backend}. */
    public void routeOthers(URI backend) {
        fallback = pool(backend);
    }

    /** A service the gateway answers itself, without an emulator behind it. */
    @FunctionalInterface
    public interface LocalService {
        LocalResponse handle(String method, String rawQuery, byte[] body);
    }

    public record LocalResponse(int status, String contentType, byte[] body) {}

    /** Answers the service's requests (by its SigV4 signing name, e.g. {@code cloudformation}) with {@code handler}. */
    public void serve(String service, LocalService handler) {
        localServices.put(service, handler);
    }

    /** Sends the service's requests (by its SigV4 signing name, e.g. {@code sqs}) to {@code backend}. */
    public void route(String service, URI backend) {
        routes.put(service, pool(backend));
    }

    public synchronized void start() {
        UpstreamPool s3 = routes.getOrDefault(S3, fallback);
        if (s3 == null) {
            throw new IllegalStateException("no route for S3");
        }
        Map.Entry<String, String> signing;
        synchronized (credentials) {
            signing = Map.entry(
                    credentials.keySet().iterator().next(),
                    credentials.values().iterator().next());
        }
        notifier = new S3EventNotifier(region, s3, signing.getKey(), signing.getValue(), listeners);
        server.start();
        LOG.info(
                "event=gateway_started endpoint={} routes={} others={} limits={}",
                endpoint,
                routes.keySet().stream()
                        .map(service -> service + "=" + routes.get(service).uri())
                        .toList(),
                fallback == null ? null : fallback.uri(),
                limits);
    }

    private UpstreamPool pool(URI backend) {
        return new UpstreamPool(backend, limits.upstreamConnections(), limits.upstreamWait(), UPSTREAM_READ_TIMEOUT);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Client connections open now. */
    public int activeConnections() {
        return server.activeConnections();
    }

    /**
     * Requests forwarded since the start, by {@code service:Operation} for the services that name the operation in
     * {@code X-Amz-Target} (DynamoDB, SQS's JSON protocol, Secrets Manager), by {@code service} for the others.
     */
    public Map<String, OperationCount> operationCounts() {
        Map<String, OperationCount> counts = new java.util.TreeMap<>();
        operations.forEach((name, operation) ->
                counts.put(name, new OperationCount(operation.requests.sum(), operation.nanos.sum())));
        return counts;
    }

    /** Client connections answered 503 (connection bound or out of descriptors) since the start. */
    public long refusedConnections() {
        return server.refusedConnections();
    }

    /**
     * Registers a listener for S3 event notifications. Listeners run one notification at a time on a single thread,
     * in the order the gateway queued them, after the S3 response was sent.
     */
    public void onS3Event(Consumer<S3Notification> listener) {
        listeners.add(listener);
    }

    /** Waits until every S3 notification queued so far reached the listeners. */
    public void awaitS3Events(Duration timeout) throws InterruptedException, TimeoutException {
        S3EventNotifier started = notifier;
        if (started != null) {
            started.awaitDelivered(timeout);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
        if (notifier != null) {
            notifier.close();
        }
        routes.values().forEach(UpstreamPool::close);
        if (fallback != null) {
            fallback.close();
        }
    }

    private void handle(EdgeServer.Exchange exchange) throws IOException, InterruptedException {
        String service = CredentialScope.service(
                        exchange.requestFields().first("Authorization").orElse(null), exchange.rawQuery())
                .orElse(S3);
        UpstreamPool backend = routes.getOrDefault(service, fallback);
        LocalService local = localServices.get(service);
        try {
            if (local != null) {
                LocalResponse answer = local.handle(
                        exchange.method(), exchange.rawQuery(), exchange.body().readAllBytes());
                exchange.respond(
                        answer.status(),
                        new HttpFields()
                                .add("Content-Type", answer.contentType())
                                .add("x-amzn-RequestId", UUID.randomUUID().toString()),
                        answer.body());
            } else if (backend == null) {
                sendError(exchange, 400, "UnsupportedService", "No emulator for service " + service, Map.of());
            } else if (S3.equals(service)) {
                handleS3(exchange, backend);
            } else {
                long started = System.nanoTime();
                try {
                    relay(exchange, forward(exchange, backend, null));
                } finally {
                    Operation operation =
                            operations.computeIfAbsent(operationName(service, exchange), name -> new Operation());
                    operation.requests.increment();
                    operation.nanos.add(System.nanoTime() - started);
                }
            }
        } catch (UpstreamPool.BusyException e) {
            LOG.warn(
                    "event=gateway_upstream_busy method={} path=\"{}\" error=\"{}\"",
                    exchange.method(),
                    exchange.rawPath(),
                    e.getMessage());
            sendError(exchange, 503, "SlowDown", "Please reduce your request rate.", Map.of());
        } catch (IOException e) {
            LOG.warn(
                    "event=gateway_request_failed method={} path=\"{}\" error=\"{}\"",
                    exchange.method(),
                    exchange.rawPath(),
                    e.toString());
            if (!exchange.responded()) {
                sendError(exchange, 502, "BadGateway", e.toString(), Map.of());
            } else {
                throw e;
            }
        }
    }

    /** {@code dynamodb:UpdateItem} from {@code X-Amz-Target: DynamoDB_20120810.UpdateItem}; the service alone without. */
    private static String operationName(String service, EdgeServer.Exchange exchange) {
        return exchange.requestFields()
                .first("X-Amz-Target")
                .map(target -> service + ":" + target.substring(target.lastIndexOf('.') + 1))
                .orElse(service);
    }

    private void handleS3(EdgeServer.Exchange exchange, UpstreamPool backend) throws IOException, InterruptedException {
        var refusal = presignedUrls.check(
                exchange.method(), exchange.rawPath(), exchange.rawQuery(), exchange.requestFields());
        if (refusal.isPresent()) {
            Refusal refused = refusal.get();
            LOG.info(
                    "event=presigned_url_refused method={} path=\"{}\" code={} message=\"{}\"",
                    exchange.method(),
                    exchange.rawPath(),
                    refused.code(),
                    refused.message());
            sendError(exchange, refused.status(), refused.code(), refused.message(), refused.details());
            return;
        }
        if (isBucketNotificationRequest(exchange)) {
            handleBucketNotification(exchange, backend);
            return;
        }
        S3Request s3 =
                S3Request.of(exchange.method(), exchange.rawPath(), exchange.rawQuery(), exchange.requestFields());
        if (!s3.notifies()) {
            relay(exchange, forward(exchange, backend, null));
            return;
        }
        byte[] requestBody = s3.needsRequestBody() ? exchange.body().readAllBytes() : null;
        UpstreamPool.Response response = forward(exchange, backend, requestBody);
        byte[] responseBody = null;
        if (s3.needsResponseBody()) {
            try (InputStream body = response.body()) {
                responseBody = body.readAllBytes();
            }
        }
        List<ObjectChange> changes =
                s3.changes(response.status(), response.fields(), decoded(exchange, requestBody), responseBody);
        CompletableFuture<Void> responseSent = new CompletableFuture<>();
        if (!changes.isEmpty()) {
            String requestId = response.fields()
                    .first("x-amz-request-id")
                    .orElseGet(() -> UUID.randomUUID().toString());
            notifier.publish(changes, requestId, exchange.remoteAddress().getHostAddress(), responseSent);
        }
        try {
            relay(
                    exchange,
                    responseBody == null
                            ? response
                            : new UpstreamPool.Response(
                                    response.status(), response.fields(), new ByteArrayInputStream(responseBody)));
        } finally {
            responseSent.complete(null);
        }
    }

    /**
     * Whether S3 sends the bucket's events to EventBridge: its notification configuration, as last put through this
     * gateway, holds {@code EventBridgeConfiguration}
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-event-notifications-eventbridge.html).
     */
    public boolean eventBridgeEnabled(String bucket) {
        return eventBridgeBuckets.contains(bucket);
    }

    private static boolean isBucketNotificationRequest(EdgeServer.Exchange exchange) {
        String path = exchange.rawPath() == null ? "" : exchange.rawPath();
        String query = exchange.rawQuery() == null ? "" : exchange.rawQuery();
        int slash = path.indexOf('/', 1);
        boolean bucketOnly = path.length() > 1 && (slash < 0 || slash == path.length() - 1);
        return bucketOnly
                && Arrays.stream(query.split("&"))
                        .anyMatch(p -> p.equals("notification") || p.startsWith("notification="))
                && ("PUT".equals(exchange.method()) || "GET".equals(exchange.method()));
    }

    /**
     * PutBucketNotificationConfiguration replaces the whole configuration, EventBridge included; moto stores the
     * element but leaves it out of GetBucketNotificationConfiguration, so the gateway remembers it and adds it back.
     */
    private void handleBucketNotification(EdgeServer.Exchange exchange, UpstreamPool backend)
            throws IOException, InterruptedException {
        String path = exchange.rawPath();
        String bucket = path.substring(1, path.indexOf('/', 1) < 0 ? path.length() : path.indexOf('/', 1));
        if ("PUT".equals(exchange.method())) {
            byte[] body = exchange.body().readAllBytes();
            UpstreamPool.Response response = forward(exchange, backend, body);
            if (response.status() / 100 == 2) {
                String xml = new String(decoded(exchange, body), StandardCharsets.UTF_8);
                if (xml.contains("<EventBridgeConfiguration")) {
                    eventBridgeBuckets.add(bucket);
                } else {
                    eventBridgeBuckets.remove(bucket);
                }
                LOG.info(
                        "event=bucket_notification_configured bucket={} eventbridge={}",
                        bucket,
                        eventBridgeBuckets.contains(bucket));
            }
            relay(exchange, response);
            return;
        }
        UpstreamPool.Response response = forward(exchange, backend, null);
        if (response.status() != 200 || !eventBridgeBuckets.contains(bucket)) {
            relay(exchange, response);
            return;
        }
        String xml;
        try (InputStream in = response.body()) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int end = xml.lastIndexOf("</NotificationConfiguration>");
        if (end >= 0) {
            xml = xml.substring(0, end) + "<EventBridgeConfiguration></EventBridgeConfiguration>" + xml.substring(end);
        } else if (xml.contains("<NotificationConfiguration")) {
            xml = xml.replaceFirst(
                    "<NotificationConfiguration([^>]*)/>",
                    "<NotificationConfiguration$1><EventBridgeConfiguration></EventBridgeConfiguration></NotificationConfiguration>");
        } else {
            xml =
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                            + "<EventBridgeConfiguration></EventBridgeConfiguration></NotificationConfiguration>";
        }
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        relay(exchange, new UpstreamPool.Response(200, response.fields(), new ByteArrayInputStream(bytes)));
    }

    /** A buffered request body without its aws-chunked framing, for reading (DeleteObjects' key list). */
    private static byte[] decoded(EdgeServer.Exchange exchange, byte[] body) throws IOException {
        if (body == null || !contentEncodings(exchange.requestFields()).contains("aws-chunked")) {
            return body;
        }
        try (InputStream in = new ChunkedInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static List<String> contentEncodings(HttpFields fields) {
        return fields.all("Content-Encoding").stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(encoding -> encoding.trim().toLowerCase(Locale.ROOT))
                .toList();
    }

    /** Sends the request on, body as read into {@code body} or else streamed from the client. */
    private static UpstreamPool.Response forward(EdgeServer.Exchange exchange, UpstreamPool upstream, byte[] body)
            throws IOException, InterruptedException {
        HttpFields fields = new HttpFields();
        exchange.requestFields().forEach((name, value) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                fields.add(name, value);
            }
        });
        if (body != null) {
            return upstream.send(exchange.method(), exchange.target(), fields, body);
        }
        HttpFields request = exchange.requestFields();
        long length = request.isChunked() ? -1 : Math.max(0, request.contentLength());
        if (length >= 0 && length <= BUFFERED_BODY_BYTES) {
            return upstream.send(
                    exchange.method(),
                    exchange.target(),
                    fields,
                    exchange.body().readAllBytes());
        }
        return upstream.send(exchange.method(), exchange.target(), fields, exchange.body(), length);
    }

    private static void relay(EdgeServer.Exchange exchange, UpstreamPool.Response response) throws IOException {
        try (response) {
            HttpFields fields = new HttpFields();
            response.fields().forEach((name, value) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    fields.add(name, value);
                }
            });
            long length = response.fields().isChunked() ? -1 : response.fields().contentLength();
            if (response.body() instanceof ByteArrayInputStream buffered && !"HEAD".equals(exchange.method())) {
                length = buffered.available();
            }
            try (OutputStream out = exchange.respond(response.status(), fields, length)) {
                response.body().transferTo(out);
            }
        }
    }

    private static void sendError(
            EdgeServer.Exchange exchange, int status, String code, String message, Map<String, String> details)
            throws IOException {
        exchange.respond(
                status,
                new HttpFields()
                        .add("Content-Type", "application/xml")
                        .add(
                                "x-amz-request-id",
                                UUID.randomUUID().toString().replace("-", "").substring(0, 16)),
                errorXml(code, message, details).getBytes(StandardCharsets.UTF_8));
    }

    /** S3's error document (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
    static String errorXml(String code, String message, Map<String, String> details) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>")
                .append(escape(code))
                .append("</Code><Message>")
                .append(escape(message))
                .append("</Message>");
        details.forEach((name, value) -> xml.append('<')
                .append(name)
                .append('>')
                .append(escape(value))
                .append("</")
                .append(name)
                .append('>'));
        return xml.append("</Error>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
