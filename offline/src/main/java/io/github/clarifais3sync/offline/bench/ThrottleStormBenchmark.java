package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.LedgerView;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Time from put to indexed after a throttling storm, before and after the upload function's redelivery backoff, side
 * by side in one run on the offline stack. The local Inputs API answers every request 429 for {@value #STORM_SECONDS}
 * s while {@value #OBJECTS} objects are put; each upload invocation gives up on the storm within its timeout.
 * <ul>
 *   <li>before: the upload function's queue URL names no queue, so its visibility changes fail (logged, as designed)
 *       and a retried message comes back after the queue's visibility timeout, as before the backoff existed;</li>
 *   <li>after: the template's backoff ({@code UPLOAD_RETRY_BASE_SECONDS}, {@code UPLOAD_RETRY_MAX_SECONDS}).</li>
 * </ul>
 * To fit a benchmark, the visibility timeout is {@value #VISIBILITY_SECONDS} s instead of the template's 900 s and
 * the upload timeout {@value #UPLOAD_TIMEOUT_SECONDS} s instead of 120 s. Run: {@code ./offline-stack bench --storm}.
 */
public final class ThrottleStormBenchmark {

    static final int OBJECTS = 20;
    static final int STORM_SECONDS = 45;
    static final int VISIBILITY_SECONDS = 120;
    static final int UPLOAD_TIMEOUT_SECONDS = 15;
    private static final Duration GIVE_UP = Duration.ofMinutes(10);
    /** The upload function's queue URL in template.yaml: the one followed by its backoff settings. */
    private static final String UPLOAD_QUEUE_URL = "QUEUE_URL: !Ref UploadQueue\n          UPLOAD_RETRY_BASE_SECONDS:";

    private record Row(
            String mode,
            String comesBackAfter,
            double medianSeconds,
            double maxSeconds,
            int deliveries,
            boolean allIndexed) {}

    private ThrottleStormBenchmark() {}

    public static int run(Path template, PrintStream out) throws Exception {
        return run(template, out, new Goals());
    }

    /** The same, adding whether the backoff brings retried messages back sooner than the visibility timeout. */
    public static int run(Path template, PrintStream out, Goals goals) throws Exception {
        out.printf(
                Locale.ROOT,
                "%nThrottling storm: every Inputs API request answered 429 for %d s while %d objects are"
                        + " put; upload timeout %d s, upload queue visibility timeout %d s (template: 120 s and 900 s)%n",
                STORM_SECONDS,
                OBJECTS,
                UPLOAD_TIMEOUT_SECONDS,
                VISIBILITY_SECONDS);
        String base = setting(template, "UPLOAD_RETRY_BASE_SECONDS");
        String max = setting(template, "UPLOAD_RETRY_MAX_SECONDS");
        Row before = measure(template, "before", false, "the visibility timeout (" + VISIBILITY_SECONDS + " s)");
        Row after = measure(template, "after", true, "backoff " + base + " s doubling, at most " + max + " s");
        out.println();
        out.println(
                "mode   | retried messages come back after       | put→indexed median (s) | max (s) | upload deliveries | max vs after");
        out.println(
                "------ | -------------------------------------- | ---------------------- | ------- | ----------------- | ------------");
        for (Row row : List.of(before, after)) {
            out.printf(
                    Locale.ROOT,
                    "%-6s | %-38s | %22.1f | %7.1f | %17d | %11.2fx%s%n",
                    row.mode(),
                    row.comesBackAfter(),
                    row.medianSeconds(),
                    row.maxSeconds(),
                    row.deliveries(),
                    row.maxSeconds() / after.maxSeconds(),
                    row.allIndexed() ? "" : "  (NOT all indexed)");
        }
        goals.goal(
                "429 storm",
                "retried messages come back after a backoff, not the visibility timeout",
                String.format(
                        Locale.ROOT,
                        "put to indexed, max %.1f s after vs %.1f s before (%.2fx)",
                        after.maxSeconds(),
                        before.maxSeconds(),
                        before.maxSeconds() / after.maxSeconds()),
                before.allIndexed() && after.allIndexed() && after.maxSeconds() < before.maxSeconds());
        return before.allIndexed() && after.allIndexed() ? 0 : 1;
    }

    private static Row measure(Path template, String mode, boolean backoff, String comesBackAfter) throws Exception {
        Path directory = Files.createTempDirectory("storm-" + mode);
        Path copy = directory.resolve("template.yaml");
        String text = replace(
                Files.readString(template),
                "Timeout: 120",
                "Timeout: " + UPLOAD_TIMEOUT_SECONDS,
                "VisibilityTimeout: 900",
                "VisibilityTimeout: " + VISIBILITY_SECONDS,
                "MaximumBatchingWindowInSeconds: 20",
                "MaximumBatchingWindowInSeconds: 1");
        if (!backoff) {
            text = replace(text, UPLOAD_QUEUE_URL, "QUEUE_URL: no-such-queue\n          UPLOAD_RETRY_BASE_SECONDS:");
        }
        Files.writeString(copy, text);
        AtomicInteger deliveries = new AtomicInteger();
        try (OfflineStack stack = OfflineStack.builder()
                        .template(copy)
                        .scheduleEvery(Duration.ofSeconds(2))
                        .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(200)))
                        .start();
                S3Client s3 = stack.aws().s3Client();
                DynamoDbClient dynamoDb = stack.aws().dynamoDbClient()) {
            stack.onInvocation(invocation -> {
                if (invocation.functionLogicalId().equals("UploadFunction")) {
                    deliveries.addAndGet(invocation.records());
                }
            });
            LocalInputsApiEndpoint api = (LocalInputsApiEndpoint) stack.inputsApi();
            api.api().faults().throttleRequestsAtRate(1.0);
            byte[] jpeg = UploadBatchBenchmark.jpeg();
            Map<String, Long> putAt = new HashMap<>();
            long start = System.nanoTime();
            for (int i = 0; i < OBJECTS; i++) {
                String key = "storm/" + mode + "/image-" + i + ".jpg";
                s3.putObject(r -> r.bucket(stack.bucketName()).key(key), RequestBody.fromBytes(jpeg));
                putAt.put(key, System.nanoTime());
            }
            LedgerView ledger = new LedgerView(dynamoDb, stack.tableName());
            Map<String, Long> indexedAt = new HashMap<>();
            boolean stormOver = false;
            while (indexedAt.size() < OBJECTS && System.nanoTime() - start < GIVE_UP.toNanos()) {
                if (!stormOver
                        && System.nanoTime() - start
                                >= Duration.ofSeconds(STORM_SECONDS).toNanos()) {
                    api.api().faults().clear();
                    stormOver = true;
                }
                long now = System.nanoTime();
                for (LedgerView.Row row : ledger.rows()) {
                    if (row.state().equals("indexed") && putAt.containsKey(row.key())) {
                        indexedAt.putIfAbsent(row.key(), now);
                    }
                }
                Thread.sleep(500);
            }
            List<Double> seconds = new ArrayList<>();
            indexedAt.forEach((key, at) -> seconds.add((at - putAt.get(key)) / 1e9));
            seconds.sort(Double::compare);
            double median = seconds.isEmpty() ? Double.NaN : seconds.get(seconds.size() / 2);
            double max = seconds.isEmpty() ? Double.NaN : seconds.get(seconds.size() - 1);
            return new Row(mode, comesBackAfter, median, max, deliveries.get(), indexedAt.size() == OBJECTS);
        }
    }

    /** The literal value template.yaml gives an upload function variable, e.g. {@code '20'} for the base. */
    private static String setting(Path template, String name) throws Exception {
        for (String line : Files.readAllLines(template)) {
            String trimmed = line.strip();
            if (trimmed.startsWith(name + ":")) {
                return trimmed.substring(name.length() + 1).strip().replace("'", "");
            }
        }
        throw new IllegalArgumentException(template + " sets no " + name);
    }

    private static String replace(String text, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (!text.contains(pairs[i])) {
                throw new IllegalArgumentException("template has no " + pairs[i]);
            }
            text = text.replace(pairs[i], pairs[i + 1]);
        }
        return text;
    }
}
