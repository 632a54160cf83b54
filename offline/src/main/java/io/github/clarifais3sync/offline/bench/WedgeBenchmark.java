package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A large drop through the offline stack's edge endpoint, as a user would make it with {@code aws s3 cp --recursive}:
 * N small JPEGs put by W concurrent writers (one S3 client), then the whole pipeline (enqueue, upload, status) until
 * every image is indexed in the ledger. Prints the peak open descriptors of the stack's process and of the emulator
 * processes it started, the loopback sockets they own by state, and the wall time. Bounded: the writers put exactly
 * N objects, and the run gives up after the timeout. Run: {@code ./offline-stack bench --wedge}.
 */
public final class WedgeBenchmark {

    /**
     * The status schedule, instead of the template's rate(2 minutes), so the end is seen sooner; not much more often:
     * each status run pages through the ledger's pending index, and moto walks the whole table for every index page.
     */
    private static final Duration STATUS_EVERY = Duration.ofSeconds(30);
    /** How often the ledger is counted (a scan, which moto also serves by walking the whole table). */
    private static final Duration POLL_EVERY = Duration.ofSeconds(10);

    private WedgeBenchmark() {}

    public static int run(int objects, int writers, Duration timeout, PrintStream out) throws Exception {
        if (!ProcessResources.supported()) {
            out.println("This benchmark reads /proc (Linux only).");
            return 2;
        }
        out.printf(
                Locale.ROOT,
                "Dropping %d small JPEGs with %d concurrent writers through the edge endpoint, then "
                        + "following them to indexed (status every %d s; gives up after %d s)%n",
                objects,
                writers,
                STATUS_EVERY.toSeconds(),
                timeout.toSeconds());
        long started = System.nanoTime();
        try (OfflineStack stack = OfflineStack.builder()
                        .template(Path.of("template.yaml"))
                        .scheduleEvery(STATUS_EVERY)
                        .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(200)))
                        .start();
                ProcessResources resources =
                        ProcessResources.start(stack.aws().endpoint().getPort());
                S3Client s3 = stack.aws().s3Client();
                DynamoDbClient dynamoDb = stack.aws().dynamoDbClient()) {
            long stackUp = System.nanoTime();
            out.printf(
                    Locale.ROOT,
                    "stack started in %.1f s; at rest: %s%n",
                    seconds(started, stackUp),
                    describe(resources.sample()));
            byte[] jpeg = jpeg();
            long deadline = stackUp + timeout.toNanos();
            AtomicInteger failedPuts = new AtomicInteger();
            int put = drop(s3, stack.bucketName(), jpeg, objects, writers, deadline, failedPuts, out);
            long written = System.nanoTime();
            out.printf(
                    Locale.ROOT,
                    "put %d objects (%d failed) in %.1f s (%.0f puts/s); peak so far: %s%n",
                    put,
                    failedPuts.get(),
                    seconds(stackUp, written),
                    put / Math.max(0.001, seconds(stackUp, written)),
                    describe(resources.peak()));
            int indexed = 0;
            while (System.nanoTime() < deadline) {
                indexed = countIndexed(dynamoDb, stack.tableName());
                out.printf(
                        Locale.ROOT,
                        "  %5.0f s  indexed %d/%d  now: %s%n",
                        seconds(stackUp, System.nanoTime()),
                        indexed,
                        put,
                        describe(resources.last()));
                if (indexed >= put) {
                    break;
                }
                Thread.sleep(POLL_EVERY.toMillis());
            }
            long finished = System.nanoTime();
            ProcessResources.Sample peak = resources.peak();
            boolean complete = indexed >= put && put == objects;
            out.println();
            out.println("objects | writers | indexed | wall time (s) | images/s | peak fds (stack) | peak fds "
                    + "(emulators) | peak established | peak CLOSE_WAIT (edge) | peak TIME_WAIT");
            out.println("------: | ------: | ------: | ------------: | -------: | ---------------: | ------------"
                    + "-------: | ---------------: | ---------------------: | -------------:");
            out.printf(
                    Locale.ROOT,
                    "%7d | %7d | %7d | %13.1f | %8.1f | %16d | %19d | %16d | %14d (%d) | %14d%n",
                    objects,
                    writers,
                    indexed,
                    seconds(stackUp, finished),
                    indexed / Math.max(0.001, seconds(stackUp, finished)),
                    peak.ownFds(),
                    peak.childFds(),
                    peak.established(),
                    peak.closeWait(),
                    peak.edgeCloseWait(),
                    peak.timeWait());
            out.println(complete ? "Every object was indexed." : "NOT every object was indexed within the timeout.");
            return complete ? 0 : 1;
        }
    }

    /** Puts {@code objects} keys from {@code writers} threads; returns how many puts succeeded. */
    static int drop(
            S3Client s3,
            String bucket,
            byte[] jpeg,
            int objects,
            int writers,
            long deadline,
            AtomicInteger failed,
            PrintStream out)
            throws Exception {
        return drop(s3, bucket, "bulk/", jpeg, objects, writers, deadline, failed, out);
    }

    /** The same under {@code prefix}. */
    static int drop(
            S3Client s3,
            String bucket,
            String prefix,
            byte[] jpeg,
            int objects,
            int writers,
            long deadline,
            AtomicInteger failed,
            PrintStream out)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> running = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement();
                            i < objects && System.nanoTime() < deadline;
                            i = next.getAndIncrement()) {
                        String key = String.format(Locale.ROOT, "%s%02d/image-%05d.jpg", prefix, i % 100, i);
                        try {
                            s3.putObject(
                                    request -> request.bucket(bucket).key(key).contentType("image/jpeg"),
                                    RequestBody.fromBytes(jpeg));
                            succeeded.incrementAndGet();
                        } catch (RuntimeException e) {
                            if (failed.incrementAndGet() <= 5) {
                                out.println("  put failed: " + key + ": " + e);
                            }
                        }
                    }
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
        }
        return succeeded.get();
    }

    static int countIndexed(DynamoDbClient dynamoDb, String table) {
        int count = 0;
        Map<String, AttributeValue> start = null;
        try {
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = dynamoDb.scan(request -> request.tableName(table)
                        .select(Select.COUNT)
                        .filterExpression("#s = :indexed")
                        .expressionAttributeNames(Map.of("#s", "state"))
                        .expressionAttributeValues(Map.of(":indexed", AttributeValue.fromS("indexed")))
                        .exclusiveStartKey(from));
                count += page.count();
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        } catch (RuntimeException e) {
            return -1;
        }
        return count;
    }

    private static String describe(ProcessResources.Sample sample) {
        return String.format(
                Locale.ROOT,
                "fds %d (+%d emulators), sockets established %d, CLOSE_WAIT %d (edge %d), " + "TIME_WAIT %d",
                sample.ownFds(),
                sample.childFds(),
                sample.established(),
                sample.closeWait(),
                sample.edgeCloseWait(),
                sample.timeWait());
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    static byte[] jpeg() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            image.setRGB(x, x % 48, 0xff8800);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
