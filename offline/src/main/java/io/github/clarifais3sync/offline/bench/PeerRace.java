package io.github.clarifais3sync.offline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import io.github.clarifais3sync.local.inputsapi.RequestKind;
import io.github.clarifais3sync.local.inputsapi.grpc.ClarifaiSdkPython;
import io.github.clarifais3sync.local.inputsapi.grpc.LocalInputsGrpcServer;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The product against what a user would run instead of it: the same N images as a folder uploaded by Clarifai's
 * Python SDK ({@code Dataset.upload_from_folder} with its defaults, over the local Inputs API's gRPC endpoint) and as
 * objects dropped into the bucket of the offline pipeline, each against a fresh local Inputs API with the same rate
 * limit (15 requests a second) and the same fault profile, faults off and on; then each killed halfway and started
 * again. Prints wall time to all indexed, add requests per image, 429s, lost and duplicate inputs, and what the API
 * saw (first to last add, adds per second). Run: {@code ./offline-stack bench --peer [--objects N]}.
 */
public final class PeerRace {
    private static final Duration PROCESSING_DELAY = Duration.ofMillis(200);
    private static final Duration POLL_EVERY = Duration.ofMillis(500);
    private static final String DATASET = "peer";

    /** The fault profile when on: request faults both sides meet and 2 % of inputs failing in the API. */
    private static void faultsOn(LocalInputsApi api) {
        api.faults()
                .seed(7)
                .throttleRequestsAtRate(0.05)
                .failRequestsAtRate(0.05, 503, 40031)
                .dropConnectionsAtRate(0.02)
                .failInputsAtRate(0.02, 40031);
    }

    private static final String FAULTS_ON = "429 on 5 %, 503 on 5 %, dropped connections 2 %, failed inputs 2 %";

    private PeerRace() {}

    /** What the API saw: every request's outcome as the twin logged it, with the time it was answered. */
    private static final class ApiLog implements java.util.function.Consumer<String> {
        final ConcurrentLinkedQueue<Long> adds = new ConcurrentLinkedQueue<>();
        final AtomicInteger throttled = new AtomicInteger();

        @Override
        public void accept(String line) {
            if (line.contains("\"httpStatus\":429")) {
                throttled.incrementAndGet();
            }
            if (line.contains("\"method\":\"POST\"")
                    && line.matches(".*\"path\":\"[^\"]*/inputs/?\".*")
                    && line.contains("\"httpStatus\":2")) {
                adds.add(System.nanoTime());
            }
        }

        double firstToLastAddSeconds() {
            if (adds.size() < 2) {
                return 0;
            }
            return (adds.stream().max(Long::compare).orElse(0L)
                            - adds.stream().min(Long::compare).orElse(0L))
                    / 1e9;
        }
    }

    private record Result(
            String side,
            String faults,
            int images,
            int indexed,
            double seconds,
            long addRequests,
            int throttled,
            int lost,
            int duplicates,
            double firstToLastAdd,
            int acceptedAdds) {}

    private record Restart(
            String side, long addsBeforeKill, long addsAfterRestart, int duplicates, int missing, double seconds) {}

    public static int run(int objects, Duration timeout, PrintStream out) throws Exception {
        Path python = ClarifaiSdkPython.locate();
        Path work = Files.createTempDirectory("peer-race");
        try {
            Path folder = work.resolve("images");
            Files.createDirectories(folder);
            byte[] jpeg = WedgeBenchmark.jpeg();
            for (int n = 0; n < objects; n++) {
                Files.write(folder.resolve(String.format(Locale.ROOT, "image-%06d.jpg", n)), jpeg);
            }
            Path script = work.resolve("peer_upload.py");
            try (InputStream in = PeerRace.class.getResourceAsStream("peer_upload.py")) {
                Files.write(script, in.readAllBytes());
            }
            out.printf(
                    Locale.ROOT,
                    "%d images; each side on a fresh local Inputs API at 15 requests/s, processing "
                            + "%d ms; faults on: %s; each run gives up after %d s%n",
                    objects,
                    PROCESSING_DELAY.toMillis(),
                    FAULTS_ON,
                    timeout.toSeconds());
            List<Result> results = new ArrayList<>();
            for (boolean faults : new boolean[] {false, true}) {
                results.add(sdk(python, script, folder, objects, faults, timeout, out));
                results.add(pipeline(objects, faults, timeout, out));
            }
            Restart sdkRestart = sdkKilledHalfway(python, script, folder, objects, timeout, out);
            print(results, sdkRestart, out);
            return results.stream().allMatch(r -> r.indexed() >= r.images()) ? 0 : 1;
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static LocalInputsApi twin(ApiLog log, boolean faults) {
        LocalInputsApi api = LocalInputsApi.builder()
                .processingDelay(PROCESSING_DELAY)
                .deleteDelay(PROCESSING_DELAY)
                .rateLimit(15)
                .requestLog(log)
                .build()
                .start();
        if (faults) {
            faultsOn(api);
        }
        return api;
    }

    private static Result sdk(
            Path python, Path script, Path folder, int images, boolean faults, Duration timeout, PrintStream out)
            throws Exception {
        out.printf(Locale.ROOT, "%n== SDK upload_from_folder, faults %s ==%n", faults ? "on" : "off");
        ApiLog log = new ApiLog();
        try (LocalInputsApi api = twin(log, faults);
                LocalInputsGrpcServer grpc =
                        LocalInputsGrpcServer.builder(api).build().start()) {
            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            Process process = startSdk(python, script, folder, grpc, Files.createTempFile("peer-sdk", ".log"));
            waitFor(process, deadline);
            int indexed = waitUntilIndexed(api, images, deadline, started, out);
            return result(
                    "SDK (upload_from_folder)",
                    faults,
                    images,
                    indexed,
                    started,
                    api,
                    log,
                    input -> input.get("id").asText());
        }
    }

    private static Result pipeline(int images, boolean faults, Duration timeout, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%n== pipeline (drop into the bucket), faults %s ==%n", faults ? "on" : "off");
        ApiLog log = new ApiLog();
        LocalInputsApi api = twin(log, faults);
        try (OfflineStack stack = OfflineStack.builder()
                        .template(Path.of("template.yaml"))
                        .inputsApi(() -> LocalInputsApiEndpoint.of(api))
                        .start();
                S3Client s3 = stack.aws().s3Client()) {
            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            int put = WedgeBenchmark.drop(
                    s3, stack.bucketName(), WedgeBenchmark.jpeg(), images, 8, deadline, new AtomicInteger(), out);
            int indexed = waitUntilIndexed(api, put, deadline, started, out);
            return result(
                    "pipeline (drop to indexed)",
                    faults,
                    images,
                    indexed,
                    started,
                    api,
                    log,
                    input -> input.at("/data/metadata/s3_key").asText());
        }
    }

    /** The SDK killed once half the images are in the app, then run again on the same folder and app. */
    private static Restart sdkKilledHalfway(
            Path python, Path script, Path folder, int images, Duration timeout, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%n== SDK killed halfway and started again ==%n");
        ApiLog log = new ApiLog();
        try (LocalInputsApi api = twin(log, false);
                LocalInputsGrpcServer grpc =
                        LocalInputsGrpcServer.builder(api).build().start()) {
            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            Path processLog = Files.createTempFile("peer-sdk", ".log");
            Process first = startSdk(python, script, folder, grpc, processLog);
            while (stored(api).size() < images / 2 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long addsBeforeKill = api.requests(RequestKind.ADD);
            out.printf(
                    Locale.ROOT,
                    "killed with %d of %d images in the app after %d add requests%n",
                    stored(api).size(),
                    images,
                    addsBeforeKill);
            waitFor(startSdk(python, script, folder, grpc, processLog), deadline);
            int indexed = waitUntilIndexed(api, images, deadline, started, out);
            List<JsonNode> inputs = stored(api);
            Set<String> ids = new HashSet<>();
            inputs.forEach(input -> ids.add(input.get("id").asText()));
            return new Restart(
                    "SDK (upload_from_folder)",
                    addsBeforeKill,
                    api.requests(RequestKind.ADD) - addsBeforeKill,
                    inputs.size() - ids.size(),
                    images - Math.min(images, indexed),
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private static Process startSdk(Path python, Path script, Path folder, LocalInputsGrpcServer grpc, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(python.toString(), script.toString(), folder.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment()
                .putAll(Map.of(
                        "CLARIFAI_API_BASE",
                        grpc.baseUrl(),
                        "CLARIFAI_PAT",
                        LocalInputsApi.DEFAULT_API_KEY,
                        "PEER_USER",
                        LocalInputsApi.DEFAULT_USER_ID,
                        "PEER_APP",
                        LocalInputsApi.DEFAULT_APP_ID,
                        "PEER_DATASET",
                        DATASET));
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static void waitFor(Process process, long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (!process.waitFor(Math.max(1, left), TimeUnit.NANOSECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static List<JsonNode> stored(LocalInputsApi api) {
        return api.inputs(LocalInputsApi.DEFAULT_USER_ID, LocalInputsApi.DEFAULT_APP_ID);
    }

    private static int indexed(LocalInputsApi api) {
        return (int) stored(api).stream()
                .filter(input -> input.at("/status/code").asInt() == 30000)
                .count();
    }

    private static int waitUntilIndexed(LocalInputsApi api, int images, long deadline, long started, PrintStream out)
            throws InterruptedException {
        AtomicLong lastReport = new AtomicLong(System.nanoTime());
        while (true) {
            int indexed = indexed(api);
            if (indexed >= images || System.nanoTime() > deadline) {
                out.printf(
                        Locale.ROOT,
                        "  %5.1f s  indexed %d/%d%n",
                        (System.nanoTime() - started) / 1e9,
                        indexed,
                        images);
                return indexed;
            }
            if (System.nanoTime() - lastReport.get() > TimeUnit.SECONDS.toNanos(30)) {
                lastReport.set(System.nanoTime());
                out.printf(
                        Locale.ROOT,
                        "  %5.1f s  indexed %d/%d%n",
                        (System.nanoTime() - started) / 1e9,
                        indexed,
                        images);
            }
            Thread.sleep(POLL_EVERY.toMillis());
        }
    }

    private static Result result(
            String side,
            boolean faults,
            int images,
            int indexed,
            long started,
            LocalInputsApi api,
            ApiLog log,
            Function<JsonNode, String> image) {
        double seconds = (System.nanoTime() - started) / 1e9;
        List<JsonNode> inputs = stored(api);
        Set<String> distinct = new HashSet<>();
        inputs.forEach(input -> distinct.add(image.apply(input)));
        return new Result(
                side,
                faults ? "on" : "off",
                images,
                indexed,
                seconds,
                api.requests(RequestKind.ADD),
                log.throttled.get(),
                images - Math.min(images, indexedDistinct(inputs, image)),
                inputs.size() - distinct.size(),
                log.firstToLastAddSeconds(),
                log.adds.size());
    }

    private static int indexedDistinct(List<JsonNode> inputs, Function<JsonNode, String> image) {
        Set<String> indexed = new HashSet<>();
        inputs.stream()
                .filter(input -> input.at("/status/code").asInt() == 30000)
                .forEach(input -> indexed.add(image.apply(input)));
        return indexed.size();
    }

    private static void print(List<Result> results, Restart sdkRestart, PrintStream out) {
        out.println();
        out.println("side | faults | images | indexed | wall time to all indexed (s) | add requests per image "
                + "(1/128 = 0.00781) | refused with 429 | lost (not indexed at the end) | duplicate | first to last add (s) | "
                + "adds/s (limit 15/s)");
        out.println("---- | ------ | -----: | ------: | ---------------------------: | -----------------------------"
                + "---: | ---------------: | ---------------------------: | --------: | --------------------: | "
                + "----------------:");
        for (Result r : results) {
            // A rate needs a span: with adds less than a second apart there is none to speak of.
            String rate = r.firstToLastAdd() >= 1
                    ? String.format(Locale.ROOT, "%.2f", (r.acceptedAdds() - 1) / r.firstToLastAdd())
                    : "n/a";
            out.printf(
                    Locale.ROOT,
                    "%s | %s | %d | %d | %.1f | %.5f | %d | %d | %d | %.1f | %s%n",
                    r.side(),
                    r.faults(),
                    r.images(),
                    r.indexed(),
                    r.seconds(),
                    r.addRequests() / (double) r.images(),
                    r.throttled(),
                    r.lost(),
                    r.duplicates(),
                    r.firstToLastAdd(),
                    rate);
        }
        out.println();
        out.printf(
                Locale.ROOT,
                "Killed halfway and started again: %s sent %d add requests before the kill and %d "
                        + "after (it re-posts the whole folder; the app refuses known ids as duplicates), ended with "
                        + "%d duplicate and %d missing inputs in %.1f s.%n",
                sdkRestart.side(),
                sdkRestart.addsBeforeKill(),
                sdkRestart.addsAfterRestart(),
                sdkRestart.duplicates(),
                sdkRestart.missing(),
                sdkRestart.seconds());
        out.println("The pipeline's wall time is bound by the offline DynamoDB (moto: about 50 writes a second, one "
                + "request at a time), which the SDK never touches; first to last add and adds/s are what the API "
                + "saw, not moto's.");
    }
}
