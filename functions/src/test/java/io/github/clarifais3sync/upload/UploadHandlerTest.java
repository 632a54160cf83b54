package io.github.clarifais3sync.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.batch.BackoffSchedule;
import io.github.clarifais3sync.batch.SqsBatch;
import io.github.clarifais3sync.batch.SqsBatchResponse;
import io.github.clarifais3sync.batch.SqsRedelivery;
import io.github.clarifais3sync.config.Configuration.ImageSource;
import io.github.clarifais3sync.fakes.FakeInputsClient;
import io.github.clarifais3sync.fakes.FakeObjectStore;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.fakes.RecordingMetrics;
import io.github.clarifais3sync.fakes.RecordingSqsClient;
import io.github.clarifais3sync.inputs.ApiStatus;
import io.github.clarifais3sync.inputs.InputOutcome;
import io.github.clarifais3sync.inputs.InputsApiException;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.NewInput;
import io.github.clarifais3sync.inputs.StatusCodes;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.sync.StaleInputs;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

// Unit tests of the upload handler on events/sqs-upload-batch.json (12 messages + 1 poison body) with fakes.
class UploadHandlerTest {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final FakeInputsClient clarifai = new FakeInputsClient();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final FakeObjectStore bucket = new FakeObjectStore();
    private final RecordingSqsClient sqs = new RecordingSqsClient();
    private final RecordingMetrics metrics = new RecordingMetrics();

    private UploadHandler handler(ImageSource source, long maxRequestBytes) {
        Clock clock = Clock.systemUTC();
        return new UploadHandler(
                new UploadService(
                        clarifai,
                        ledger,
                        bucket,
                        new StaleInputs(ledger, clarifai, metrics, clock),
                        new UploadService.Options(source, Duration.ofHours(6), maxRequestBytes, 8),
                        metrics,
                        clock),
                new SqsBatch(
                        "upload",
                        new SqsRedelivery(
                                "upload",
                                sqs,
                                "queue-url",
                                new BackoffSchedule(Duration.ofSeconds(20), Duration.ofSeconds(900)))),
                metrics);
    }

    /** Puts every object the batch names into the fake bucket; returns the bodies in order (null for poison). */
    private List<JsonNode> stock(JsonNode event) {
        List<JsonNode> bodies = new ArrayList<>();
        for (JsonNode message : event.get("Records")) {
            try {
                JsonNode body = JSON.readTree(message.get("body").asText());
                bucket.put(
                        body.get("bucket").asText(),
                        body.get("key").asText(),
                        body.get("eTag").asText(),
                        new byte[1000]);
                bodies.add(body);
            } catch (Exception poison) {
                bodies.add(null);
            }
        }
        return bodies;
    }

    private static List<String> failedIds(SqsBatchResponse response) {
        return response.failedMessageIds();
    }

    private static JsonNode record(JsonNode event, int index) {
        return event.get("Records").get(index);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = Map.class)
    void handleRequest_whenAllAccepted_makesOneAddAndReturnsOnlyThePoisonMessage(Map<String, Object> raw) {
        ObjectNode event = JSON.valueToTree(raw);
        List<JsonNode> bodies = stock(event);

        SqsBatchResponse response =
                handler(ImageSource.PRESIGNED_URL, 64_000_000).handle(event, null);

        assertEquals(1, clarifai.adds.size(), "one add-inputs call per batch");
        assertEquals(12, clarifai.adds.get(0).size());
        NewInput first = clarifai.adds.get(0).get(0);
        assertTrue(first.imageUrl().startsWith("https://"), first.imageUrl());
        assertTrue(first.allowDuplicateUrl());
        assertEquals("batch/image-001.jpg", first.metadata().get("s3_key").asText());
        assertEquals("test", first.metadata().get("user_metadata").get("camera").asText());
        assertEquals(
                List.of(record(event, bodies.indexOf(null)).get("messageId").asText()), failedIds(response));
        JsonNode body = bodies.get(0);
        assertEquals(
                InputState.POSTED,
                ledger.entry(
                                body.get("bucket").asText(),
                                body.get("key").asText(),
                                body.get("inputId").asText())
                        .state());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = Map.class)
    void handleRequest_whenMixedStatus_returnsRetryableRecordsPermanentAndCountsDuplicatesAsPosted(
            Map<String, Object> raw) {
        ObjectNode event = JSON.valueToTree(raw);
        List<JsonNode> bodies = stock(event);
        String retryable = bodies.get(0).get("inputId").asText();
        String permanent = bodies.get(1).get("inputId").asText();
        String duplicate = bodies.get(2).get("inputId").asText();
        clarifai.answer(retryable, InputOutcome.Kind.RETRYABLE_FAILURE, StatusCodes.RPC_SERVER_UNAVAILABLE)
                .answer(permanent, InputOutcome.Kind.PERMANENT_FAILURE, StatusCodes.ALL_INPUT_INVALID_BYTES)
                .answer(duplicate, InputOutcome.Kind.DUPLICATE_ID, StatusCodes.DATABASE_DUPLICATE_KEY);

        SqsBatchResponse response =
                handler(ImageSource.PRESIGNED_URL, 64_000_000).handle(event, null);

        List<String> failed = failedIds(response);
        assertEquals(2, failed.size());
        assertTrue(failed.contains(record(event, 0).get("messageId").asText()), "retryable input comes back");
        assertTrue(
                failed.contains(
                        record(event, bodies.indexOf(null)).get("messageId").asText()),
                "poison comes back");
        String bucketName = bodies.get(1).get("bucket").asText();
        var refused = ledger.entry(bucketName, bodies.get(1).get("key").asText(), permanent);
        assertEquals(InputState.FAILED, refused.state());
        assertEquals(StatusCodes.ALL_INPUT_INVALID_BYTES, refused.statusCode());
        assertEquals(
                InputState.POSTED,
                ledger.entry(bucketName, bodies.get(2).get("key").asText(), duplicate)
                        .state());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = Map.class)
    void handleRequest_whenTheWholeAddFails_returnsEveryMessage(Map<String, Object> raw) {
        ObjectNode event = JSON.valueToTree(raw);
        stock(event);
        clarifai.failNextAdd(new InputsApiException(
                "PostInputs", 429, ApiStatus.of(StatusCodes.CONN_THROTTLED, "Making too many requests"), null));

        SqsBatchResponse response =
                handler(ImageSource.PRESIGNED_URL, 64_000_000).handle(event, null);

        assertEquals(13, failedIds(response).size());
        assertTrue(ledger.all().stream().noneMatch(e -> e.state() == InputState.POSTED));
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = Map.class)
    void handleRequest_whenObjectsWereDeletedOrOverwrittenSinceQueued_skipsTheDeletedAndSendsWhatIsThere(
            Map<String, Object> raw) {
        ObjectNode event = JSON.valueToTree(raw);
        List<JsonNode> bodies = stock(event);
        JsonNode gone = bodies.get(0);
        JsonNode overwritten = bodies.get(1);
        bucket.remove(gone.get("bucket").asText(), gone.get("key").asText());
        bucket.put(overwritten.get("bucket").asText(), overwritten.get("key").asText(), "another-etag", new byte[5]);

        SqsBatchResponse response =
                handler(ImageSource.PRESIGNED_URL, 64_000_000).handle(event, null);

        assertEquals(1, failedIds(response).size(), "only the poison message");
        assertEquals(11, clarifai.adds.get(0).size());
        assertEquals(
                InputState.DELETED,
                ledger.entry(
                                gone.get("bucket").asText(),
                                gone.get("key").asText(),
                                gone.get("inputId").asText())
                        .state());
        // S3 may coalesce two quick writes into one notification, so the bytes there now are what gets synced.
        NewInput current = clarifai.adds.get(0).stream()
                .filter(i -> i.id().equals(overwritten.get("inputId").asText()))
                .findFirst()
                .orElseThrow();
        assertEquals("another-etag", current.metadata().get("etag").asText());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = Map.class)
    void handleRequest_whenBase64_splitsRequestsUnderTheSizeCap(Map<String, Object> raw) {
        ObjectNode event = JSON.valueToTree(raw);
        stock(event);
        long cap = 3 * (4 * 1000 / 3 + 4096 + 10);

        SqsBatchResponse response = handler(ImageSource.BASE64, cap).handle(event, null);

        assertEquals(1, failedIds(response).size());
        assertEquals(4, clarifai.adds.size(), "12 inputs of ~5.4 KB each under a ~16 KB cap");
        for (List<NewInput> request : clarifai.adds) {
            assertTrue(request.size() <= 3);
            assertTrue(request.stream().allMatch(i -> i.imageBytes() != null && i.imageUrl() == null));
        }
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = Map.class)
    void handleRequest_whenRedelivered_doesNotPostAgain(Map<String, Object> raw) {
        ObjectNode event = JSON.valueToTree(raw);
        stock(event);
        UploadHandler handler = handler(ImageSource.PRESIGNED_URL, 64_000_000);
        handler.handle(event, null);

        SqsBatchResponse again = handler.handle(event, null);

        assertEquals(1, clarifai.adds.size());
        assertEquals(1, failedIds(again).size());
        assertFalse(ledger.all().isEmpty());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = Map.class)
    void handleRequest_whenAnOverwriteIsRefused_stillRetiresTheOldInput(Map<String, Object> raw) {
        ObjectNode event = JSON.valueToTree(raw);
        List<JsonNode> bodies = stock(event);
        JsonNode body = bodies.get(0);
        String bucketName = body.get("bucket").asText();
        String key = body.get("key").asText();
        ObjectVersion older = ObjectVersion.of(bucketName, key, 10, "old", null, "0000000000000001", null);
        ledger.recordQueued(older, java.time.Instant.now());
        ledger.markPosted(older, java.time.Instant.now());
        clarifai.answer(
                body.get("inputId").asText(), InputOutcome.Kind.PERMANENT_FAILURE, StatusCodes.ALL_INPUT_INVALID_BYTES);

        handler(ImageSource.PRESIGNED_URL, 64_000_000).handle(event, null);

        assertEquals(List.of(older.inputId()), clarifai.deleted, "the app must not keep the overwritten image");
        assertEquals(
                InputState.DELETED,
                ledger.entry(bucketName, key, older.inputId()).state());
        assertEquals(
                InputState.FAILED,
                ledger.entry(bucketName, key, body.get("inputId").asText()).state());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = Map.class)
    void handleRequest_whenTheObjectIsTooLargeOrEmpty_skipsItRetiringTheImageItReplacedAndNothingFails(
            Map<String, Object> raw) {
        ObjectNode event = JSON.valueToTree(raw);
        List<JsonNode> bodies = stock(event);
        JsonNode large = bodies.get(0);
        JsonNode emptied = bodies.get(1);
        bucket.put(
                large.get("bucket").asText(),
                large.get("key").asText(),
                large.get("eTag").asText(),
                new byte[(int) InputsClient.MAX_IMAGE_BYTES]);
        bucket.put(
                emptied.get("bucket").asText(),
                emptied.get("key").asText(),
                emptied.get("eTag").asText(),
                new byte[0]);
        // The emptied key held an image, posted before the overwrite with zero bytes.
        ObjectVersion image = ObjectVersion.of(
                emptied.get("bucket").asText(), emptied.get("key").asText(), 10, "old", null, "0000000000000001", null);
        ledger.recordQueued(image, java.time.Instant.now());
        ledger.markPosted(image, java.time.Instant.now());

        SqsBatchResponse response =
                handler(ImageSource.PRESIGNED_URL, 64_000_000).handle(event, null);

        assertEquals(1, failedIds(response).size(), "only the poison message");
        assertEquals(10, clarifai.adds.get(0).size(), "neither is sent");
        for (JsonNode skipped : List.of(large, emptied)) {
            var entry = ledger.entry(
                    skipped.get("bucket").asText(),
                    skipped.get("key").asText(),
                    skipped.get("inputId").asText());
            assertEquals(InputState.DELETED, entry.state(), "not synced, so not failed: " + entry);
            assertTrue(entry.statusDescription().startsWith("not synced: "), entry.statusDescription());
        }
        assertEquals(List.of(image.inputId()), clarifai.deleted, "the emptied image's input goes");
        assertEquals(
                InputState.DELETED,
                ledger.entry(image.bucket(), image.key(), image.inputId()).state());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = Map.class)
    void handleRequest_whenDuplicateUrlIsAnsweredForAnExistingId_countsItAsPosted(Map<String, Object> raw) {
        ObjectNode event = JSON.valueToTree(raw);
        List<JsonNode> bodies = stock(event);
        String id = bodies.get(0).get("inputId").asText();
        clarifai.status(id, StatusCodes.INPUT_SUCCESS)
                .answer(id, InputOutcome.Kind.PERMANENT_FAILURE, StatusCodes.INPUT_DUPLICATE);

        SqsBatchResponse response =
                handler(ImageSource.PRESIGNED_URL, 64_000_000).handle(event, null);

        assertEquals(1, failedIds(response).size());
        assertEquals(
                InputState.POSTED,
                ledger.entry(
                                bodies.get(0).get("bucket").asText(),
                                bodies.get(0).get("key").asText(),
                                id)
                        .state());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = Map.class)
    void handleRequest_whenTheWholeAddIsTooLarge_sendsItAgainInHalves(Map<String, Object> raw) {
        ObjectNode event = JSON.valueToTree(raw);
        stock(event);
        clarifai.failNextAdd(new InputsApiException(
                "PostInputs", 400, ApiStatus.of(StatusCodes.RPC_MAX_MESSAGE_SIZE_EXCEEDED, "request too large"), null));

        SqsBatchResponse response =
                handler(ImageSource.PRESIGNED_URL, 64_000_000).handle(event, null);

        assertEquals(1, failedIds(response).size(), "only the poison message");
        assertEquals(List.of(12, 6, 6), clarifai.adds.stream().map(List::size).toList());
        assertTrue(ledger.all().stream().allMatch(e -> e.state() == InputState.POSTED));
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = Map.class)
    void handleRequest_changesTheVisibilityOfExactlyTheRetriedMessagesByTheirReceiveCount(Map<String, Object> raw) {
        ObjectNode event = JSON.valueToTree(raw);
        List<JsonNode> bodies = stock(event);
        clarifai.answer(
                bodies.get(0).get("inputId").asText(),
                InputOutcome.Kind.RETRYABLE_FAILURE,
                StatusCodes.RPC_SERVER_UNAVAILABLE);
        ((ObjectNode) record(event, 0).get("attributes")).put("ApproximateReceiveCount", "3");

        SqsBatchResponse response =
                handler(ImageSource.PRESIGNED_URL, 64_000_000).handle(event, null);

        JsonNode retried = record(event, 0);
        JsonNode poison = record(event, bodies.indexOf(null));
        assertEquals(
                java.util.Set.of(
                        retried.get("messageId").asText(),
                        poison.get("messageId").asText()),
                java.util.Set.copyOf(failedIds(response)));
        java.util.Map<String, Integer> visibility = sqs.visibilityByReceiptHandle();
        assertEquals(
                java.util.Set.of(
                        retried.get("receiptHandle").asText(),
                        poison.get("receiptHandle").asText()),
                visibility.keySet(),
                "only the retried messages' visibility changes");
        int third = visibility.get(retried.get("receiptHandle").asText());
        assertTrue(third >= 40 && third <= 80, "third receive: 20 s * 2^2 with jitter, was " + third);
        int first = visibility.get(poison.get("receiptHandle").asText());
        assertTrue(first >= 10 && first <= 20, "first receive: 20 s with jitter, was " + first);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = Map.class)
    void handleRequest_whenTheVisibilityChangeFails_stillReturnsTheRetriedMessages(Map<String, Object> raw) {
        ObjectNode event = JSON.valueToTree(raw);
        stock(event);
        clarifai.failNextAdd(new InputsApiException(
                "PostInputs", 429, ApiStatus.of(StatusCodes.CONN_THROTTLED, "Making too many requests"), null));
        sqs.failVisibilityChanges();

        SqsBatchResponse response =
                handler(ImageSource.PRESIGNED_URL, 64_000_000).handle(event, null);

        assertEquals(13, failedIds(response).size());
    }

    @org.junit.jupiter.api.Test
    void handleRequest_readsTheRawEventAndAnswersWithTheDocumentedPartialBatchResponse() throws Exception {
        byte[] raw = UploadHandlerTest.class
                .getResourceAsStream("/events/sqs-upload-batch.json")
                .readAllBytes();
        List<JsonNode> bodies = stock(JSON.readTree(raw));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        handler(ImageSource.PRESIGNED_URL, 64_000_000).handleRequest(new java.io.ByteArrayInputStream(raw), out, null);

        String poison = record(JSON.readTree(raw), bodies.indexOf(null))
                .get("messageId")
                .asText();
        // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html: exactly this shape.
        assertEquals(
                "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + poison + "\"}]}",
                out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void handleRequest_whenNothingFails_answersWithAnEmptyFailureList() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        handler(ImageSource.PRESIGNED_URL, 64_000_000)
                .handleRequest(
                        new java.io.ByteArrayInputStream(
                                "{\"Records\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        out,
                        null);

        assertEquals("{\"batchItemFailures\":[]}", out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
