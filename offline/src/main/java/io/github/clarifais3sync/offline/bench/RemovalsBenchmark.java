package io.github.clarifais3sync.offline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.local.inputsapi.RequestKind;
import io.github.clarifais3sync.offline.LedgerView;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import io.github.clarifais3sync.offline.RequestReport;
import io.github.clarifais3sync.offline.chaos.ChaosRun;
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
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Removals at scale, end to end on fresh offline stacks wired from template.yaml. N objects are put and followed to
 * indexed, then removed the way {@code aws s3 rm --recursive} does it (ListObjectsV2, then DeleteObjects in pages of
 * 1,000 keys), and N more are removed by lifecycle expiration (the gateway reports those deletes as
 * {@code LifecycleExpiration:*}, as S3 does when a lifecycle rule expires objects). Each removal is followed until
 * every input of the removed objects is gone from the app and every ledger version is {@code deleted}; the DELETE
 * requests the local Inputs API received are counted. Two modes, side by side: the removals queue as deployed
 * (RemovalsBatchSize 128), and one removal per invocation (RemovalsBatchSize 1, one DELETE per removal, the cost of
 * the path before the queue). A third removal in the queued mode runs under a 429 storm: every Inputs API request
 * answered 429 for {@value #STORM_SECONDS} s from the first removal; nothing may be left behind or dead-lettered.
 * Run: {@code ./offline-stack bench --removals [--objects N]}.
 */
public final class RemovalsBenchmark {

    static final int STORM_SECONDS = 30;
    /** DeleteObjects takes at most 1,000 keys (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html). */
    private static final int DELETE_OBJECTS_PAGE = 1000;

    private static final int IDS_PER_DELETE = 128;
    private static final int WRITERS = 16;
    private static final Duration STATUS_EVERY = Duration.ofSeconds(10);
    private static final Duration POLL_EVERY = Duration.ofSeconds(1);
    /** Local-only header: the gateway reports the delete as a lifecycle expiration (moto runs no lifecycle rules). */
    private static final String LIFECYCLE_EXPIRATION_HEADER = "x-local-lifecycle-expiration";

    /** How the objects were removed. */
    enum Removal {
        RM_RECURSIVE("rm --recursive"),
        LIFECYCLE("lifecycle expiration"),
        RM_UNDER_429_STORM("rm, 429 storm");

        final String label;

        Removal(String label) {
            this.label = label;
        }

        String prefix() {
            return "removals/" + name().toLowerCase(Locale.ROOT).replace('_', '-') + "/";
        }
    }

    /** One removal of {@code objects} indexed objects and what it took. */
    record Row(
            String mode,
            Removal removal,
            int objects,
            double seconds,
            RequestReport requests,
            int inputsLeft,
            int ledgerNotDeleted,
            Map<String, Integer> deadLetters,
            boolean finished) {
        long deletes() {
            return requests.deletes();
        }

        int deadLettered() {
            return deadLetters.values().stream().mapToInt(Integer::intValue).sum();
        }

        boolean clean() {
            return finished && inputsLeft == 0 && ledgerNotDeleted == 0 && deadLettered() == 0;
        }
    }

    private RemovalsBenchmark() {}

    /** The most DELETE requests N removals may cost: one per 128, plus 5 %. */
    static long deleteBudget(int objects) {
        return (long) Math.floor(Math.ceil(objects / (double) IDS_PER_DELETE) * 1.05);
    }

    public static int run(int objects, Duration timeout, PrintStream out) throws Exception {
        return run(Path.of("template.yaml"), objects, timeout, out, new Goals());
    }

    /** The same from {@code template}, adding the removals' figures against the goals to {@code goals}. */
    public static int run(Path template, int objects, Duration timeout, PrintStream out, Goals goals) throws Exception {
        out.printf(
                Locale.ROOT,
                "Removing %,d indexed objects with aws s3 rm --recursive, and %,d by lifecycle "
                        + "expiration: the removals queue (RemovalsBatchSize 128), then one removal per invocation "
                        + "(RemovalsBatchSize 1); each removal gives up after %d s%n",
                objects,
                objects,
                timeout.toSeconds());
        List<Row> rows = new ArrayList<>();
        rows.addAll(mode(template, "queued (128)", "128", objects, timeout, true, out));
        rows.addAll(mode(template, "one per removal (1)", "1", objects, timeout, false, out));

        long budget = deleteBudget(objects);
        out.println();
        out.printf(
                Locale.ROOT,
                "mode | removal | objects | DELETE requests (at most %d) | deletes per removal | "
                        + "answered 429 | first removal to last input gone (s) | inputs left | ledger versions not deleted | "
                        + "dead-lettered%n",
                budget);
        out.println("---- | ------- | ------: | ---------------------------: | ------------------: | -----------: | "
                + "----------------------------------: | ----------: | --------------------------: | ------------:");
        for (Row row : rows) {
            long throttled = row.requests().answered(RequestKind.DELETE_BATCH, "429")
                    + row.requests().answered(RequestKind.DELETE_ONE, "429");
            out.printf(
                    Locale.ROOT,
                    "%s | %s | %,d | %d | %.4f | %d | %s | %d | %d | %d%n",
                    row.mode(),
                    row.removal().label,
                    row.objects(),
                    row.deletes(),
                    row.deletes() / (double) row.objects(),
                    throttled,
                    row.finished()
                            ? String.format(Locale.ROOT, "%.1f", row.seconds())
                            : String.format(Locale.ROOT, "NOT DONE after %.0f", row.seconds()),
                    row.inputsLeft(),
                    row.ledgerNotDeleted(),
                    row.deadLettered());
        }
        for (Removal removal : List.of(Removal.RM_RECURSIVE, Removal.LIFECYCLE)) {
            Row queued = find(rows, "queued (128)", removal);
            Row single = find(rows, "one per removal (1)", removal);
            out.printf(
                    Locale.ROOT,
                    "%s: one per removal took %.1fx the time and %.1fx the DELETE requests of the " + "queue%n",
                    removal.label,
                    single.seconds() / Math.max(1e-9, queued.seconds()),
                    single.deletes() / (double) Math.max(1, queued.deletes()));
        }
        for (Row row : rows) {
            out.println();
            out.println(row.mode() + ", " + row.removal().label + ":");
            row.requests().print(out, new RequestReport.Work(0, row.objects(), 0));
        }

        for (Removal removal : List.of(Removal.RM_RECURSIVE, Removal.LIFECYCLE)) {
            Row queued = find(rows, "queued (128)", removal);
            Row single = find(rows, "one per removal (1)", removal);
            goals.goal(
                    "removals",
                    String.format(
                            Locale.ROOT,
                            "%,d removals by %s: at most %d DELETE requests; every "
                                    + "input gone, every ledger version deleted",
                            objects,
                            removal.label,
                            budget),
                    String.format(
                            Locale.ROOT,
                            "%d DELETE requests; %d inputs left, %d versions not deleted; %.1f s "
                                    + "vs %.1f s one per removal (%.1fx)",
                            queued.deletes(),
                            queued.inputsLeft(),
                            queued.ledgerNotDeleted(),
                            queued.seconds(),
                            single.seconds(),
                            single.seconds() / Math.max(1e-9, queued.seconds())),
                    queued.clean() && queued.deletes() <= budget);
        }
        Row storm = find(rows, "queued (128)", Removal.RM_UNDER_429_STORM);
        goals.goal(
                "removals",
                String.format(
                        Locale.ROOT,
                        "%,d removals under a %d s 429 storm: 0 orphan inputs, " + "nothing dead-lettered",
                        objects,
                        STORM_SECONDS),
                String.format(
                        Locale.ROOT,
                        "%d inputs left, %d versions not deleted, %d dead-lettered (%s); %.1f s",
                        storm.inputsLeft(),
                        storm.ledgerNotDeleted(),
                        storm.deadLettered(),
                        storm.deadLetters(),
                        storm.seconds()),
                storm.clean());
        boolean clean = rows.stream().allMatch(Row::clean);
        out.println(
                clean
                        ? "Every removed object's inputs are gone and every ledger version is deleted, in every mode."
                        : "NOT every removal finished cleanly (see the table above).");
        return clean ? 0 : 1;
    }

    private static Row find(List<Row> rows, String mode, Removal removal) {
        return rows.stream()
                .filter(r -> r.mode().equals(mode) && r.removal() == removal)
                .findFirst()
                .orElseThrow();
    }

    private static List<Row> mode(
            Path template, String mode, String batchSize, int objects, Duration timeout, boolean storm, PrintStream out)
            throws Exception {
        out.printf(Locale.ROOT, "%n== %s ==%n", mode);
        List<Removal> removals = storm ? List.of(Removal.values()) : List.of(Removal.RM_RECURSIVE, Removal.LIFECYCLE);
        try (OfflineStack stack = OfflineStack.builder()
                        .template(template)
                        .parameterOverrides(Map.of("RemovalsBatchSize", batchSize))
                        .scheduleEvery(STATUS_EVERY)
                        .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(200)))
                        .start();
                S3Client s3 = stack.aws().s3Client();
                DynamoDbClient dynamoDb = stack.aws().dynamoDbClient();
                SqsClient sqs = stack.aws().sqsClient()) {
            LocalInputsApiEndpoint api = (LocalInputsApiEndpoint) stack.inputsApi();
            LedgerView ledger = new LedgerView(dynamoDb, stack.tableName());
            byte[] jpeg = WedgeBenchmark.jpeg();
            long started = System.nanoTime();
            for (Removal removal : removals) {
                int put = WedgeBenchmark.drop(
                        s3,
                        stack.bucketName(),
                        removal.prefix(),
                        jpeg,
                        objects,
                        WRITERS,
                        started + timeout.toNanos(),
                        new AtomicInteger(),
                        out);
                out.printf(Locale.ROOT, "  put %,d objects under %s%n", put, removal.prefix());
            }
            // Indexing gets its own timeout: removals must start from indexed objects to be measured.
            awaitIndexed(ledger, removals, objects, System.nanoTime() + timeout.toNanos(), out);
            List<Row> rows = new ArrayList<>();
            for (Removal removal : removals) {
                rows.add(remove(stack, s3, sqs, ledger, api, mode, removal, objects, timeout, out));
            }
            return rows;
        }
    }

    private static void awaitIndexed(
            LedgerView ledger, List<Removal> removals, int objects, long deadline, PrintStream out)
            throws InterruptedException {
        int expected = removals.size() * objects;
        int indexed = 0;
        while (System.nanoTime() < deadline) {
            indexed = (int) ledger.rows().stream()
                    .filter(row -> row.state().equals("indexed")
                            && removals.stream().anyMatch(r -> row.key().startsWith(r.prefix())))
                    .count();
            if (indexed >= expected) {
                break;
            }
            Thread.sleep(STATUS_EVERY.toMillis());
        }
        out.printf(Locale.ROOT, "  %,d of %,d objects indexed%n", indexed, expected);
    }

    private static Row remove(
            OfflineStack stack,
            S3Client s3,
            SqsClient sqs,
            LedgerView ledger,
            LocalInputsApiEndpoint api,
            String mode,
            Removal removal,
            int objects,
            Duration timeout,
            PrintStream out)
            throws Exception {
        RequestReport before = RequestReport.of(api.api());
        long started = System.nanoTime();
        if (removal == Removal.RM_UNDER_429_STORM) {
            api.api().faults().throttleRequestsAtRate(1.0);
        }
        boolean stormOver = removal != Removal.RM_UNDER_429_STORM;
        int removed = deleteAll(s3, stack.bucketName(), removal);
        out.printf(
                Locale.ROOT,
                "  %s: removed %,d objects in %.1f s%n",
                removal.label,
                removed,
                (System.nanoTime() - started) / 1e9);
        long deadline = started + timeout.toNanos();
        int inputsLeft;
        int notDeleted;
        do {
            if (!stormOver
                    && System.nanoTime() - started
                            >= Duration.ofSeconds(STORM_SECONDS).toNanos()) {
                api.api().faults().clear();
                stormOver = true;
            }
            inputsLeft = inputsUnder(api, removal.prefix());
            notDeleted = inputsLeft > 0
                    ? -1
                    : (int) ledger.rows().stream()
                            .filter(row -> row.key().startsWith(removal.prefix())
                                    && !row.state().equals("deleted"))
                            .count();
            if (inputsLeft == 0 && notDeleted == 0) {
                break;
            }
            Thread.sleep(POLL_EVERY.toMillis());
        } while (System.nanoTime() < deadline);
        double seconds = (System.nanoTime() - started) / 1e9;
        api.api().faults().clear();
        boolean finished = inputsLeft == 0 && notDeleted == 0;
        out.printf(
                Locale.ROOT,
                "  %s: %s after %.1f s%n",
                removal.label,
                finished ? "every input gone" : inputsLeft + " inputs left",
                seconds);
        return new Row(
                mode,
                removal,
                objects,
                seconds,
                RequestReport.of(api.api()).since(before),
                inputsLeft,
                Math.max(0, notDeleted),
                ChaosRun.deadLetters(stack, sqs),
                finished);
    }

    /** ListObjectsV2 under the removal's prefix, then DeleteObjects 1,000 keys at a time, as aws s3 rm does. */
    private static int deleteAll(S3Client s3, String bucket, Removal removal) {
        List<ObjectIdentifier> page = new ArrayList<>();
        int removed = 0;
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(removal.prefix()))
                .contents()) {
            page.add(ObjectIdentifier.builder().key(object.key()).build());
            if (page.size() == DELETE_OBJECTS_PAGE) {
                removed += deleteObjects(s3, bucket, removal, page);
                page = new ArrayList<>();
            }
        }
        if (!page.isEmpty()) {
            removed += deleteObjects(s3, bucket, removal, page);
        }
        return removed;
    }

    private static int deleteObjects(S3Client s3, String bucket, Removal removal, List<ObjectIdentifier> keys) {
        return s3.deleteObjects(request -> {
                            request.bucket(bucket).delete(d -> d.objects(keys).quiet(true));
                            if (removal == Removal.LIFECYCLE) {
                                request.overrideConfiguration(o -> o.putHeader(LIFECYCLE_EXPIRATION_HEADER, "true"));
                            }
                        })
                        .hasErrors()
                ? 0
                : keys.size();
    }

    private static int inputsUnder(LocalInputsApiEndpoint api, String prefix) {
        int count = 0;
        for (JsonNode input : api.api().inputs(api.userId(), api.appId())) {
            if (input.at("/data/metadata/s3_key").asText().startsWith(prefix)) {
                count++;
            }
        }
        return count;
    }
}
