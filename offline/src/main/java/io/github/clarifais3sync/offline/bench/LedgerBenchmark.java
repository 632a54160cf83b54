package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The ledger's DynamoDB calls on the offline stack's emulator, at growing table sizes: the ledger table as
 * template.yaml declares it is filled with version items (one in ten awaiting status, so in the sparse
 * {@code pending} index, as in a drop under way), and at each size every call the functions make is timed one at a
 * time (median of a sample), plus conditional UpdateItems from 16 threads at once (the upload function's batches and
 * the enqueue function's events in parallel). Prints milliseconds per call by size and the ratio of the largest size
 * to the empty table: a call whose time grows with the table walks it. Run: {@code ./offline-stack bench --ledger}.
 */
public final class LedgerBenchmark {

    private static final int SAMPLES = 60;
    private static final int THREADS = 16;
    private static final int CONCURRENT_CALLS = 480;
    private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");
    private static final String BUCKET = "bench-ledger";

    private LedgerBenchmark() {}

    public static int run(int largest, PrintStream out) throws Exception {
        int[] sizes = Arrays.stream(new int[] {0, 2_000, largest})
                .filter(size -> size <= largest)
                .distinct()
                .toArray();
        out.printf(
                Locale.ROOT,
                "The ledger's DynamoDB calls on the offline stack's emulator at %s version items "
                        + "(median of %d calls each; UpdateItem also from %d threads at once)%n",
                Arrays.toString(sizes),
                SAMPLES,
                THREADS);
        try (OfflineStack stack = OfflineStack.builder()
                        .template(Path.of("template.yaml"))
                        .eventSources(false)
                        .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ZERO))
                        .start();
                DynamoDbClient dynamoDb = stack.aws().dynamoDbClient()) {
            String table = stack.tableName();
            DynamoDbLedger ledger = new DynamoDbLedger(dynamoDb, table, Duration.ofDays(30));
            Map<String, double[]> millis = new LinkedHashMap<>();
            AtomicInteger fresh = new AtomicInteger();
            int filled = 0;
            for (int s = 0; s < sizes.length; s++) {
                long fillStarted = System.nanoTime();
                fill(dynamoDb, table, filled, sizes[s]);
                out.printf(
                        Locale.ROOT,
                        "  %,d items (filled in %.1f s with BatchWriteItem)%n",
                        sizes[s],
                        (System.nanoTime() - fillStarted) / 1e9);
                filled = sizes[s];
                int at = s;
                int known = Math.max(1, filled);
                time(
                        millis,
                        "GetItem (find)",
                        at,
                        sizes.length,
                        i -> ledger.find(BUCKET, key(i % known), inputId(i % known)));
                time(
                        millis,
                        "Query, table (versionsOf)",
                        at,
                        sizes.length,
                        i -> ledger.versionsOf(BUCKET, key(i % known)));
                time(
                        millis,
                        "Query, pending index (dueForStatus, 100)",
                        at,
                        sizes.length,
                        i -> ledger.dueForStatus(NOW.plusSeconds(3600), 100));
                time(
                        millis,
                        "UpdateItem, conditional (markDeleted, new item)",
                        at,
                        sizes.length,
                        i -> ledger.markDeleted(
                                BUCKET, "fresh/" + fresh.incrementAndGet() + ".jpg", "x", "bench", NOW));
                time(
                        millis,
                        "PutItem",
                        at,
                        sizes.length,
                        i -> dynamoDb.putItem(request -> request.tableName(table)
                                .item(DynamoDbLedger.versionItem(entry(1_000_000 + fresh.incrementAndGet())))));
                long started = System.nanoTime();
                try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
                    List<Future<?>> calls = new ArrayList<>();
                    for (int i = 0; i < CONCURRENT_CALLS; i++) {
                        calls.add(pool.submit(() -> ledger.markDeleted(
                                BUCKET, "fresh/" + fresh.incrementAndGet() + ".jpg", "x", "bench", NOW)));
                    }
                    for (Future<?> call : calls) {
                        call.get();
                    }
                }
                millis.computeIfAbsent("UpdateItem, 16 threads: calls/s", name -> new double[sizes.length])[at] =
                        CONCURRENT_CALLS / ((System.nanoTime() - started) / 1e9);
                filled += 2 * SAMPLES + CONCURRENT_CALLS;
            }
            out.println();
            StringBuilder head = new StringBuilder("call | ");
            StringBuilder rule = new StringBuilder("---- | ");
            for (int size : sizes) {
                head.append(String.format(Locale.ROOT, "%,d items | ", size));
                rule.append("---: | ");
            }
            out.println(head.append(String.format(Locale.ROOT, "%,d vs 0", sizes[sizes.length - 1])));
            out.println(rule.append("---:"));
            millis.forEach((call, values) -> {
                StringBuilder row = new StringBuilder(call).append(" | ");
                for (double value : values) {
                    row.append(String.format(Locale.ROOT, call.endsWith("calls/s") ? "%.0f" : "%.1f ms", value))
                            .append(" | ");
                }
                out.println(row.append(String.format(Locale.ROOT, "%.1f x", values[values.length - 1] / values[0])));
            });
            out.println();
            out.println("Requests the emulator served, by operation (count, mean ms):");
            stack.aws()
                    .gateway()
                    .operationCounts()
                    .forEach((operation, count) -> out.printf(
                            Locale.ROOT,
                            "  %-32s %8d  %7.1f%n",
                            operation,
                            count.requests(),
                            count.nanos() / 1e6 / Math.max(1, count.requests())));
            return 0;
        }
    }

    @FunctionalInterface
    private interface Call {
        void call(int sample) throws Exception;
    }

    private static void time(Map<String, double[]> millis, String name, int at, int sizes, Call call) throws Exception {
        double[] samples = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long started = System.nanoTime();
            call.call(i);
            samples[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(samples);
        millis.computeIfAbsent(name, n -> new double[sizes])[at] = samples[SAMPLES / 2];
    }

    /** Puts version items {@code from} to {@code to}, 25 to a BatchWriteItem (its limit), retrying unprocessed ones. */
    private static void fill(DynamoDbClient dynamoDb, String table, int from, int to) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            batch.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder()
                            .item(DynamoDbLedger.versionItem(entry(i)))
                            .build())
                    .build());
            if (batch.size() == 25 || i == to - 1) {
                Map<String, List<WriteRequest>> pending = Map.of(table, List.copyOf(batch));
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> sent = pending;
                    BatchWriteItemResponse response = dynamoDb.batchWriteItem(request -> request.requestItems(sent));
                    pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                    pending = pending.values().stream().allMatch(List::isEmpty) ? Map.of() : pending;
                }
                batch.clear();
            }
        }
    }

    /** Version {@code i}: indexed, or one in ten still awaiting its status check (in the pending index). */
    private static LedgerEntry entry(int i) {
        ObjectVersion version = ObjectVersion.of(
                BUCKET, key(i), 1024, "etag-" + i, null, String.format(Locale.ROOT, "%016X", i), NOW.toString());
        InputState state = i % 10 == 0 ? InputState.POSTED : InputState.INDEXED;
        return new LedgerEntry(
                BUCKET,
                key(i),
                version.inputId(),
                null,
                "etag-" + i,
                1024,
                version.sequencer(),
                state,
                state == InputState.POSTED ? 30001 : 10000,
                "",
                1,
                NOW,
                NOW,
                NOW,
                NOW);
    }

    private static String key(int i) {
        return String.format(Locale.ROOT, "bulk/%02d/image-%06d.jpg", i % 100, i);
    }

    private static String inputId(int i) {
        return entry(i).inputId();
    }
}
