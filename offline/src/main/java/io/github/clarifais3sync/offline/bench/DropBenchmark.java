package io.github.clarifais3sync.offline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.local.aws.AwsGateway;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The large drop, end to end (S3 events to indexed), twice in one run on fresh offline stacks wired from
 * template.yaml: the pipeline as deployed (UploadBatchSize 128), then the naive uploader, the same stack with
 * UploadBatchSize 1 (one add-inputs request per image). Each drop is N small JPEGs from W concurrent writers through
 * the edge endpoint, followed until every image is indexed or the mode's timeout passes. Prints wall time, images/s,
 * add requests per image against 1/128, peak descriptors, and the DynamoDB requests each mode made per image, by
 * operation. Run: {@code ./offline-stack bench --drop}.
 */
public final class DropBenchmark {

    private static final Duration STATUS_EVERY = Duration.ofSeconds(30);
    private static final Duration POLL_EVERY = Duration.ofSeconds(10);

    private DropBenchmark() {}

    /** {@code inputs}: the app's inputs at the end; {@code keysWithInput}: the keys put that have one or more. */
    private record Result(
            String mode,
            int put,
            int indexed,
            double seconds,
            double addRequests,
            double posted,
            ProcessResources.Sample peak,
            Map<String, AwsGateway.OperationCount> operations,
            int inputs,
            int keysWithInput) {
        int lost() {
            return put - keysWithInput;
        }

        int duplicates() {
            return inputs - keysWithInput;
        }
    }

    public static int run(int objects, int writers, Duration timeout, PrintStream out) throws Exception {
        return run(objects, writers, timeout, out, new Goals());
    }

    /** The same, adding the drop's figures against the goals to {@code goals}. */
    public static int run(int objects, int writers, Duration timeout, PrintStream out, Goals goals) throws Exception {
        if (!ProcessResources.supported()) {
            out.println("This benchmark reads /proc (Linux only).");
            return 2;
        }
        out.printf(
                Locale.ROOT,
                "Dropping %d small JPEGs with %d writers, followed to indexed: the pipeline "
                        + "(UploadBatchSize 128), then the naive uploader (UploadBatchSize 1); each gives up after %d s%n",
                objects,
                writers,
                timeout.toSeconds());
        List<Result> results = new ArrayList<>();
        results.add(drop("batched (128)", "128", objects, writers, timeout, out));
        results.add(drop("naive (1)", "1", objects, writers, timeout, out));

        out.println();
        out.println("uploader | objects | indexed | inputs in the app | lost | duplicate | wall time (s) | images/s | "
                + "add requests | add requests per image (ideal 1/128 = 0.00781) | peak fds (stack + emulators) | "
                + "DynamoDB requests per image");
        out.println("-------- | ------: | ------: | ----------------: | ---: | --------: | ------------: | -------: | "
                + "-----------: | ---------------------------------------: | ---------------------------: | "
                + "--------------------------:");
        for (Result result : results) {
            double perImage = result.addRequests() / Math.max(1, result.posted());
            long dynamoDb = result.operations().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("dynamodb:"))
                    .mapToLong(e -> e.getValue().requests())
                    .sum();
            out.printf(
                    Locale.ROOT,
                    "%s | %7d | %7d | %17d | %4d | %9d | %13.1f | %8.2f | %12.0f | %.5f (%+.1f %% "
                            + "vs 1/128) | %d + %d | %.1f%n",
                    result.mode(),
                    result.put(),
                    result.indexed(),
                    result.inputs(),
                    result.lost(),
                    result.duplicates(),
                    result.seconds(),
                    result.indexed() / result.seconds(),
                    result.addRequests(),
                    perImage,
                    (perImage * 128 - 1) * 100,
                    result.peak().ownFds(),
                    result.peak().childFds(),
                    dynamoDb / (double) Math.max(1, result.put()));
        }
        Result batched = results.get(0);
        Result naive = results.get(1);
        out.printf(
                Locale.ROOT,
                "%nbatched vs naive: %.1fx the images/s, %.1fx fewer add requests per image%n",
                (batched.indexed() / batched.seconds()) / Math.max(1e-9, naive.indexed() / naive.seconds()),
                (naive.addRequests() / Math.max(1, naive.posted()))
                        / Math.max(1e-9, batched.addRequests() / Math.max(1, batched.posted())));
        for (Result result : results) {
            out.println();
            out.println("Requests per image by operation, " + result.mode() + " (count, mean ms in the emulator):");
            result.operations().forEach((operation, count) -> {
                if (!operation.startsWith("sqs:")) {
                    out.printf(
                            Locale.ROOT,
                            "  %-28s %8d  %6.2f per image  %7.1f ms%n",
                            operation,
                            count.requests(),
                            count.requests() / (double) Math.max(1, result.put()),
                            count.nanos() / 1e6 / Math.max(1, count.requests()));
                }
            });
        }
        double batchedPerImage = batched.addRequests() / Math.max(1, batched.posted());
        goals.goal(
                "drop",
                String.format(
                        Locale.ROOT,
                        "%,d objects, %d writers: every object indexed, nothing lost " + "or duplicated",
                        objects,
                        writers),
                String.format(
                        Locale.ROOT,
                        "%,d of %,d indexed in %.0f s; %d lost, %d duplicate; peak fds %d + %d",
                        batched.indexed(),
                        batched.put(),
                        batched.seconds(),
                        batched.lost(),
                        batched.duplicates(),
                        batched.peak().ownFds(),
                        batched.peak().childFds()),
                batched.put() == objects
                        && batched.indexed() >= objects
                        && batched.lost() == 0
                        && batched.duplicates() == 0);
        goals.goal(
                "drop",
                "add requests per image within 5 % of 1/128 (0.00781)",
                String.format(Locale.ROOT, "%.5f (%+.1f %%)", batchedPerImage, (batchedPerImage * 128 - 1) * 100),
                Math.abs(batchedPerImage * 128 - 1) <= 0.05);
        goals.figure(
                "drop",
                "images/s, batched vs naive uploader (one input per add)",
                String.format(
                        Locale.ROOT,
                        "%.2f vs %.2f (%.1fx); naive: %,d of %,d indexed, %d lost",
                        batched.indexed() / batched.seconds(),
                        naive.indexed() / naive.seconds(),
                        (batched.indexed() / batched.seconds()) / Math.max(1e-9, naive.indexed() / naive.seconds()),
                        naive.indexed(),
                        naive.put(),
                        naive.lost()));
        boolean complete = results.stream().allMatch(r -> r.indexed() >= objects);
        out.println(
                complete
                        ? "Every object was indexed in both modes."
                        : "NOT every object was indexed within the timeout (figures above are for what was).");
        return complete ? 0 : 1;
    }

    private static Result drop(
            String mode, String batchSize, int objects, int writers, Duration timeout, PrintStream out)
            throws Exception {
        out.printf(Locale.ROOT, "%n== %s ==%n", mode);
        try (OfflineStack stack = OfflineStack.builder()
                        .template(Path.of("template.yaml"))
                        .parameterOverrides(Map.of("UploadBatchSize", batchSize))
                        .scheduleEvery(STATUS_EVERY)
                        .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(200)))
                        .start();
                ProcessResources resources =
                        ProcessResources.start(stack.aws().endpoint().getPort());
                S3Client s3 = stack.aws().s3Client();
                DynamoDbClient dynamoDb = stack.aws().dynamoDbClient()) {
            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            int put = WedgeBenchmark.drop(
                    s3,
                    stack.bucketName(),
                    WedgeBenchmark.jpeg(),
                    objects,
                    writers,
                    deadline,
                    new AtomicInteger(),
                    out);
            out.printf(Locale.ROOT, "put %d objects in %.1f s%n", put, (System.nanoTime() - started) / 1e9);
            int indexed = 0;
            while (System.nanoTime() < deadline) {
                indexed = WedgeBenchmark.countIndexed(dynamoDb, stack.tableName());
                out.printf(
                        Locale.ROOT, "  %5.0f s  indexed %d/%d%n", (System.nanoTime() - started) / 1e9, indexed, put);
                if (indexed >= put) {
                    break;
                }
                Thread.sleep(POLL_EVERY.toMillis());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            List<JsonNode> inputs = ((LocalInputsApiEndpoint) stack.inputsApi())
                    .api()
                    .inputs(stack.inputsApi().userId(), stack.inputsApi().appId());
            Set<String> keys = new HashSet<>();
            inputs.forEach(input -> keys.add(input.at("/data/metadata/s3_key").asText()));
            return new Result(
                    mode,
                    put,
                    Math.max(0, indexed),
                    seconds,
                    stack.metrics().sum("AddRequests"),
                    stack.metrics().sum("InputsPosted"),
                    resources.peak(),
                    stack.aws().gateway().operationCounts(),
                    inputs.size(),
                    keys.size());
        }
    }
}
