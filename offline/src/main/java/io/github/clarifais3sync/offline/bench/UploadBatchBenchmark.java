package io.github.clarifais3sync.offline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.batch.SqsBatchResponse;
import io.github.clarifais3sync.offline.Json;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import io.github.clarifais3sync.upload.UploadHandler;
import io.github.clarifais3sync.wiring.OfflineSeam;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How long the real UploadFunction takes for one full SQS batch of 128 objects, with its per-object steps (ledger
 * reads and writes, S3 HEAD, presigning) run one by one ({@code UPLOAD_PARALLELISM=1}) and 16 at a time (the
 * default), side by side in one run against the offline stack's emulators and the local Inputs API. One warm-up per
 * setting, then the median of 3 batches. Run: {@code ./offline-stack bench}.
 */
public final class UploadBatchBenchmark {

    private static final int BATCH = 128;
    private static final int RUNS = 3;
    private static final int[] PARALLELISM = {1, 16};
    private static final ObjectMapper JSON = Json.MAPPER;

    private UploadBatchBenchmark() {}

    public static int run(PrintStream out) throws Exception {
        out.printf(
                Locale.ROOT,
                "%nUploadFunction, one SQS batch of %d objects (offline stack: moto behind the edge "
                        + "gateway, local Inputs API); one warm-up, then the median of %d batches%n",
                BATCH,
                RUNS);
        try (OfflineStack stack = OfflineStack.builder()
                        .eventSources(false)
                        .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(200)))
                        .start();
                S3Client s3 = stack.aws().s3Client()) {
            byte[] jpeg = jpeg();
            List<long[]> rows = new ArrayList<>();
            int sequence = 0;
            boolean allPosted = true;
            for (int parallelism : PARALLELISM) {
                Map<String, String> environment =
                        new HashMap<>(stack.function("UploadFunction").environment());
                environment.put("UPLOAD_PARALLELISM", Integer.toString(parallelism));
                UploadHandler handler = OfflineSeam.newHandler(UploadHandler.class, environment);
                List<Long> times = new ArrayList<>();
                for (int run = 0; run <= RUNS; run++) {
                    ObjectNode batch =
                            batch(s3, stack.bucketName(), "bench/p" + parallelism + "/run" + run + "/", jpeg, sequence);
                    sequence += BATCH;
                    long start = System.nanoTime();
                    SqsBatchResponse response = handler.handle(batch, null);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    allPosted &= response.failedMessageIds().isEmpty();
                    if (run > 0) {
                        times.add(millis);
                    }
                }
                times.sort(Comparator.naturalOrder());
                rows.add(new long[] {parallelism, times.get(RUNS / 2)});
            }
            out.println();
            out.println("UPLOAD_PARALLELISM | batch time (ms) | objects/s | time vs 1");
            out.println("------------------ | --------------- | --------- | ---------");
            for (long[] row : rows) {
                out.printf(
                        Locale.ROOT,
                        "%18d | %15d | %9.0f | %8.2fx%n",
                        row[0],
                        row[1],
                        BATCH * 1000.0 / row[1],
                        (double) row[1] / rows.get(0)[1]);
            }
            if (!allPosted) {
                out.println("Some messages came back: the figures above are not comparable.");
            }
            return allPosted ? 0 : 1;
        }
    }

    /** Puts {@value #BATCH} objects and returns the SQS batch the enqueue function would have queued for them. */
    private static ObjectNode batch(S3Client s3, String bucket, String prefix, byte[] jpeg, int firstSequence)
            throws IOException {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode messages = event.putArray("Records");
        for (int i = 0; i < BATCH; i++) {
            String key = prefix + "image-" + i + ".jpg";
            String eTag = s3.putObject(
                            r -> r.bucket(bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(jpeg))
                    .eTag();
            Map<String, Object> body = Map.of(
                    "bucket",
                    bucket,
                    "key",
                    key,
                    "size",
                    jpeg.length,
                    "eTag",
                    eTag.replace("\"", ""),
                    "sequencer",
                    String.format(Locale.ROOT, "%016X", firstSequence + i + 1));
            messages.addObject().put("messageId", prefix + i).put("body", JSON.writeValueAsString(body));
        }
        return event;
    }

    static byte[] jpeg() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        image.setRGB(10, 10, 0xff8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
