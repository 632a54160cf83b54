package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.backfill.BackfillService;
import io.github.clarifais3sync.backfill.DynamoDbCheckpoints;
import io.github.clarifais3sync.enqueue.EnqueueService;
import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import io.github.clarifais3sync.storage.S3ObjectListing;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A backfill of an existing bucket on the offline stack (template.yaml as is, ExistingBucketName set, EventBridge off
 * so only the backfill feeds the pipeline): N small JPEGs are put first, then listed alone (objects listed/s), counted
 * by a dry run (listing plus a ledger lookup per image), backfilled, and followed to indexed. Prints the add requests
 * per image against the ideal 1/128 and the JVM's peak heap during the backfill (stack and backfill share the JVM).
 */
public final class BackfillBenchmark {

    private static final String BUCKET = "bench-archive";
    private static final Duration STATUS_EVERY = Duration.ofSeconds(30);
    private static final Duration POLL_EVERY = Duration.ofSeconds(10);

    private BackfillBenchmark() {}

    public static int run(int objects, Duration timeout, PrintStream out) throws Exception {
        out.printf(
                Locale.ROOT,
                "Backfilling %d small JPEGs from an existing bucket through the offline stack "
                        + "(status every %d s; gives up after %d s)%n",
                objects,
                STATUS_EVERY.toSeconds(),
                timeout.toSeconds());
        try (OfflineStack stack = OfflineStack.builder()
                        .template(Path.of("template.yaml"))
                        .parameterOverrides(Map.of("ExistingBucketName", BUCKET))
                        .scheduleEvery(STATUS_EVERY)
                        .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(200)))
                        .start();
                S3Client s3 = stack.aws().s3Client();
                SqsClient sqs = stack.aws().sqsClient();
                DynamoDbClient dynamoDb = stack.aws().dynamoDbClient()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long putStarted = System.nanoTime();
            int put = WedgeBenchmark.drop(
                    s3, BUCKET, WedgeBenchmark.jpeg(), objects, 16, deadline, new AtomicInteger(), out);
            out.printf(
                    Locale.ROOT,
                    "put %d objects in %.1f s (EventBridge off: no events)%n",
                    put,
                    seconds(putStarted, System.nanoTime()));

            S3ObjectListing listing = new S3ObjectListing(s3);
            AtomicLong listed = new AtomicLong();
            long listStarted = System.nanoTime();
            listing.list(BUCKET, "", null, false, page -> {
                listed.addAndGet(page.objects().size());
                return true;
            });
            double listSeconds = seconds(listStarted, System.nanoTime());

            KeyFilter keys = KeyFilter.of("", "", ".jpg");
            String table = stack.tableName();
            DynamoDbLedger ledger = new DynamoDbLedger(dynamoDb, table, Duration.ofDays(30));
            BackfillService backfill = new BackfillService(
                    listing,
                    ledger,
                    new EnqueueService(
                            sqs, stack.model().queueUrl("UploadQueue"), ledger, keys, Metrics.NONE, Clock.systemUTC()),
                    new DynamoDbCheckpoints(dynamoDb, table, Clock.systemUTC()),
                    keys);
            long dryStarted = System.nanoTime();
            BackfillService.Report dry =
                    backfill.run(BUCKET, new BackfillService.Options(true, 128), (c, k) -> {}, () -> false);
            double drySeconds = seconds(dryStarted, System.nanoTime());

            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long backfillStarted = System.nanoTime();
            BackfillService.Report report =
                    backfill.run(BUCKET, new BackfillService.Options(false, 128), (c, k) -> {}, () -> false);
            double backfillSeconds = seconds(backfillStarted, System.nanoTime());
            long peakHeap = peakHeap();
            out.printf(
                    Locale.ROOT,
                    "backfill queued %d of %d in %.1f s; following to indexed...%n",
                    report.counts().toAdd(),
                    report.counts().objectsSeen(),
                    backfillSeconds);

            int indexed = 0;
            while (System.nanoTime() < deadline) {
                indexed = WedgeBenchmark.countIndexed(dynamoDb, table);
                out.printf(
                        Locale.ROOT,
                        "  %5.0f s  indexed %d/%d%n",
                        seconds(backfillStarted, System.nanoTime()),
                        indexed,
                        report.counts().toAdd());
                if (indexed >= report.counts().toAdd()) {
                    break;
                }
                Thread.sleep(POLL_EVERY.toMillis());
            }
            double endToEnd = seconds(backfillStarted, System.nanoTime());
            double addRequests = stack.metrics().sum("AddRequests");
            double posted = stack.metrics().sum("InputsPosted");
            double perImage = addRequests / Math.max(1, posted);
            out.println();
            out.println("objects | listed/s (ListObjectsV2 only) | counted/s (dry run) | queued/s (backfill) | "
                    + "indexed | backfill to all indexed (s) | add requests | add requests per image (ideal 1/128 = "
                    + "0.00781) | peak heap during backfill (MiB)");
            out.println("------: | ---------------------------: | ------------------: | ------------------: | "
                    + "------: | --------------------------: | -----------: | -------------------------------------"
                    + "--------: | -----------------------------:");
            out.printf(
                    Locale.ROOT,
                    "%7d | %29.0f | %19.0f | %19.0f | %7d | %27.0f | %12.0f | %.5f (%+.1f %% vs 1/128)" + " | %d%n",
                    objects,
                    listed.get() / listSeconds,
                    dry.counts().objectsSeen() / drySeconds,
                    report.counts().toAdd() / backfillSeconds,
                    indexed,
                    endToEnd,
                    addRequests,
                    perImage,
                    (perImage * 128 - 1) * 100,
                    peakHeap / (1024 * 1024));
            boolean complete = indexed >= objects;
            out.println(complete ? "Every object was indexed." : "NOT every object was indexed within the timeout.");
            return complete ? 0 : 1;
        }
    }

    /** Sum of the heap pools' peak usage since the last reset. */
    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}
