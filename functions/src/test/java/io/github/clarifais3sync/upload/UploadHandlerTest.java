package io.github.clarifais3sync.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        return new UploadHandler(new UploadService(clarifai, ledger, bucket,
                new StaleInputs(ledger, clarifai, metrics, clock),
                new UploadService.Options(source, Duration.ofHours(6), maxRequestBytes, 8), metrics, clock),
                new SqsRedelivery(sqs, "queue-url", new BackoffSchedule(Duration.ofSeconds(20),
                        Duration.ofSeconds(900))), metrics);
    }

    /** Puts every object the batch names into the fake bucket; returns the bodies in order (null for poison). */
    private List<JsonNode> stock(SQSEvent event) {
        List<JsonNode> bodies = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                JsonNode body = JSON.readTree(message.getBody());
                bucket.put(body.get("bucket").asText(), body.get("key").asText(), body.get("eTag").asText(),
                        new byte[1000]);
                bodies.add(body);
            } catch (Exception poison) {
                bodies.add(null);
            }
        }
        return bodies;
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = SQSEvent.class)
    void handleRequest_whenAllAccepted_makesOneAddAndReturnsOnlyThePoisonMessage(SQSEvent event) {
        List<JsonNode> bodies = stock(event);

        SQSBatchResponse response = handler(ImageSource.PRESIGNED_URL, 64_000_000).handleRequest(event, null);

        assertEquals(1, clarifai.adds.size(), "one add-inputs call per batch");
        assertEquals(12, clarifai.adds.get(0).size());
        NewInput first = clarifai.adds.get(0).get(0);
        assertTrue(first.imageUrl().startsWith("https://"), first.imageUrl());
        assertTrue(first.allowDuplicateUrl());
        assertEquals("batch/image-001.jpg", first.metadata().get("s3_key").asText());
        assertEquals("test", first.metadata().get("user_metadata").get("camera").asText());
        assertEquals(List.of(event.getRecords().get(bodies.indexOf(null)).getMessageId()), failedIds(response));
        JsonNode body = bodies.get(0);
        assertEquals(InputState.POSTED, ledger.entry(body.get("bucket").asText(), body.get("key").asText(),
                body.get("inputId").asText()).state());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = SQSEvent.class)
    void handleRequest_whenMixedStatus_returnsRetryableRecordsPermanentAndCountsDuplicatesAsPosted(SQSEvent event) {
        List<JsonNode> bodies = stock(event);
        String retryable = bodies.get(0).get("inputId").asText();
        String permanent = bodies.get(1).get("inputId").asText();
        String duplicate = bodies.get(2).get("inputId").asText();
        clarifai.answer(retryable, InputOutcome.Kind.RETRYABLE_FAILURE, StatusCodes.RPC_SERVER_UNAVAILABLE)
                .answer(permanent, InputOutcome.Kind.PERMANENT_FAILURE, StatusCodes.ALL_INPUT_INVALID_BYTES)
                .answer(duplicate, InputOutcome.Kind.DUPLICATE_ID, StatusCodes.DATABASE_DUPLICATE_KEY);

        SQSBatchResponse response = handler(ImageSource.PRESIGNED_URL, 64_000_000).handleRequest(event, null);

        List<String> failed = failedIds(response);
        assertEquals(2, failed.size());
        assertTrue(failed.contains(event.getRecords().get(0).getMessageId()), "retryable input comes back");
        assertTrue(failed.contains(event.getRecords().get(bodies.indexOf(null)).getMessageId()), "poison comes back");
        String bucketName = bodies.get(1).get("bucket").asText();
        var refused = ledger.entry(bucketName, bodies.get(1).get("key").asText(), permanent);
        assertEquals(InputState.FAILED, refused.state());
        assertEquals(StatusCodes.ALL_INPUT_INVALID_BYTES, refused.statusCode());
        assertEquals(InputState.POSTED, ledger.entry(bucketName, bodies.get(2).get("key").asText(), duplicate).state());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = SQSEvent.class)
    void handleRequest_whenTheWholeAddFails_returnsEveryMessage(SQSEvent event) {
        stock(event);
        clarifai.failNextAdd(new InputsApiException("PostInputs", 429, ApiStatus.of(StatusCodes.CONN_THROTTLED,
                "Making too many requests"), null));

        SQSBatchResponse response = handler(ImageSource.PRESIGNED_URL, 64_000_000).handleRequest(event, null);

        assertEquals(13, failedIds(response).size());
        assertTrue(ledger.all().stream().noneMatch(e -> e.state() == InputState.POSTED));
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = SQSEvent.class)
    void handleRequest_whenObjectsWereDeletedOrOverwrittenSinceQueued_skipsTheDeletedAndSendsWhatIsThere(
            SQSEvent event) {
        List<JsonNode> bodies = stock(event);
        JsonNode gone = bodies.get(0);
        JsonNode overwritten = bodies.get(1);
        bucket.remove(gone.get("bucket").asText(), gone.get("key").asText());
        bucket.put(overwritten.get("bucket").asText(), overwritten.get("key").asText(), "another-etag", new byte[5]);

        SQSBatchResponse response = handler(ImageSource.PRESIGNED_URL, 64_000_000).handleRequest(event, null);

        assertEquals(1, failedIds(response).size(), "only the poison message");
        assertEquals(11, clarifai.adds.get(0).size());
        assertEquals(InputState.DELETED, ledger.entry(gone.get("bucket").asText(), gone.get("key").asText(),
                gone.get("inputId").asText()).state());
        // S3 may coalesce two quick writes into one notification, so the bytes there now are what gets synced.
        NewInput current = clarifai.adds.get(0).stream()
                .filter(i -> i.id().equals(overwritten.get("inputId").asText())).findFirst().orElseThrow();
        assertEquals("another-etag", current.metadata().get("etag").asText());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = SQSEvent.class)
    void handleRequest_whenBase64_splitsRequestsUnderTheSizeCap(SQSEvent event) {
        stock(event);
        long cap = 3 * (4 * 1000 / 3 + 4096 + 10);

        SQSBatchResponse response = handler(ImageSource.BASE64, cap).handleRequest(event, null);

        assertEquals(1, failedIds(response).size());
        assertEquals(4, clarifai.adds.size(), "12 inputs of ~5.4 KB each under a ~16 KB cap");
        for (List<NewInput> request : clarifai.adds) {
            assertTrue(request.size() <= 3);
            assertTrue(request.stream().allMatch(i -> i.imageBytes() != null && i.imageUrl() == null));
        }
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = SQSEvent.class)
    void handleRequest_whenRedelivered_doesNotPostAgain(SQSEvent event) {
        stock(event);
        UploadHandler handler = handler(ImageSource.PRESIGNED_URL, 64_000_000);
        handler.handleRequest(event, null);

        SQSBatchResponse again = handler.handleRequest(event, null);

        assertEquals(1, clarifai.adds.size());
        assertEquals(1, failedIds(again).size());
        assertFalse(ledger.all().isEmpty());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = SQSEvent.class)
    void handleRequest_whenAnOverwriteIsRefused_stillRetiresTheOldInput(SQSEvent event) {
        List<JsonNode> bodies = stock(event);
        JsonNode body = bodies.get(0);
        String bucketName = body.get("bucket").asText();
        String key = body.get("key").asText();
        ObjectVersion older = ObjectVersion.of(bucketName, key, 10, "old", null, "0000000000000001", null);
        ledger.recordQueued(older, java.time.Instant.now());
        ledger.markPosted(older, java.time.Instant.now());
        clarifai.answer(body.get("inputId").asText(), InputOutcome.Kind.PERMANENT_FAILURE,
                StatusCodes.ALL_INPUT_INVALID_BYTES);

        handler(ImageSource.PRESIGNED_URL, 64_000_000).handleRequest(event, null);

        assertEquals(List.of(older.inputId()), clarifai.deleted, "the app must not keep the overwritten image");
        assertEquals(InputState.DELETED, ledger.entry(bucketName, key, older.inputId()).state());
        assertEquals(InputState.FAILED, ledger.entry(bucketName, key, body.get("inputId").asText()).state());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = SQSEvent.class)
    void handleRequest_whenTheObjectIsTooLarge_refusesItBeforeSending(SQSEvent event) {
        List<JsonNode> bodies = stock(event);
        JsonNode body = bodies.get(0);
        bucket.put(body.get("bucket").asText(), body.get("key").asText(), body.get("eTag").asText(),
                new byte[(int) InputsClient.MAX_IMAGE_BYTES]);

        SQSBatchResponse response = handler(ImageSource.PRESIGNED_URL, 64_000_000).handleRequest(event, null);

        assertEquals(1, failedIds(response).size(), "only the poison message");
        assertEquals(11, clarifai.adds.get(0).size());
        var refused = ledger.entry(body.get("bucket").asText(), body.get("key").asText(), body.get("inputId").asText());
        assertEquals(StatusCodes.INPUT_OVER_LIMIT, refused.statusCode());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = SQSEvent.class)
    void handleRequest_whenDuplicateUrlIsAnsweredForAnExistingId_countsItAsPosted(SQSEvent event) {
        List<JsonNode> bodies = stock(event);
        String id = bodies.get(0).get("inputId").asText();
        clarifai.status(id, StatusCodes.INPUT_SUCCESS).answer(id, InputOutcome.Kind.PERMANENT_FAILURE,
                StatusCodes.INPUT_DUPLICATE);

        SQSBatchResponse response = handler(ImageSource.PRESIGNED_URL, 64_000_000).handleRequest(event, null);

        assertEquals(1, failedIds(response).size());
        assertEquals(InputState.POSTED, ledger.entry(bodies.get(0).get("bucket").asText(),
                bodies.get(0).get("key").asText(), id).state());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = SQSEvent.class)
    void handleRequest_whenTheWholeAddIsTooLarge_sendsItAgainInHalves(SQSEvent event) {
        stock(event);
        clarifai.failNextAdd(new InputsApiException("PostInputs", 400,
                ApiStatus.of(StatusCodes.RPC_MAX_MESSAGE_SIZE_EXCEEDED, "request too large"), null));

        SQSBatchResponse response = handler(ImageSource.PRESIGNED_URL, 64_000_000).handleRequest(event, null);

        assertEquals(1, failedIds(response).size(), "only the poison message");
        assertEquals(List.of(12, 6, 6), clarifai.adds.stream().map(List::size).toList());
        assertTrue(ledger.all().stream().allMatch(e -> e.state() == InputState.POSTED));
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = SQSEvent.class)
    void handleRequest_changesTheVisibilityOfExactlyTheRetriedMessagesByTheirReceiveCount(SQSEvent event) {
        List<JsonNode> bodies = stock(event);
        clarifai.answer(bodies.get(0).get("inputId").asText(), InputOutcome.Kind.RETRYABLE_FAILURE,
                StatusCodes.RPC_SERVER_UNAVAILABLE);
        event.getRecords().get(0).getAttributes().put("ApproximateReceiveCount", "3");

        SQSBatchResponse response = handler(ImageSource.PRESIGNED_URL, 64_000_000).handleRequest(event, null);

        SQSEvent.SQSMessage retried = event.getRecords().get(0);
        SQSEvent.SQSMessage poison = event.getRecords().get(bodies.indexOf(null));
        assertEquals(java.util.Set.of(retried.getMessageId(), poison.getMessageId()),
                java.util.Set.copyOf(failedIds(response)));
        java.util.Map<String, Integer> visibility = sqs.visibilityByReceiptHandle();
        assertEquals(java.util.Set.of(retried.getReceiptHandle(), poison.getReceiptHandle()), visibility.keySet(),
                "only the retried messages' visibility changes");
        int third = visibility.get(retried.getReceiptHandle());
        assertTrue(third >= 40 && third <= 80, "third receive: 20 s * 2^2 with jitter, was " + third);
        int first = visibility.get(poison.getReceiptHandle());
        assertTrue(first >= 10 && first <= 20, "first receive: 20 s with jitter, was " + first);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-upload-batch.json", type = SQSEvent.class)
    void handleRequest_whenTheVisibilityChangeFails_stillReturnsTheRetriedMessages(SQSEvent event) {
        stock(event);
        clarifai.failNextAdd(new InputsApiException("PostInputs", 429, ApiStatus.of(StatusCodes.CONN_THROTTLED,
                "Making too many requests"), null));
        sqs.failVisibilityChanges();

        SQSBatchResponse response = handler(ImageSource.PRESIGNED_URL, 64_000_000).handleRequest(event, null);

        assertEquals(13, failedIds(response).size());
    }
}
