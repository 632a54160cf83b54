package io.github.clarifais3sync.offline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.offline.Json;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import io.github.clarifais3sync.upload.UploadHandler;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Each function's cold start next to a bare hello-world handler's, side by side in one run: a fresh JVM per start
 * ({@link ColdStartProbe}) with the function's environment as Lambda sets it, the deployment package's class path
 * (the functions' classes and runtime dependencies, nothing else), INIT (handler class loaded and constructed) and
 * the first invocation against the offline stack (emulators and local Inputs API in this JVM). Each round puts a new
 * object, so every round does the same work: enqueue its S3 event, upload it, poll statuses, delete it. One warm-up
 * round, then the median of N. Run: {@code ./offline-stack bench --cold-start [--runs N]}. The system property
 * {@code clarifai.coldstart.extraJvmOptions} adds JVM options to every start, {@code LABEL} replaced by the handler's
 * label (e.g. {@code -Xlog:class+load:file=/tmp/classes-LABEL.log} to see what each start loads);
 * {@code clarifai.coldstart.before} names another checkout, built, whose handlers start in the same rounds, labelled
 * "(before)", so a change is measured against its predecessor under the same load.
 *
 * <p>The goal compares each function with the usual hello world, a {@code RequestHandler<Map, String>} whose event
 * and response pass through the runtime's serializer; the functions are stream handlers and skip that serializer, so
 * a stream hello world that never reads its event is printed next to it as the stricter reference. The subjects take
 * turns within each round, so a change in the machine's load during the run touches every subject alike.
 *
 * <p>Primed mode ({@code --primed}; {@code bench all} includes it) also starts each
 * function as Lambda initializes it for a SnapStart snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}: INIT
 * with the function's priming), then its first invocation, on an object of its own, and prints that first invocation
 * beside the hello world's first invocation. The snapshot's restore is not part of it: only AWS runs it.
 */
public final class ColdStartBenchmark {

    /**
     * The JVM settings of Lambda's java21 runtime: tiered compilation stopped at level 1 and the serial collector
     * (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html).
     */
    public static final List<String> LAMBDA_JVM_OPTIONS =
            List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** Each handler at most this many times the hello-world handler's spawn-to-response time. */
    static final double GOAL_RATIO = 2.0;

    private static final long PROBE_TIMEOUT_SECONDS = 120;
    private static final ObjectMapper JSON = Json.MAPPER;

    /**
     * One handler to start; {@code classPath} null for this checkout's package; {@code primed}: initialized as for a
     * SnapStart snapshot.
     */
    private record Subject(String label, String functionId, String handlerClass, String classPath, boolean primed) {

        Subject(String label, String functionId, String handlerClass) {
            this(label, functionId, handlerClass, null, false);
        }

        boolean reference() {
            return label.startsWith("hello world") || label.endsWith(BEFORE);
        }

        /** The label of the events it answers: a primed start gets an object of its own. */
        String eventsLabel() {
            return label.replace(BEFORE, "").replace(PRIMED, "");
        }

        Subject primedCopy() {
            return new Subject(label + PRIMED, functionId, handlerClass, classPath, true);
        }
    }

    private static final String BEFORE = " (before)";
    private static final String PRIMED = " (primed)";

    private static final List<Subject> SUBJECTS = List.of(
            new Subject("hello world", "EnqueueFunction", HelloWorldHandler.class.getName()),
            new Subject("hello world (stream)", "EnqueueFunction", HelloWorldStreamHandler.class.getName()),
            new Subject("enqueue", "EnqueueFunction", "io.github.clarifais3sync.enqueue.EnqueueHandler"),
            new Subject("upload", "UploadFunction", "io.github.clarifais3sync.upload.UploadHandler"),
            new Subject("status", "StatusFunction", "io.github.clarifais3sync.status.StatusHandler"),
            new Subject("delete", "DeleteFunction", "io.github.clarifais3sync.delete.DeleteHandler"));

    /**
     * Milliseconds: process spawn to main, main to INIT end, INIT end to response, spawn to response; the peak heap in
     * use (bytes) and the response.
     */
    record Start(long boot, long init, long invoke, long total, long peakHeap, String response) {}

    private ColdStartBenchmark() {}

    /**
     * Adds each handler's ratio against the goal to {@code goals}; {@code primed} also starts each function primed as
     * for a SnapStart snapshot (see the class).
     */
    public static int run(int runs, List<String> jvmOptions, PrintStream out, Goals goals, boolean primed)
            throws Exception {
        String classPath = packageClassPath();
        List<Subject> subjects = new ArrayList<>(SUBJECTS);
        String before = System.getProperty("clarifai.coldstart.before");
        if (before != null && !before.isBlank()) {
            String beforeClassPath = packageClassPath(Path.of(before));
            for (Subject subject : SUBJECTS) {
                if (!subject.reference()) {
                    subjects.add(new Subject(
                            subject.label() + BEFORE,
                            subject.functionId(),
                            subject.handlerClass(),
                            beforeClassPath,
                            false));
                }
            }
            out.println("Also starting the handlers of the build in " + before + ", labelled" + BEFORE);
        }
        if (primed) {
            SUBJECTS.stream()
                    .filter(subject -> !subject.reference())
                    .map(Subject::primedCopy)
                    .forEach(subjects::add);
            out.println("Also starting each function primed, as Lambda initializes it for a SnapStart snapshot, "
                    + "labelled" + PRIMED);
        }
        out.printf(
                Locale.ROOT,
                "Cold starts, a fresh JVM each (%s, options %s), deployment package class path: one "
                        + "warm-up round, then the median of %d%n",
                System.getProperty("java.version"),
                jvmOptions,
                runs);
        Map<String, List<Start>> starts = new LinkedHashMap<>();
        boolean allAnswered = true;
        Path events = Files.createTempDirectory("cold-start-events");
        try (OfflineStack stack = OfflineStack.builder()
                        .eventSources(false)
                        .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(200)))
                        .start();
                S3Client s3 = stack.aws().s3Client()) {
            byte[] jpeg = UploadBatchBenchmark.jpeg();
            for (int round = 0; round <= runs; round++) {
                Map<String, Path> roundEvents = events(stack, s3, jpeg, round, "", events);
                Map<String, Path> primedEvents = primed ? events(stack, s3, jpeg, round, " primed", events) : Map.of();
                for (Subject subject : subjects) {
                    Map<String, String> environment = new LinkedHashMap<>(
                            stack.function(subject.functionId()).environment());
                    environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", subject.primed() ? "snap-start" : "on-demand");
                    Start start = probe(
                            subject,
                            environment,
                            subject.classPath() == null ? classPath : subject.classPath(),
                            jvmOptions,
                            (subject.primed() ? primedEvents : roundEvents).get(subject.eventsLabel()),
                            out);
                    if (start == null) {
                        allAnswered = false;
                    } else if (round > 0) {
                        starts.computeIfAbsent(subject.label(), key -> new ArrayList<>())
                                .add(start);
                    }
                }
            }
        } finally {
            try (Stream<Path> files = Files.list(events)) {
                files.forEach(file -> file.toFile().delete());
            }
            Files.deleteIfExists(events);
        }
        if (!starts.containsKey("hello world")) {
            out.println("The hello-world handler never answered: no figures.");
            return 1;
        }
        long reference = median(starts.get("hello world"), Start::total);
        long streamReference = starts.containsKey("hello world (stream)")
                ? median(starts.get("hello world (stream)"), Start::total)
                : reference;
        out.println();
        out.println("handler | spawn to first response, median (ms) | JVM start to main (ms) | INIT (ms) | "
                + "first invoke (ms) | vs hello world | vs stream hello world | goal <= 2x");
        out.println("------- | ---: | ---: | ---: | ---: | ---: | ---: | ---");
        boolean allMet = true;
        for (Map.Entry<String, List<Start>> entry : starts.entrySet()) {
            if (entry.getKey().endsWith(PRIMED)) {
                continue;
            }
            long total = median(entry.getValue(), Start::total);
            double ratio = (double) total / reference;
            boolean met = ratio <= GOAL_RATIO;
            boolean baseline =
                    entry.getKey().startsWith("hello world") || entry.getKey().endsWith(BEFORE);
            allMet &= met || baseline;
            if (!baseline) {
                goals.goal(
                        "cold start",
                        entry.getKey() + ": spawn to first response <= 2x hello world's",
                        String.format(
                                Locale.ROOT,
                                "%.2fx (%,d ms vs %,d ms; %.1fx the stream hello world)",
                                ratio,
                                total,
                                reference,
                                (double) total / streamReference),
                        met);
            }
            out.printf(
                    Locale.ROOT,
                    "%s | %d | %d | %d | %d | %.2fx | %.2fx | %s%n",
                    entry.getKey(),
                    total,
                    median(entry.getValue(), Start::boot),
                    median(entry.getValue(), Start::init),
                    median(entry.getValue(), Start::invoke),
                    ratio,
                    (double) total / streamReference,
                    baseline ? "-" : met ? "met" : "MISSED");
        }
        out.println(allMet ? "Every handler within 2x of hello world." : "Goal missed for the handlers marked.");
        if (primed) {
            primedTable(starts, out, goals);
        }
        if (!allAnswered) {
            out.println("Some starts failed (see the log): the figures above are not comparable.");
        }
        return allAnswered ? 0 : 1;
    }

    /**
     * The primed starts: INIT with priming, then the first invocation, beside the hello worlds' first invocations
     * (what a SnapStart restore would be followed by; the restore itself is AWS's and not measured here).
     */
    private static void primedTable(Map<String, List<Start>> starts, PrintStream out, Goals goals) {
        long reference = median(starts.get("hello world"), Start::invoke);
        long streamReference = starts.containsKey("hello world (stream)")
                ? median(starts.get("hello world (stream)"), Start::invoke)
                : reference;
        out.println();
        out.println("Primed (INIT as for a SnapStart snapshot), then the first invocation; hello world's first "
                + "invocation " + reference + " ms, the stream hello world's " + streamReference + " ms");
        out.println("handler | INIT with priming, median (ms) | first invoke after priming (ms) | "
                + "first invoke unprimed (ms) | vs hello world's first invoke | vs stream hello world's | goal <= 2x");
        out.println("------- | ---: | ---: | ---: | ---: | ---: | ---");
        boolean allMet = true;
        for (Map.Entry<String, List<Start>> entry : starts.entrySet()) {
            if (!entry.getKey().endsWith(PRIMED)) {
                continue;
            }
            String function = entry.getKey().replace(PRIMED, "");
            long invoke = median(entry.getValue(), Start::invoke);
            double ratio = (double) invoke / Math.max(1, reference);
            boolean met = ratio <= GOAL_RATIO;
            allMet &= met;
            goals.goal(
                    "cold start",
                    function + ": first invocation after priming <= 2x hello world's first invocation",
                    String.format(
                            Locale.ROOT,
                            "%.2fx (%,d ms vs %,d ms; unprimed %,d ms)",
                            ratio,
                            invoke,
                            reference,
                            starts.containsKey(function) ? median(starts.get(function), Start::invoke) : -1),
                    met);
            out.printf(
                    Locale.ROOT,
                    "%s | %d | %d | %s | %.2fx | %.2fx | %s%n",
                    function,
                    median(entry.getValue(), Start::init),
                    invoke,
                    starts.containsKey(function) ? String.valueOf(median(starts.get(function), Start::invoke)) : "-",
                    ratio,
                    (double) invoke / Math.max(1, streamReference),
                    met ? "met" : "MISSED");
        }
        out.println(
                allMet
                        ? "Every primed first invocation within 2x of hello world's."
                        : "Goal missed for the primed handlers marked.");
    }

    private static Start probe(
            Subject subject,
            Map<String, String> environment,
            String classPath,
            List<String> jvmOptions,
            Path event,
            PrintStream out)
            throws Exception {
        return probe(subject.label(), subject.handlerClass(), environment, classPath, jvmOptions, event, out);
    }

    /** One start of {@code handlerClass} in a fresh JVM; null when it gave no response (its output goes to the log). */
    static Start probe(
            String label,
            String handlerClass,
            Map<String, String> environment,
            String classPath,
            List<String> jvmOptions,
            Path event,
            PrintStream out)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        String extra = System.getProperty("clarifai.coldstart.extraJvmOptions");
        if (extra != null && !extra.isBlank()) {
            command.addAll(
                    List.of(extra.replace("LABEL", label.replace(' ', '-')).split(" ")));
        }
        command.addAll(List.of("-cp", classPath, ColdStartProbe.class.getName(), handlerClass, event.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Lambda's environment only: none of this shell's AWS settings or Java options.
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("AWS_")
                        || name.startsWith("JAVA_")
                        || name.startsWith("JDK_")
                        || name.startsWith("_JAVA"));
        builder.environment().putAll(environment);
        long spawnedAt = System.currentTimeMillis();
        Process process = builder.start();
        String result = null;
        String response = "";
        List<String> output = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(ColdStartProbe.RESPONSE)) {
                    response = line.substring(ColdStartProbe.RESPONSE.length());
                } else if (line.startsWith(ColdStartProbe.RESULT)) {
                    result = line.substring(ColdStartProbe.RESULT.length());
                } else {
                    output.add(line);
                }
            }
        }
        if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        output.forEach(line -> System.err.println("[" + label + "] " + line));
        if (result == null || process.exitValue() != 0) {
            out.printf(
                    Locale.ROOT,
                    "%s: no response (exit %s); its output is in the log%n",
                    label,
                    process.isAlive() ? "timeout" : process.exitValue());
            return null;
        }
        String[] times = result.split(" ");
        long main = Long.parseLong(times[0]);
        long init = Long.parseLong(times[1]);
        long responded = Long.parseLong(times[2]);
        return new Start(
                main - spawnedAt,
                init - main,
                responded - init,
                responded - spawnedAt,
                Long.parseLong(times[3]),
                response);
    }

    /** This round's events: an object put for it, as S3, SQS and the schedule deliver them to each function. */
    private static Map<String, Path> events(
            OfflineStack stack, S3Client s3, byte[] jpeg, int round, String variant, Path directory) throws Exception {
        String bucket = stack.bucketName();
        String key = "cold-start/round " + round + variant + ".jpg";
        String name = round + variant.replace(' ', '-');
        String eTag = s3.putObject(
                        r -> r.bucket(bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(jpeg))
                .eTag()
                .replace("\"", "");
        String created = String.format(Locale.ROOT, "%016X", 2L * round + 1);
        String removed = String.format(Locale.ROOT, "%016X", 2L * round + 2);
        Map<String, Path> events = new LinkedHashMap<>();
        events.put("hello world", write(directory, "hello", JSON.createObjectNode()));
        events.put("hello world (stream)", events.get("hello world"));
        events.put(
                "enqueue",
                write(
                        directory,
                        "enqueue-" + name,
                        s3Event("events/s3-put.json", bucket, key, jpeg.length, eTag, created)));
        ObjectNode message = JSON.createObjectNode()
                .put("messageId", "cold-start-" + name)
                .put("receiptHandle", "cold-start-" + name)
                .put("eventSource", "aws:sqs")
                .put("awsRegion", "us-east-1")
                .put(
                        "body",
                        JSON.writeValueAsString(Map.of(
                                "bucket",
                                bucket,
                                "key",
                                key,
                                "size",
                                jpeg.length,
                                "eTag",
                                eTag,
                                "sequencer",
                                created)));
        message.putObject("attributes").put("ApproximateReceiveCount", "1");
        ObjectNode sqsEvent = JSON.createObjectNode();
        sqsEvent.putArray("Records").add(message);
        events.put("upload", write(directory, "upload-" + name, sqsEvent));
        events.put("status", write(directory, "status", JSON.createObjectNode()));
        events.put(
                "delete",
                write(directory, "delete-" + name, s3Event("events/s3-delete.json", bucket, key, 0, null, removed)));
        return events;
    }

    private static ObjectNode s3Event(
            String template, String bucket, String key, long size, String eTag, String sequencer) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(Path.of(template)));
        ArrayNode records = (ArrayNode) event.get("Records");
        while (records.size() > 1) {
            records.remove(1);
        }
        ObjectNode s3 = (ObjectNode) records.get(0).get("s3");
        ((ObjectNode) s3.get("bucket")).put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode object = ((ObjectNode) s3.get("object"))
                .put("key", URLEncoder.encode(key, StandardCharsets.UTF_8))
                .put("sequencer", sequencer);
        if (eTag != null) {
            object.put("size", size).put("eTag", eTag);
        }
        return event;
    }

    private static Path write(Path directory, String name, ObjectNode event) throws Exception {
        Path file = directory.resolve(name + ".json");
        Files.writeString(file, JSON.writeValueAsString(event));
        return file;
    }

    /**
     * What `sam build` packages: the functions' classes and their runtime dependencies (functions/target/package-lib
     * names them), plus this probe and the Lambda runtime's serialization library, which the runtime brings itself.
     */
    static String packageClassPath() throws Exception {
        return packageClassPath(
                Path.of(UploadHandler.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()),
                Path.of(ColdStartProbe.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()),
                Path.of("functions", "target", "package-lib"));
    }

    /**
     * The same for another checkout's build (its functions/target/classes, package-lib and probe), to start an
     * earlier version of the handlers in the same run: system property {@code clarifai.coldstart.before}.
     */
    static String packageClassPath(Path checkout) throws Exception {
        return packageClassPath(
                checkout.resolve("functions/target/classes"),
                checkout.resolve("offline/target/classes"),
                checkout.resolve("functions/target/package-lib"));
    }

    private static String packageClassPath(Path functions, Path probe, Path packageLib) throws Exception {
        Path serialization = Path.of(com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        if (!Files.isDirectory(packageLib)) {
            throw new IllegalStateException(packageLib + " is missing: build the functions module first");
        }
        Set<String> runtimeJars;
        try (Stream<Path> jars = Files.list(packageLib)) {
            runtimeJars = jars.map(jar -> jar.toAbsolutePath().toString()).collect(Collectors.toSet());
        }
        List<String> entries =
                new ArrayList<>(List.of(functions.toString(), probe.toString(), serialization.toString()));
        runtimeJars.stream().sorted(Comparator.naturalOrder()).forEach(entries::add);
        return String.join(File.pathSeparator, entries);
    }

    private static long median(List<Start> starts, java.util.function.ToLongFunction<Start> field) {
        long[] values = starts.stream().mapToLong(field).sorted().toArray();
        return values[values.length / 2];
    }
}
