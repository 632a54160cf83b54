package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.local.aws.AwsGateway;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 13's large drop, end to end (S3 events to indexed), twice in one run on fresh offline stacks wired from
 * template.yaml: the pipeline as deployed (UploadBatchSize 128), then the naive uploader, the same stack with
 * UploadBatchSize 1 (one add-inputs request per image). Each drop is N small JPEGs from W concurrent writers through
 * the edge endpoint, followed until every image is indexed or the mode's timeout passes. Prints wall time, images/s,
 * add requests per image against 1/128, peak descriptors, and the DynamoDB requests each mode made per image, by
 * operation. Run: {@code ./offline-stack bench --drop}.
 */
public final class DropBenchmark {

    private static final Duration STATUS_EVERY = Duration.ofSeconds(30);
    private static final Duration POLL_EVERY = Duration.ofSeconds(10);

    private DropBenchmark() {
    }

    private record Result(String mode, int put, int indexed, double seconds, double addRequests, double posted,
                          ProcessResources.Sample peak, Map<String, AwsGateway.OperationCount> operations) {
    }

    public static int run(int objects, int writers, Duration timeout, PrintStream out) throws Exception {
        if (!ProcessResources.supported()) {
            out.println("This benchmark reads /proc (Linux only).");
            return 2;
        }
        out.printf(Locale.ROOT, "Dropping %d small JPEGs with %d writers, followed to indexed: the pipeline "
                + "(UploadBatchSize 128), then the naive uploader (UploadBatchSize 1); each gives up after %d s%n",
                objects, writers, timeout.toSeconds());
        List<Result> results = new ArrayList<>();
        results.add(drop("batched (128)", "128", objects, writers, timeout, out));
        results.add(drop("naive (1)", "1", objects, writers, timeout, out));

        out.println();
        out.println("uploader | objects | indexed | wall time (s) | images/s | add requests | add requests per image "
                + "(ideal 1/128 = 0.00781) | peak fds (stack + emulators) | DynamoDB requests per image");
        out.println("-------- | ------: | ------: | ------------: | -------: | -----------: | ------------------------"
                + "---------------: | ---------------------------: | --------------------------:");
        for (Result result : results) {
            double perImage = result.addRequests() / Math.max(1, result.posted());
            long dynamoDb = result.operations().entrySet().stream().filter(e -> e.getKey().startsWith("dynamodb:"))
                    .mapToLong(e -> e.getValue().requests()).sum();
            out.printf(Locale.ROOT, "%s | %7d | %7d | %13.1f | %8.2f | %12.0f | %.5f (%+.1f %% vs 1/128) | %d + %d |"
                            + " %.1f%n", result.mode(), result.put(), result.indexed(), result.seconds(),
                    result.indexed() / result.seconds(), result.addRequests(), perImage, (perImage * 128 - 1) * 100,
                    result.peak().ownFds(), result.peak().childFds(), dynamoDb / (double) Math.max(1, result.put()));
        }
        Result batched = results.get(0);
        Result naive = results.get(1);
        out.printf(Locale.ROOT, "%nbatched vs naive: %.1fx the images/s, %.1fx fewer add requests per image%n",
                (batched.indexed() / batched.seconds()) / Math.max(1e-9, naive.indexed() / naive.seconds()),
                (naive.addRequests() / Math.max(1, naive.posted()))
                        / Math.max(1e-9, batched.addRequests() / Math.max(1, batched.posted())));
        for (Result result : results) {
            out.println();
            out.println("Requests per image by operation, " + result.mode() + " (count, mean ms in the emulator):");
            result.operations().forEach((operation, count) -> {
                if (!operation.startsWith("sqs:")) {
                    out.printf(Locale.ROOT, "  %-28s %8d  %6.2f per image  %7.1f ms%n", operation, count.requests(),
                            count.requests() / (double) Math.max(1, result.put()),
                            count.nanos() / 1e6 / Math.max(1, count.requests()));
                }
            });
        }
        boolean complete = results.stream().allMatch(r -> r.indexed() >= objects);
        out.println(complete ? "Every object was indexed in both modes."
                : "NOT every object was indexed within the timeout (figures above are for what was).");
        return complete ? 0 : 1;
    }

    private static Result drop(String mode, String batchSize, int objects, int writers, Duration timeout,
                               PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%n== %s ==%n", mode);
        try (OfflineStack stack = OfflineStack.builder().template(Path.of("template.yaml"))
                .parameterOverrides(Map.of("UploadBatchSize", batchSize))
                .scheduleEvery(STATUS_EVERY)
                .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(200))).start();
             ProcessResources resources = ProcessResources.start(stack.aws().endpoint().getPort());
             S3Client s3 = stack.aws().s3Client();
             DynamoDbClient dynamoDb = stack.aws().dynamoDbClient()) {
            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            int put = WedgeBenchmark.drop(s3, stack.bucketName(), WedgeBenchmark.jpeg(), objects, writers, deadline,
                    new AtomicInteger(), out);
            out.printf(Locale.ROOT, "put %d objects in %.1f s%n", put, (System.nanoTime() - started) / 1e9);
            int indexed = 0;
            while (System.nanoTime() < deadline) {
                indexed = WedgeBenchmark.countIndexed(dynamoDb, stack.tableName());
                out.printf(Locale.ROOT, "  %5.0f s  indexed %d/%d%n", (System.nanoTime() - started) / 1e9, indexed,
                        put);
                if (indexed >= put) {
                    break;
                }
                Thread.sleep(POLL_EVERY.toMillis());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Result(mode, put, Math.max(0, indexed), seconds, stack.metrics().sum("AddRequests"),
                    stack.metrics().sum("InputsPosted"), resources.peak(), stack.aws().gateway().operationCounts());
        }
    }
}
