package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.offline.LedgerView.Row;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A small chaos run through the whole pipeline: objects with unusual keys, a non-image, a text file named like an
 * image, a zero-byte object (skipped, like a folder marker), an overwrite, a delete, delete-then-put and put-then-delete, while the local Inputs API
 * throttles, fails with 5xx, drops connections, adds latency and fails single inputs. Once the pipeline is quiet,
 * bucket, ledger and app agree: no image lost, none twice, no input of an older version (stale) or of a removed
 * object (orphan), and every failure recorded with a code.
 */
class ChaosTest {

    private static final String PREFIX = "chaos/";
    private static final Duration QUIET_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    Path directory;

    @Test
    void underInjectedFaults_bucketLedgerAndAppAgree() throws Exception {
        try (PipelineHarness pipeline = PipelineHarness.startFast(directory, Map.of())) {
            pipeline.inputsApi().faults().seed(13).latency(Duration.ofMillis(30)).throttleRequestsAtRate(0.15)
                    .failRequestsAtRate(0.1, 503, 40031).dropConnectionsAtRate(0.05).failInputsAtRate(0.1, 40031);

            List<String> images = List.of("space name.jpg", "ünïcödé+plus&amp;.png", "deep/a=b?c#d.jpeg",
                    "%41percent.jpg", "  leading spaces.jpg", "trailing dot..webp", "x/y/z/many/levels.gif");
            int color = 1;
            for (String key : images) {
                pipeline.put(PREFIX + key, jpeg(color++));
            }
            pipeline.put(PREFIX + "notes.txt", "not an image".getBytes(StandardCharsets.UTF_8));
            pipeline.put(PREFIX + "text-named.jpg", "plain text under an image name".getBytes(StandardCharsets.UTF_8));
            pipeline.put(PREFIX + "zero-byte.jpg", new byte[0]);
            pipeline.put(PREFIX + "overwritten.jpg", jpeg(color++));
            pipeline.put(PREFIX + "overwritten.jpg", jpeg(color++));
            pipeline.put(PREFIX + "put-then-delete.jpg", jpeg(color++));
            delete(pipeline, PREFIX + "put-then-delete.jpg");
            pipeline.put(PREFIX + "delete-then-put.jpg", jpeg(color++));
            delete(pipeline, PREFIX + "delete-then-put.jpg");
            pipeline.put(PREFIX + "delete-then-put.jpg", jpeg(color++));
            pipeline.put(PREFIX + "deleted-later.jpg", jpeg(color++));
            pipeline.awaitIndexed(List.of(PREFIX + "deleted-later.jpg"));
            delete(pipeline, PREFIX + "deleted-later.jpg");

            List<String> problems = new ArrayList<>();
            try {
                TestStacks.await("bucket, ledger and app to agree", QUIET_TIMEOUT, () -> {
                    problems.clear();
                    try {
                        // Every look costs a ledger scan and a listing; the app's rate limit is shared with the
                        // functions, and the injected faults answer the test's own requests too.
                        Thread.sleep(2000);
                        problems.addAll(disagreements(pipeline));
                    } catch (IllegalStateException | UncheckedIOException | InterruptedException unreadable) {
                        problems.add("the app did not answer the listing: " + unreadable.getMessage());
                    }
                    return problems.isEmpty();
                });
            } catch (AssertionError timedOut) {
                assertEquals(List.of(), problems, timedOut.getMessage());
            }
            pipeline.inputsApi().faults().clear();
            assertEquals(List.of(), disagreements(pipeline), "still agreeing after the faults ended");
        }
    }

    /**
     * What differs between bucket, ledger and app: a lost, duplicate or stale input of an image in the bucket, an
     * orphan input of a removed object, an input of a non-image, a failure without a code, or a version still in
     * flight.
     */
    private static List<String> disagreements(PipelineHarness pipeline) {
        Map<String, String> bucket = new LinkedHashMap<>();
        Map<String, Long> sizes = new HashMap<>();
        for (S3Object object : pipeline.s3().listObjectsV2Paginator(r -> r.bucket(pipeline.bucket()).prefix(PREFIX))
                .contents()) {
            bucket.put(object.key(), object.eTag().replace("\"", ""));
            sizes.put(object.key(), object.size());
        }
        Map<String, List<JsonNode>> inputs = new HashMap<>();
        for (JsonNode input : pipeline.inputsUnder(PREFIX)) {
            inputs.computeIfAbsent(input.at("/data/metadata/s3_key").asText(), k -> new ArrayList<>()).add(input);
        }
        Map<String, Row> ledger = new LedgerView(pipeline.dynamoDb(), pipeline.stack().tableName()).latestByKey();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> object : bucket.entrySet()) {
            String key = object.getKey();
            List<JsonNode> ofKey = inputs.getOrDefault(key, List.of());
            Row row = ledger.get(key);
            // Non-image keys and zero-byte objects that replaced nothing are skipped at enqueue (README "How it
            // works"): no ledger row, no input.
            if (key.endsWith(".txt") || sizes.get(key) == 0) {
                if (!ofKey.isEmpty() || row != null) {
                    problems.add("skipped " + key + " has inputs " + ofKey.size() + " or a ledger row " + row);
                }
                continue;
            }
            if (row == null) {
                problems.add("lost: " + key + " has no ledger row");
                continue;
            }
            boolean expectFailure = key.endsWith("text-named.jpg");
            if (expectFailure) {
                if (!row.state().equals("failed") || row.statusCode() == null || row.statusCode().isBlank()) {
                    problems.add("failure not recorded with a code: " + key + " " + row);
                }
            } else if (!row.state().equals("indexed")) {
                problems.add("not indexed yet: " + key + " " + row.state());
            }
            if (ofKey.size() > 1) {
                problems.add("duplicate: " + key + " has " + ofKey.size() + " inputs");
            }
            if (!expectFailure && ofKey.isEmpty()) {
                problems.add("lost: " + key + " has no input");
            }
            for (JsonNode input : ofKey) {
                if (!input.at("/data/metadata/etag").asText().equals(object.getValue())) {
                    problems.add("stale: " + key + " input " + input.path("id").asText() + " is of eTag "
                            + input.at("/data/metadata/etag").asText());
                }
            }
        }
        for (Map.Entry<String, List<JsonNode>> ofKey : inputs.entrySet()) {
            if (!bucket.containsKey(ofKey.getKey())) {
                problems.add("orphan: " + ofKey.getKey() + " is gone but has " + ofKey.getValue().size() + " inputs");
            }
        }
        Set<String> settled = Set.of("indexed", "failed", "deleted");
        ledger.forEach((key, row) -> {
            if (!bucket.containsKey(key) && !settled.contains(row.state())) {
                problems.add("removed " + key + " still " + row.state() + " in the ledger");
            }
        });
        return problems;
    }

    private static void delete(PipelineHarness pipeline, String key) {
        pipeline.s3().deleteObject(r -> r.bucket(pipeline.bucket()).key(key));
    }

    private static byte[] jpeg(int color) {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 32; x++) {
            image.setRGB(x, x % 24, color * 0x10101 + x);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
