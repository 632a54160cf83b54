package io.github.clarifais3sync.offline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.offline.Json;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import io.github.clarifais3sync.offline.template.Specs.FunctionSpec;
import io.github.clarifais3sync.upload.UploadHandler;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How much heap the upload function needs for one full SQS batch of 128 objects of 5 MB each, by image source: the
 * real UploadHandler in a fresh JVM ({@link ColdStartProbe}) with the heap Lambda gives a function of the template's
 * MemorySize (85 % of it, the Java runtime's {@code -XX:MaxHeapSize} as observed; AWS does not document it), and
 * base64 again with 512, 384 and 256 MB, against the offline stack. Prints the peak heap in use (the serial collector
 * lets the heap fill before it collects, so the smallest MemorySize that completes says more) and the time.
 * Run: {@code ./offline-stack bench --memory}.
 */
public final class MemoryBenchmark {

    private static final int OBJECTS = 128;
    private static final int OBJECT_BYTES = 5 * 1000 * 1000;
    private static final double HEAP_SHARE = 0.85;
    /** Base64 again with less memory, to find what it needs rather than what the collector lets it fill. */
    private static final int[] SMALLER_MEMORY_SIZES = {512, 384, 256};

    private static final ObjectMapper JSON = Json.MAPPER;

    private record Case(String imageSource, int memoryMb) {}

    private MemoryBenchmark() {}

    public static int run(PrintStream out) throws Exception {
        return run(out, new Goals());
    }

    /** The same, adding whether the template's MemorySize holds a base64 batch with headroom to {@code goals}. */
    public static int run(PrintStream out, Goals goals) throws Exception {
        String classPath = ColdStartBenchmark.packageClassPath();
        Path events = Files.createTempDirectory("memory-events");
        List<String> lines = new ArrayList<>();
        boolean allDone = true;
        int templateMemory = 0;
        int smallestBase64 = Integer.MAX_VALUE;
        try (OfflineStack stack = OfflineStack.builder()
                        .eventSources(false)
                        .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(200)))
                        .start();
                S3Client s3 = stack.aws().s3Client()) {
            FunctionSpec upload = stack.function("UploadFunction").spec();
            templateMemory = upload.memorySize();
            out.printf(
                    Locale.ROOT,
                    "UploadFunction, one SQS batch of %d objects of %,d bytes, a fresh JVM each (heap "
                            + "limit %.0f%% of MemorySize); template MemorySize %d MB, Timeout %d s%n",
                    OBJECTS,
                    OBJECT_BYTES,
                    HEAP_SHARE * 100,
                    upload.memorySize(),
                    upload.timeoutSeconds());
            byte[] image = paddedJpeg();
            List<Case> cases = new ArrayList<>(
                    List.of(new Case("presigned-url", upload.memorySize()), new Case("base64", upload.memorySize())));
            for (int memory : SMALLER_MEMORY_SIZES) {
                cases.add(new Case("base64", memory));
            }
            for (int i = 0; i < cases.size(); i++) {
                Case run = cases.get(i);
                String prefix = "memory/" + i + "-" + run.imageSource() + "/";
                Path event = events.resolve("batch-" + i + ".json");
                Files.writeString(event, JSON.writeValueAsString(putBatch(s3, stack.bucketName(), prefix, image)));
                Map<String, String> environment =
                        new HashMap<>(stack.function("UploadFunction").environment());
                environment.put("IMAGE_SOURCE", run.imageSource());
                environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(run.memoryMb()));
                long heapLimitMb = Math.round(run.memoryMb() * HEAP_SHARE);
                List<String> jvm = new ArrayList<>(ColdStartBenchmark.LAMBDA_JVM_OPTIONS);
                jvm.addAll(List.of(
                        "-Xmx" + heapLimitMb + "m",
                        "-Dprobe.timeoutMillis=" + upload.timeoutSeconds() * 1000L,
                        "-Dprobe.memoryMb=" + run.memoryMb()));
                ColdStartBenchmark.Start start = ColdStartBenchmark.probe(
                        "upload " + run.imageSource(),
                        UploadHandler.class.getName(),
                        environment,
                        classPath,
                        jvm,
                        event,
                        out);
                if (start == null) {
                    allDone = false;
                    lines.add(String.format(
                            Locale.ROOT,
                            "%s | %d | %d | - | - | no response (out of memory or " + "timed out: see the log) | -",
                            run.imageSource(),
                            run.memoryMb(),
                            heapLimitMb));
                } else {
                    int failures = JSON.readTree(start.response())
                            .path("batchItemFailures")
                            .size();
                    allDone &= failures == 0;
                    long peakMb = start.peakHeap() / (1024 * 1024);
                    if (failures == 0 && run.imageSource().equals("base64")) {
                        smallestBase64 = Math.min(smallestBase64, run.memoryMb());
                    }
                    if (run.memoryMb() == upload.memorySize()
                            && run.imageSource().equals("presigned-url")) {
                        goals.figure(
                                "memory",
                                "presigned-url, " + OBJECTS + " x " + OBJECT_BYTES / 1_000_000 + " MB",
                                String.format(
                                        Locale.ROOT,
                                        "peak heap %d of %d MB (MemorySize %d MB), %d " + "of %d done",
                                        peakMb,
                                        heapLimitMb,
                                        run.memoryMb(),
                                        OBJECTS - failures,
                                        OBJECTS));
                    }
                    lines.add(String.format(
                            Locale.ROOT,
                            "%s | %d | %d | %d | %d (%.0f%%) | %d done, %d retried | %.1f",
                            run.imageSource(),
                            run.memoryMb(),
                            heapLimitMb,
                            peakMb,
                            heapLimitMb - peakMb,
                            100.0 * (heapLimitMb - peakMb) / heapLimitMb,
                            OBJECTS - failures,
                            failures,
                            start.total() / 1000.0));
                }
                deleteBatch(s3, stack.bucketName(), prefix);
            }
        } finally {
            try (var files = Files.list(events)) {
                files.forEach(file -> file.toFile().delete());
            }
            Files.deleteIfExists(events);
        }
        // Headroom as the smallest MemorySize that completes: the serial collector lets the heap fill before it
        // collects, so the peak at the template's size says little about what base64 needs.
        goals.goal(
                "memory",
                "base64, " + OBJECTS + " x " + OBJECT_BYTES / 1_000_000 + " MB: the template's MemorySize "
                        + "holds it with 2x headroom (completes at half of it)",
                smallestBase64 == Integer.MAX_VALUE
                        ? "never completed"
                        : String.format(
                                Locale.ROOT,
                                "completes at %d MB and above; template %d MB (%.1fx)",
                                smallestBase64,
                                templateMemory,
                                (double) templateMemory / smallestBase64),
                smallestBase64 <= templateMemory / 2);
        out.println();
        out.println("image source | MemorySize (MB) | heap limit (MB) | peak heap in use (MB) | headroom (MB) | "
                + "messages | spawn to response (s)");
        out.println("------------ | ---: | ---: | ---: | ---: | --- | ---:");
        lines.forEach(out::println);
        return allDone ? 0 : 1;
    }

    /** Puts the batch's objects (8 at a time) and returns the SQS event that would deliver them. */
    private static ObjectNode putBatch(S3Client s3, String bucket, String prefix, byte[] image) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> eTags = new ArrayList<>();
            for (int i = 0; i < OBJECTS; i++) {
                String key = prefix + "image-" + i + ".jpg";
                eTags.add(pool.submit(() -> s3.putObject(
                                r -> r.bucket(bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(image))
                        .eTag()
                        .replace("\"", "")));
            }
            ObjectNode event = JSON.createObjectNode();
            var records = event.putArray("Records");
            for (int i = 0; i < OBJECTS; i++) {
                ObjectNode message = records.addObject()
                        .put("messageId", prefix + i)
                        .put("receiptHandle", prefix + i)
                        .put("eventSource", "aws:sqs")
                        .put("awsRegion", "us-east-1")
                        .put(
                                "body",
                                JSON.writeValueAsString(Map.of(
                                        "bucket",
                                        bucket,
                                        "key",
                                        prefix + "image-" + i + ".jpg",
                                        "size",
                                        image.length,
                                        "eTag",
                                        eTags.get(i).get(),
                                        "sequencer",
                                        String.format(Locale.ROOT, "%016X", i + 1))));
                message.putObject("attributes").put("ApproximateReceiveCount", "1");
            }
            return event;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void deleteBatch(S3Client s3, String bucket, String prefix) {
        for (int i = 0; i < OBJECTS; i++) {
            String key = prefix + "image-" + i + ".jpg";
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        }
    }

    /** A small valid JPEG followed by zeros up to 5 MB: decoders stop at its end-of-image marker. */
    private static byte[] paddedJpeg() throws Exception {
        byte[] jpeg = UploadBatchBenchmark.jpeg();
        byte[] padded = new byte[OBJECT_BYTES];
        System.arraycopy(jpeg, 0, padded, 0, jpeg.length);
        return padded;
    }
}
