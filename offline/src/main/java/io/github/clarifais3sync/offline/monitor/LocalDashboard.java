package io.github.clarifais3sync.offline.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.clarifais3sync.offline.Json;
import io.github.clarifais3sync.offline.LedgerView;
import io.github.clarifais3sync.offline.Log;
import io.github.clarifais3sync.offline.OfflineStack;
import io.github.clarifais3sync.offline.template.Specs.QueueSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The offline stack's live dashboard: one page (plain HTML, a little JavaScript drawing SVG charts, no build step)
 * at {@code /}, fed by {@code /api/snapshot}: ledger counts per state (read from the ledger table when the page asks,
 * at most once a second), queue depths, and the series and totals of the metrics the functions emitted in EMF
 * ({@link MetricsCollector}) — the numbers CloudWatch would show for the same run. Loopback only.
 */
public final class LocalDashboard implements AutoCloseable {

    static final Duration BUCKET = Duration.ofSeconds(5);
    private static final Duration WINDOW = Duration.ofMinutes(30);
    private static final int MAX_LEDGER_SAMPLES = 3600;
    private static final String PAGE = "dashboard.html";

    private record LedgerSample(long at, Map<String, Integer> counts) {}

    private final OfflineStack stack;
    private final HttpServer server;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final LedgerView ledger;
    private final Instant started = Instant.now();
    private final Deque<LedgerSample> ledgerSamples = new ArrayDeque<>();
    private ObjectNode lastSnapshot;
    private long lastSnapshotAt;

    private LocalDashboard(OfflineStack stack, HttpServer server) {
        this.stack = stack;
        this.server = server;
        this.dynamoDb = stack.aws().dynamoDbClient();
        this.sqs = stack.aws().sqsClient();
        this.ledger = new LedgerView(dynamoDb, stack.tableName());
    }

    /** Serves the dashboard of {@code stack} on 127.0.0.1 at {@code port} (0: any free port). */
    public static LocalDashboard start(OfflineStack stack, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        LocalDashboard dashboard = new LocalDashboard(stack, server);
        server.createContext("/", dashboard::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return dashboard;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "text/plain", "GET only".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/") || path.equals("/index.html")) {
                try (InputStream page = LocalDashboard.class.getResourceAsStream(PAGE)) {
                    send(exchange, 200, "text/html; charset=utf-8", page.readAllBytes());
                }
            } else if (path.equals("/api/snapshot")) {
                send(exchange, 200, "application/json", Json.MAPPER.writeValueAsBytes(snapshot()));
            } else {
                send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            Log.warn("dashboard.request-failed", "error", e.toString());
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** What the page shows; rebuilt at most once a second however many pages poll. */
    synchronized ObjectNode snapshot() {
        long now = System.currentTimeMillis();
        if (lastSnapshot != null && now - lastSnapshotAt < 1000) {
            return lastSnapshot;
        }
        MetricsCollector metrics = stack.metrics();
        ObjectNode snapshot = Json.MAPPER
                .createObjectNode()
                .put("stack", stack.model().stackName())
                .put("namespace", metrics.namespace())
                .put("service", metrics.service())
                .put("now", now)
                .put("startedAt", started.toEpochMilli())
                .put("bucketSeconds", BUCKET.toSeconds());
        Map<String, Integer> counts = ledger.counts();
        ObjectNode ledgerNode = snapshot.putObject("ledger");
        counts.forEach(ledgerNode::put);
        ledgerSamples.addLast(new LedgerSample(now, counts));
        while (ledgerSamples.size() > MAX_LEDGER_SAMPLES) {
            ledgerSamples.removeFirst();
        }
        ArrayNode history = snapshot.putArray("ledgerHistory");
        for (LedgerSample sample : ledgerSamples) {
            ObjectNode point = history.addObject().put("t", sample.at());
            sample.counts().forEach(point::put);
        }
        ObjectNode queues = snapshot.putObject("queues");
        for (QueueSpec queue : stack.model().queues()) {
            queues.set(queue.logicalId(), queueDepth(stack.model().queueUrl(queue.logicalId())));
        }
        ObjectNode series = snapshot.putObject("series");
        metrics.series(Instant.ofEpochMilli(now).minus(WINDOW), BUCKET).forEach((name, points) -> {
            ArrayNode values = series.putArray(name);
            points.forEach((t, v) -> values.addArray().add(t).add(v));
        });
        ArrayNode totals = snapshot.putArray("metrics");
        metrics.totals()
                .values()
                .forEach(total -> totals.addObject()
                        .put("name", total.name())
                        .put("unit", total.unit())
                        .put("breakdown", total.breakdown())
                        .put("sum", total.sum())
                        .put("last", total.last())
                        .put("values", total.values()));
        snapshot.put("records", metrics.records().size());
        lastSnapshot = snapshot;
        lastSnapshotAt = now;
        return snapshot;
    }

    private ObjectNode queueDepth(String url) {
        ObjectNode depth = Json.MAPPER.createObjectNode();
        try {
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>(sqs.getQueueAttributes(r -> r.queueUrl(url)
                            .attributeNames(
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                    .attributes());
            depth.put(
                    "visible",
                    Integer.parseInt(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")));
            depth.put(
                    "inFlight",
                    Integer.parseInt(attributes.getOrDefault(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")));
            depth.put(
                    "delayed",
                    Integer.parseInt(
                            attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0")));
        } catch (RuntimeException e) {
            depth.put("error", e.getClass().getSimpleName());
        }
        return depth;
    }

    @Override
    public void close() {
        server.stop(0);
        dynamoDb.close();
        sqs.close();
    }
}
