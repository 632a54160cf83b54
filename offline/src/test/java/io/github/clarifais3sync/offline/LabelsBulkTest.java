package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.testing.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The labels bound: 500 objects re-tagged at once cost at most ceil(500/128) + 2 = 6 PATCH requests, counted on the
 * local Inputs API, through the real tag path wired from template.yaml (S3 tagging notification, enqueue function,
 * LabelsQueue with its batching window and two pollers, labels function with the template's hold; docs/labels.md).
 *
 * <p>The 500 inputs are set up as the upload leaves them, without 500 uploads: objects put while the bucket sends no
 * ObjectCreated notification (the one line this test's template drops), their ledger versions written as indexed
 * (BatchWriteItem, as the reconcile benchmark seeds), their inputs added in four requests of up to 128.
 */
class LabelsBulkTest {

    private static final int OBJECTS = 500;
    /** Bound of the waits on a shared machine. */
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path directory;

    private static PipelineHarness pipeline;

    @BeforeAll
    static void startStack() throws Exception {
        // The labels function's timeout (120 s), batching window and hold stay as template.yaml sets them.
        pipeline = PipelineHarness.startFast(
                directory,
                120,
                Map.of(),
                "          - Event: s3:ObjectCreated:*\n            Function: !Ref EnqueueFunction.Alias\n",
                "");
    }

    @AfterAll
    static void stopStack() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void fiveHundredObjectsRetaggedAtOnce_costAtMostCeil500Over128Plus2PatchRequests() throws Exception {
        List<String> keys =
                IntStream.range(0, OBJECTS).mapToObj(i -> "bulk/" + i + ".jpg").toList();
        long seeding = System.nanoTime();
        List<LedgerEntry> versions = seed(keys);
        long patches = pipeline.inputsApi().requests("PATCH");
        long started = System.nanoTime();

        parallel(
                keys,
                key -> pipeline.s3()
                        .putObjectTagging(r -> r.bucket(pipeline.bucket())
                                .key(key)
                                .tagging(t -> t.tagSet(Tag.builder()
                                        .key("concept:bird")
                                        .value("1")
                                        .build()))));
        double tagged = seconds(started);
        Poll.until(
                "every input labelled",
                TIMEOUT,
                () -> pipeline.inputsUnder("bulk/").stream()
                                .filter(input -> input.path("data")
                                        .path("concepts")
                                        .toString()
                                        .contains("\"id\":\"bird\""))
                                .count()
                        == OBJECTS);
        double labelled = seconds(started);
        Poll.until(
                "every tag change handled and deleted, none left to come back",
                TIMEOUT,
                LabelsBulkTest::labelsQueueEmpty);

        long sent = pipeline.inputsApi().requests("PATCH") - patches;
        System.out.printf(
                "labels: %d objects seeded in %.1f s; re-tagged in %.1f s -> %d PATCH requests, all"
                        + " labelled after %.1f s%n",
                OBJECTS, (started - seeding) / 1e9, tagged, sent, labelled);
        assertTrue(sent <= (OBJECTS + 127) / 128 + 2, sent + " PATCH requests");
        assertEquals(versions.size(), pipeline.inputsUnder("bulk/").size(), "no input added twice");
        assertEquals("0", deadLetters(), "nothing in the labels dead-letter queue");
    }

    // ---- seeding: the state 500 uploads leave, without them ---------------------------------------------------

    private static List<LedgerEntry> seed(List<String> keys) throws Exception {
        byte[] image = SampleObjects.create().get("samples/sunrise.jpg");
        Instant now = Instant.now();
        List<LedgerEntry> versions = parallel(keys, key -> {
            String eTag = pipeline.put(key, image);
            ObjectVersion version = ObjectVersion.of(pipeline.bucket(), key, image.length, eTag, null, null, null);
            return new LedgerEntry(
                    version.bucket(),
                    key,
                    version.inputId(),
                    null,
                    eTag,
                    image.length,
                    "",
                    InputState.INDEXED,
                    10000,
                    "Ok",
                    1,
                    now,
                    now,
                    now,
                    null);
        });
        for (int from = 0; from < versions.size(); from += 25) {
            List<WriteRequest> writes = versions.subList(from, Math.min(versions.size(), from + 25)).stream()
                    .map(entry -> WriteRequest.builder()
                            .putRequest(PutRequest.builder()
                                    .item(DynamoDbLedger.versionItem(entry))
                                    .build())
                            .build())
                    .toList();
            var response = pipeline.dynamoDb()
                    .batchWriteItem(r -> r.requestItems(Map.of(pipeline.stack().tableName(), writes)));
            assertTrue(response.unprocessedItems().isEmpty(), "the emulator took every item");
        }
        for (int from = 0; from < versions.size(); from += 128) {
            addInputs(versions.subList(from, Math.min(versions.size(), from + 128)));
        }
        return versions;
    }

    /** One add request, as the upload function sends it: id and the object's metadata, the image by URL. */
    private static void addInputs(List<LedgerEntry> versions) throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (LedgerEntry version : versions) {
            ObjectNode input = inputs.addObject();
            input.put("id", version.inputId());
            ObjectNode data = input.putObject("data");
            data.putObject("image")
                    .put("url", "https://samples.clarifai.com/metro-north.jpg")
                    .put("allow_duplicate_url", true);
            data.putObject("metadata").put("s3_bucket", version.bucket()).put("s3_key", version.key());
        }
        InputsApiEndpoint api = pipeline.stack().inputsApi();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    api.baseUrl() + "/v2/users/" + api.userId() + "/apps/" + api.appId() + "/inputs"))
                            .header("Authorization", "Key " + api.apiKey())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
        }
    }

    // ---- probes ------------------------------------------------------------------------------------------------

    /** Neither visible nor in-flight messages on the labels queue. */
    private static boolean labelsQueueEmpty() {
        Map<String, String> attributes = queueAttributes("LabelsQueue");
        return "0".equals(attributes.get("ApproximateNumberOfMessages"))
                && "0".equals(attributes.get("ApproximateNumberOfMessagesNotVisible"));
    }

    private static String deadLetters() {
        return queueAttributes("LabelsDeadLetterQueue").get("ApproximateNumberOfMessages");
    }

    private static Map<String, String> queueAttributes(String queue) {
        return pipeline.sqs()
                .getQueueAttributes(r -> r.queueUrl(pipeline.stack().model().queueUrl(queue))
                        .attributeNamesWithStrings(
                                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static <T> List<T> parallel(List<String> keys, Function<String, T> step) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<T>> futures = new ArrayList<>();
            keys.forEach(key -> futures.add(pool.submit(() -> step.apply(key))));
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
