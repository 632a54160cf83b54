package io.github.clarifais3sync.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.NewInput;
import io.github.clarifais3sync.inputs.PathForm;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.model.InputIds;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark, not a test (runs only when asked): reconcile N objects on the offline stack and report the time and the
 * tool's peak heap. The stack runs without event sources; the bucket, the ledger and the app are seeded directly
 * (objects put, ledger items batch-written, inputs added 128 at a time with the product's metadata), 1 % of the keys
 * made missing (no input) and 1 % orphans (object gone). The tool then runs as users run it, in its own JVM, once
 * with the default heap and once capped at -Xmx64m, each printing its own elapsed time and peak heap.
 *
 * <pre>
 *   ./mvnw -B -q -ntp -pl ops -am verify -Dtest=ReconcileBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dreconcile.bench.objects=100000
 * </pre>
 */
@EnabledIfSystemProperty(named = "reconcile.bench.objects", matches = "\\d+")
class ReconcileBenchmark {

    private static final int THREADS = 8;

    @Test
    void reconcile(@TempDir Path directory) throws Exception {
        int objects = Integer.parseInt(System.getProperty("reconcile.bench.objects"));
        try (OfflineStack stack = OfflineStack.builder()
                        .template(Path.of("..", "template.yaml"))
                        .stackName(OfflineTarget.STACK)
                        .eventSources(false)
                        .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ZERO))
                        .start();
                S3Client s3 = stack.aws().s3Client();
                DynamoDbClient dynamoDb = stack.aws().dynamoDbClient();
                InputsClient inputs = InputsClient.builder()
                        .baseUrl(stack.inputsApi().baseUrl())
                        .pathForm(PathForm.USER_APP)
                        .userId(stack.inputsApi().userId())
                        .appId(stack.inputsApi().appId())
                        .apiKey(io.github.clarifais3sync.inputs.ApiKey.of(
                                stack.inputsApi().apiKey()))
                        .build()) {
            String bucket = stack.bucketName();
            byte[] image = OfflineTarget.png(1);
            String eTag = s3.putObject(r -> r.bucket(bucket).key("bench/probe.png"), RequestBody.fromBytes(image))
                    .eTag()
                    .replace("\"", "");
            s3.deleteObject(r -> r.bucket(bucket).key("bench/probe.png"));
            Instant now = Instant.now();
            long seedStart = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                // Objects: every key but the orphans (i % 100 == 1).
                run(pool, objects, 500, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        if (i % 100 != 1) {
                            String key = key(i);
                            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(image));
                        }
                    }
                });
                long putDone = System.nanoTime();
                // Ledger: an indexed version of every key.
                run(pool, objects, 25, (from, to) -> {
                    List<WriteRequest> writes = new ArrayList<>();
                    for (int i = from; i < to; i++) {
                        LedgerEntry entry = new LedgerEntry(
                                bucket,
                                key(i),
                                id(bucket, i, eTag),
                                null,
                                eTag,
                                image.length,
                                "",
                                InputState.INDEXED,
                                30000,
                                "Download complete",
                                1,
                                now,
                                now,
                                now,
                                null);
                        writes.add(WriteRequest.builder()
                                .putRequest(PutRequest.builder()
                                        .item(DynamoDbLedger.versionItem(entry))
                                        .build())
                                .build());
                    }
                    var unprocessed = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(stack.tableName(), writes)))
                            .unprocessedItems();
                    while (unprocessed != null && !unprocessed.isEmpty()) {
                        var again = unprocessed;
                        unprocessed = dynamoDb.batchWriteItem(r -> r.requestItems(again))
                                .unprocessedItems();
                    }
                });
                long ledgerDone = System.nanoTime();
                // App: an input for every key but the missing ones (i % 100 == 2), with the product's metadata.
                run(pool, objects, InputsClient.MAX_INPUTS_PER_ADD, (from, to) -> {
                    List<NewInput> batch = new ArrayList<>();
                    for (int i = from; i < to; i++) {
                        if (i % 100 != 2) {
                            ObjectNode metadata = Json.MAPPER
                                    .createObjectNode()
                                    .put("s3_bucket", bucket)
                                    .put("s3_key", key(i))
                                    .put("etag", eTag)
                                    .put("size", image.length);
                            batch.add(NewInput.fromBytes(id(bucket, i, eTag), image)
                                    .withMetadata(metadata));
                        }
                    }
                    if (!batch.isEmpty()) {
                        inputs.addInputs(batch, Deadline.after(Duration.ofMinutes(2)));
                    }
                });
                long appDone = System.nanoTime();
                System.out.printf(
                        Locale.ROOT,
                        "seeded %,d keys in %.0f s: objects %.0f s, ledger %.0f s, app %.0f s%n",
                        objects,
                        (appDone - seedStart) / 1e9,
                        (putDone - seedStart) / 1e9,
                        (ledgerDone - putDone) / 1e9,
                        (appDone - ledgerDone) / 1e9);
            } finally {
                pool.shutdownNow();
            }
            for (String heap : new String[] {null, "-Xmx64m"}) {
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                if (heap != null) {
                    command.add(heap);
                }
                command.addAll(List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        SyncCli.class.getName(),
                        "reconcile",
                        "--stack",
                        OfflineTarget.STACK,
                        "--show",
                        "2",
                        "--temp-dir",
                        directory.toString(),
                        "--stats"));
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("run.txt").toFile());
                builder.environment().putAll(stack.aws().environment());
                int exit = builder.start().waitFor();
                String output = Files.readString(directory.resolve("run.txt"), StandardCharsets.UTF_8);
                System.out.printf(
                        "---- reconcile of %,d objects, heap %s, exit %d%n%s",
                        objects,
                        heap == null ? "default" : heap,
                        exit,
                        output.lines().filter(line -> !line.startsWith("SLF4J")).reduce("", (a, b) -> a + b + "\n"));
            }
        }
    }

    private static String key(int i) {
        return String.format(Locale.ROOT, "bench/%08d.png", i);
    }

    private static String id(String bucket, int i, String eTag) {
        return InputIds.forObject(bucket, key(i), null, null, eTag);
    }

    private interface Range {
        void run(int from, int to) throws Exception;
    }

    private static void run(ExecutorService pool, int count, int step, Range range) throws Exception {
        List<Future<?>> futures = IntStream.iterate(0, i -> i < count, i -> i + step)
                .<Future<?>>mapToObj(from -> pool.submit(() -> {
                    range.run(from, Math.min(count, from + step));
                    return null;
                }))
                .toList();
        for (Future<?> future : futures) {
            future.get();
        }
    }
}
