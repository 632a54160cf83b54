package io.github.clarifais3sync.offline.chaos;

import io.github.clarifais3sync.local.inputsapi.FaultInjector;
import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import io.github.clarifais3sync.offline.LedgerView;
import io.github.clarifais3sync.offline.LedgerView.Row;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import io.github.clarifais3sync.offline.RequestReport;
import io.github.clarifais3sync.offline.bench.Goals;
import io.github.clarifais3sync.offline.bench.ProcessResources;
import io.github.clarifais3sync.offline.chaos.Agreement.StoredObject;
import io.github.clarifais3sync.offline.chaos.ChaosPlan.Case;
import io.github.clarifais3sync.offline.chaos.ChaosPlan.Entry;
import io.github.clarifais3sync.offline.chaos.ChaosPlan.Step;
import io.github.clarifais3sync.offline.template.Specs.FunctionSpec;
import io.github.clarifais3sync.offline.template.Specs.QueueSpec;
import io.github.clarifais3sync.offline.template.Specs.SqsEventSpec;
import io.github.clarifais3sync.offline.template.TemplateModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A chaos run through the whole pipeline: a {@link ChaosPlan} of N keys put and deleted by W writers while the local
 * Inputs API injects {@link ChaosFaults}; then, once the pipeline is quiet, bucket, ledger and app compared
 * ({@link Agreement}) and the requests the functions made counted by kind on the local Inputs API. "Quiet" means: no
 * S3 notification or asynchronous invocation on its way, no message on a queue a function consumes (visible, in
 * flight or delayed), no input of the app being processed or deleted, and no ledger row waiting for its status, seen
 * twice in a row. {@code ./offline-stack chaos} runs it on a fresh stack; {@code ChaosTest} runs a small one in CI.
 */
public final class ChaosRun {

    /**
     * @param objects      keys in the plan
     * @param writers      concurrent writers (one S3 client)
     * @param seed         seeds the plan and the faults
     * @param faults       what the local Inputs API injects, and for how long
     * @param quietTimeout how long to wait for the pipeline to be quiet once the drop is done
     * @param pollEvery    how often to look (each look past the cheap checks scans the ledger)
     */
    public record Settings(
            int objects, int writers, long seed, ChaosFaults faults, Duration quietTimeout, Duration pollEvery) {
        public Settings {
            if (objects < 1 || writers < 1) {
                throw new IllegalArgumentException("objects and writers must be at least 1");
            }
        }
    }

    /** What a run found; {@link #passed()} when the pipeline became quiet and bucket, ledger and app agree. */
    public record Result(
            Settings settings,
            Map<Case, Integer> cases,
            int imagePuts,
            int removedVersions,
            int failedPuts,
            boolean quiet,
            Duration dropTime,
            Duration wallTime,
            Agreement agreement,
            RequestReport requests,
            FaultInjector.Injected injected,
            Map<String, Integer> deadLetters,
            String loadBefore,
            String loadAfter) {

        public boolean passed() {
            return quiet && failedPuts == 0 && agreement.holds();
        }

        public void print(PrintStream out) {
            Agreement a = agreement;
            out.println();
            out.println("objects | writers | seed | image puts | wall time (s) | lost | duplicate | stale | orphan"
                    + " | ledger disagreements");
            out.println("------: | ------: | ---: | ---------: | ------------: | ---: | --------: | ----: | -----:"
                    + " | -------------------:");
            out.printf(
                    Locale.ROOT,
                    "%7d | %7d | %4d | %10d | %13.1f | %4d | %9d | %5d | %6d | %20d%n",
                    settings.objects(),
                    settings.writers(),
                    settings.seed(),
                    imagePuts,
                    wallTime.toMillis() / 1000.0,
                    a.lost().size(),
                    a.duplicate().size(),
                    a.stale().size(),
                    a.orphan().size(),
                    a.ledger().size());
            out.println();
            requests.print(out, new RequestReport.Work(imagePuts, removedVersions, 0));
            out.printf(
                    Locale.ROOT,
                    "faults injected: %d answered 429, %d answered 503, %d connections dropped, %d"
                            + " inputs failed within an add%n",
                    injected.throttledRequests(),
                    injected.failedRequests(),
                    injected.droppedConnections(),
                    injected.failedInputs());
            out.println("failures recorded in the ledger (rows in 'failed', by status code): "
                    + (a.failures().isEmpty() ? "none" : a.failures()));
            out.println("messages left on dead-letter and failure queues: " + deadLetters);
            out.printf(
                    Locale.ROOT,
                    "drop (puts and deletes) took %.1f s; %d puts failed; pipeline quiet: %s%n",
                    dropTime.toMillis() / 1000.0,
                    failedPuts,
                    quiet ? "yes" : "NO, timed out");
            out.println("cases: " + cases);
            out.println("load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter);
            printSome(out, "lost", a.lost());
            printSome(out, "duplicate", a.duplicate());
            printSome(out, "stale", a.stale());
            printSome(out, "orphan", a.orphan());
            printSome(out, "ledger", a.ledger());
            out.println(
                    passed()
                            ? "PASSED: nothing lost, duplicated, stale or orphaned."
                            : "FAILED: see the counts above.");
        }

        private static void printSome(PrintStream out, String what, List<String> problems) {
            problems.stream().limit(20).forEach(problem -> out.println("  " + what + ": " + problem));
            if (problems.size() > 20) {
                out.println("  ... and " + (problems.size() - 20) + " more " + what);
            }
        }
    }

    /** The template's upload pace, shortened so a run ends in minutes (see {@link #pacedTemplate}). */
    static final int REDELIVERY_SECONDS = 60;

    private static final Duration STATUS_EVERY = Duration.ofSeconds(15);
    private static final Duration LATER_STEPS_WAIT = Duration.ofMinutes(2);
    private static final Set<String> UNSETTLED = Set.of("queued", "posted", "processing");

    private final OfflineStack stack;
    private final LocalInputsApi api;
    private final Settings settings;
    private final PrintStream out;

    private ChaosRun(OfflineStack stack, LocalInputsApi api, Settings settings, PrintStream out) {
        this.stack = stack;
        this.api = api;
        this.settings = settings;
        this.out = out;
    }

    /** {@code ./offline-stack chaos}: a fresh stack from a paced copy of the template, one run; 0 when it passed. */
    public static int command(Path template, Settings settings, PrintStream out) throws Exception {
        return command(template, settings, out, new Goals());
    }

    /** The same, adding the run's verdict to {@code goals} ({@code ./offline-stack bench --all}). */
    public static int command(Path template, Settings settings, PrintStream out, Goals goals) throws Exception {
        Path directory = Files.createTempDirectory("chaos");
        Path paced = pacedTemplate(template, directory);
        out.printf(
                Locale.ROOT,
                "Chaos run: %d objects, %d writers, seed %d; faults: %s%n",
                settings.objects(),
                settings.writers(),
                settings.seed(),
                settings.faults());
        out.printf(
                Locale.ROOT,
                "Stack from %s with a %d s upload timeout and visibility timeout (template: 120 s and"
                        + " 900 s), retry backoff 2 to 30 s (template: 20 to 900 s), status every %d s (template: 2"
                        + " minutes)%n",
                template,
                REDELIVERY_SECONDS,
                STATUS_EVERY.toSeconds());
        long started = System.nanoTime();
        try (OfflineStack stack = OfflineStack.builder()
                .template(paced)
                .scheduleEvery(STATUS_EVERY)
                .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(200)))
                .start()) {
            out.printf(Locale.ROOT, "stack started in %.1f s%n", (System.nanoTime() - started) / 1e9);
            Result result = run(stack, ((LocalInputsApiEndpoint) stack.inputsApi()).api(), settings, out);
            result.print(out);
            Agreement a = result.agreement();
            goals.goal(
                    "chaos",
                    String.format(
                            Locale.ROOT,
                            "%,d objects under faults: lost, duplicate, stale and " + "orphan inputs all 0",
                            settings.objects()),
                    String.format(
                            Locale.ROOT,
                            "%d, %d, %d, %d; " + "ledger disagreements %d; quiet after %.0f s: %s",
                            a.lost().size(),
                            a.duplicate().size(),
                            a.stale().size(),
                            a.orphan().size(),
                            a.ledger().size(),
                            result.wallTime().toMillis() / 1000.0,
                            result.quiet() ? "yes" : "NO"),
                    result.passed());
            return result.passed() ? 0 : 1;
        }
    }

    /**
     * The template with only the pace changed: an upload invocation that fails comes back after
     * {@value #REDELIVERY_SECONDS} s instead of 900 s (the upload and labels timeouts shrink with it, as Lambda
     * requires the visibility timeout to be at least the function's), and retried messages back off 2 to 30 s instead
     * of 20 to 900 s. The batching window stays the template's, so adds batch as they would in AWS.
     */
    public static Path pacedTemplate(Path template, Path directory) throws IOException {
        String text = Files.readString(template);
        String[] pairs = {
            "VisibilityTimeout: 900",
            "VisibilityTimeout: " + REDELIVERY_SECONDS,
            "Timeout: 120",
            "Timeout: " + REDELIVERY_SECONDS,
            "UPLOAD_RETRY_BASE_SECONDS: '20'",
            "UPLOAD_RETRY_BASE_SECONDS: '2'",
            "UPLOAD_RETRY_MAX_SECONDS: '900'",
            "UPLOAD_RETRY_MAX_SECONDS: '30'"
        };
        for (int i = 0; i < pairs.length; i += 2) {
            if (!text.contains(pairs[i])) {
                throw new IllegalArgumentException(template + " has no " + pairs[i]);
            }
            text = text.replace(pairs[i], pairs[i + 1]);
        }
        Path copy = directory.resolve("template.yaml");
        Files.writeString(copy, text);
        return copy;
    }

    /** One run on a started stack whose functions call {@code api}. */
    public static Result run(OfflineStack stack, LocalInputsApi api, Settings settings, PrintStream out)
            throws Exception {
        return new ChaosRun(stack, api, settings, out).run();
    }

    private Result run() throws Exception {
        ChaosPlan plan = ChaosPlan.draw(settings.objects(), settings.seed());
        String loadBefore = ProcessResources.loadAverage();
        RequestReport before = RequestReport.of(api);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chaos-faults");
            thread.setDaemon(true);
            return thread;
        });
        try (S3Client s3 = stack.aws().s3Client();
                DynamoDbClient dynamoDb = stack.aws().dynamoDbClient();
                SqsClient sqs = stack.aws().sqsClient()) {
            LedgerView ledger = new LedgerView(dynamoDb, stack.tableName());
            long started = System.nanoTime();
            settings.faults().apply(api.faults(), settings.seed());
            timer.schedule(
                    () -> {
                        api.faults().clear();
                        out.println("  faults ended (their period is over)");
                    },
                    settings.faults().period().toMillis(),
                    TimeUnit.MILLISECONDS);
            AtomicInteger failedPuts = new AtomicInteger();
            out.printf(Locale.ROOT, "  dropping %d keys (%s)%n", plan.entries().size(), plan.counts());
            write(s3, plan.entries(), Entry::first, failedPuts);
            out.printf(
                    Locale.ROOT,
                    "  %.0f s: first steps done; waiting (at most %d s) until half the keys with later"
                            + " steps are indexed%n",
                    seconds(started),
                    LATER_STEPS_WAIT.toSeconds());
            awaitHalfIndexed(ledger, plan);
            write(s3, plan.entries(), Entry::later, failedPuts);
            Duration dropTime = Duration.ofNanos(System.nanoTime() - started);
            out.printf(
                    Locale.ROOT,
                    "  %.0f s: later steps done; waiting for the pipeline to be quiet%n",
                    seconds(started));
            boolean quiet = awaitQuiet(sqs, ledger, started);
            Duration wallTime = Duration.ofNanos(System.nanoTime() - started);
            timer.shutdownNow();
            api.faults().clear();
            Agreement agreement = Agreement.of(
                    plan,
                    bucket(s3),
                    ledger.rows(),
                    api.inputs(stack.inputsApi().userId(), stack.inputsApi().appId()));
            return new Result(
                    settings,
                    plan.counts(),
                    plan.imagePuts(),
                    plan.removedVersions(),
                    failedPuts.get(),
                    quiet,
                    dropTime,
                    wallTime,
                    agreement,
                    RequestReport.of(api).since(before),
                    api.faults().injected(),
                    deadLetters(stack, sqs),
                    loadBefore,
                    ProcessResources.loadAverage());
        } finally {
            timer.shutdownNow();
        }
    }

    /** Runs the chosen steps of every entry, each entry's steps in order on one writer. */
    private void write(S3Client s3, List<Entry> entries, Function<Entry, List<Step>> steps, AtomicInteger failed)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        String bucket = stack.bucketName();
        try (ExecutorService pool = Executors.newFixedThreadPool(settings.writers())) {
            List<Future<?>> running = new ArrayList<>();
            for (int writer = 0; writer < settings.writers(); writer++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < entries.size(); i = next.getAndIncrement()) {
                        Entry entry = entries.get(i);
                        for (Step step : steps.apply(entry)) {
                            try {
                                if (step.action() == ChaosPlan.Action.DELETE) {
                                    s3.deleteObject(
                                            request -> request.bucket(bucket).key(entry.key()));
                                } else {
                                    s3.putObject(
                                            request -> request.bucket(bucket).key(entry.key()),
                                            RequestBody.fromBytes(entry.content(step)));
                                }
                            } catch (RuntimeException e) {
                                if (failed.incrementAndGet() <= 5) {
                                    out.println("  " + step.action() + " failed: " + entry.key() + ": " + e);
                                }
                            }
                        }
                    }
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
        }
    }

    /** Waits until half the keys with later steps have an indexed first version, so later steps meet both kinds. */
    private void awaitHalfIndexed(LedgerView ledger, ChaosPlan plan) throws InterruptedException {
        Set<String> keys = new HashSet<>();
        plan.entries().stream().filter(entry -> !entry.later().isEmpty()).forEach(entry -> keys.add(entry.key()));
        long deadline = System.nanoTime() + LATER_STEPS_WAIT.toNanos();
        while (!keys.isEmpty() && System.nanoTime() < deadline) {
            long indexed = ledger.rows().stream()
                    .filter(row -> row.state().equals("indexed") && keys.contains(row.key()))
                    .map(Row::key)
                    .distinct()
                    .count();
            if (indexed * 2 >= keys.size()) {
                return;
            }
            Thread.sleep(settings.pollEvery().toMillis());
        }
    }

    private boolean awaitQuiet(SqsClient sqs, LedgerView ledger, long started) throws Exception {
        long deadline = System.nanoTime() + settings.quietTimeout().toNanos();
        int quietLooks = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(settings.pollEvery().toMillis());
            Map<String, Integer> queued = consumedQueueDepths(sqs);
            int busy =
                    api.busyInputs(stack.inputsApi().userId(), stack.inputsApi().appId());
            boolean asyncIdle = asyncIdle();
            int queuedTotal =
                    queued.values().stream().mapToInt(Integer::intValue).sum();
            String unsettled = "-";
            boolean quiet = false;
            if (asyncIdle && queuedTotal == 0 && busy == 0) {
                Map<String, Integer> byState = new TreeMap<>();
                ledger.rows().stream()
                        .filter(row -> UNSETTLED.contains(row.state()))
                        .forEach(row -> byState.merge(row.state(), 1, Integer::sum));
                unsettled = byState.toString();
                quiet = byState.isEmpty();
            }
            quietLooks = quiet ? quietLooks + 1 : 0;
            out.printf(
                    Locale.ROOT,
                    "  %5.0f s  queues %s, async idle %s, inputs in process %d, ledger waiting %s%n",
                    seconds(started),
                    queued,
                    asyncIdle,
                    busy,
                    unsettled);
            if (quietLooks >= 2) {
                return true;
            }
        }
        return false;
    }

    /** No S3 notification on its way and no asynchronous invocation queued; false while a backlog is delivered. */
    private boolean asyncIdle() throws InterruptedException {
        try {
            return stack.asyncIdle();
        } catch (TimeoutException stillDelivering) {
            return false;
        }
    }

    /** Visible, in-flight and delayed messages of each queue a function consumes. */
    private Map<String, Integer> consumedQueueDepths(SqsClient sqs) {
        Map<String, Integer> depths = new LinkedHashMap<>();
        for (String queue : consumedQueues(stack)) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(
                            request -> request.queueUrl(stack.model().queueUrl(queue))
                                    .attributeNames(
                                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                    .attributes();
            depths.put(
                    queue,
                    attributes.values().stream().mapToInt(Integer::parseInt).sum());
        }
        return depths;
    }

    /** Messages on every queue no function consumes: the dead-letter queues and the S3 event failure queue. */
    public static Map<String, Integer> deadLetters(OfflineStack stack, SqsClient sqs) {
        Set<String> consumed = consumedQueues(stack);
        Map<String, Integer> depths = new LinkedHashMap<>();
        for (QueueSpec queue : stack.model().queues()) {
            if (!consumed.contains(queue.logicalId())) {
                String count = sqs.getQueueAttributes(
                                request -> request.queueUrl(stack.model().queueUrl(queue.logicalId()))
                                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                        .attributes()
                        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                depths.put(queue.logicalId(), Integer.parseInt(count));
            }
        }
        return depths;
    }

    private static Set<String> consumedQueues(OfflineStack stack) {
        TemplateModel model = stack.model();
        Set<String> consumed = new TreeSet<>();
        for (FunctionSpec function : model.functions()) {
            for (SqsEventSpec event : function.sqsEvents()) {
                consumed.add(event.queueLogicalId());
            }
        }
        return consumed;
    }

    private Map<String, StoredObject> bucket(S3Client s3) {
        Map<String, StoredObject> objects = new LinkedHashMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(
                        request -> request.bucket(stack.bucketName()).prefix(ChaosPlan.PREFIX))
                .contents()) {
            objects.put(object.key(), new StoredObject(object.eTag().replace("\"", ""), object.size()));
        }
        return objects;
    }

    private static double seconds(long fromNanos) {
        return (System.nanoTime() - fromNanos) / 1e9;
    }
}
