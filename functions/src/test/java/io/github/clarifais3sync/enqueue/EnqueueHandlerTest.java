package io.github.clarifais3sync.enqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.events.Events;
import io.github.clarifais3sync.events.MalformedEventException;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.fakes.RecordingMetrics;
import io.github.clarifais3sync.fakes.RecordingSqsClient;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.model.InputIds;
import io.github.clarifais3sync.model.KeyFilter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

// Unit tests with the raw events in events/ (the files `sam local invoke -e` takes) and fakes of SQS and the ledger.
class EnqueueHandlerTest {

    private static final KeyFilter IMAGES = KeyFilter.of("", "", ".jpg,.jpeg,.png");
    private static final String BUCKET = "clarifai-s3-sync-123456789012-us-east-1";

    private final RecordingSqsClient sqs = new RecordingSqsClient();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final EnqueueHandler handler = new EnqueueHandler(
            new EnqueueService(sqs, "queue-url", ledger, IMAGES, metrics, Clock.systemUTC()), metrics);

    @ParameterizedTest
    @Event(value = "events/s3-put.json", type = Map.class)
    void handleRequest_whenPutEvent_queuesImagesWithDecodedKeysAndSkipsTheRest(Map<String, Object> event)
            throws Exception {
        EnqueueService.EnqueueReport report = handler.handle(Json.MAPPER.valueToTree(event), null);

        assertEquals(1, report.queued());
        assertEquals(2, report.skipped());
        JsonNode body = Json.MAPPER.readTree(sqs.bodies().get(0));
        assertEquals("holiday photos/café (1).jpg", body.get("key").asText());
        assertEquals(BUCKET, body.get("bucket").asText());
        assertEquals("0067A1B2C3D4E5F601", body.get("sequencer").asText());
        assertEquals(48213, body.get("size").asLong());
        String inputId = InputIds.forObject(BUCKET, "holiday photos/café (1).jpg", null, "0067A1B2C3D4E5F601", null);
        assertEquals(inputId, body.get("inputId").asText());
        assertEquals(
                InputState.QUEUED,
                ledger.entry(BUCKET, "holiday photos/café (1).jpg", inputId).state());
        assertEquals(
                Instant.parse("2026-11-23T10:15:30.123Z"),
                ledger.entry(BUCKET, "holiday photos/café (1).jpg", inputId).eventTime(),
                "the put time, for metrics");
        assertEquals(3, metrics.sum("ObjectsReceived"));
        assertEquals(1, metrics.sum("ObjectsQueued"));
        assertEquals(1, metrics.sum("ObjectsSkipped/NotAnImage"));
        assertEquals(1, metrics.sum("ObjectsSkipped/ZeroBytes"));
        assertEquals(1, metrics.flushes, "flushed once, at the end of the invocation");
    }

    @ParameterizedTest
    @Event(value = "events/s3-test-event.json", type = Map.class)
    void handleRequest_whenS3TestEvent_sendsNothing(Map<String, Object> event) {
        EnqueueService.EnqueueReport report = handler.handle(Json.MAPPER.valueToTree(event), null);

        assertEquals(0, report.queued());
        assertTrue(sqs.batches.isEmpty());
        assertTrue(ledger.all().isEmpty());
    }

    @ParameterizedTest
    @Event(value = "events/s3-put.json", type = Map.class)
    void handleRequest_whenSqsRefusesAMessage_failsTheInvocation(Map<String, Object> event) {
        sqs.refuseBodiesContaining("café");

        EnqueueService.EnqueueFailedException failure = assertThrows(
                EnqueueService.EnqueueFailedException.class,
                () -> handler.handle(Json.MAPPER.valueToTree(event), null));
        assertTrue(failure.getMessage().contains("holiday photos/café (1).jpg"), failure.getMessage());
        assertEquals(0, metrics.sum("ObjectsQueued"));
        assertEquals(1, ledger.versionsOf(BUCKET, "holiday photos/café (1).jpg").size(), "recorded as queued");
        assertTrue(
                ledger.head(BUCKET, "holiday photos/café (1).jpg").isEmpty(),
                "no head until SQS takes the message: Lambda's retry of the event sends it again");
        assertEquals(1, metrics.flushes, "metrics are flushed when the handler throws too");
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge-object-created.json", type = Map.class)
    void handleRequest_whenEventBridgeObjectCreated_queuesTheKeyAsSent(Map<String, Object> event) throws Exception {
        EnqueueService.EnqueueReport report = handler.handle(Json.MAPPER.valueToTree(event), null);

        assertEquals(1, report.queued());
        JsonNode body = Json.MAPPER.readTree(sqs.bodies().get(0));
        assertEquals("catalog/a b+c(1):x.jpg", body.get("key").asText());
        assertEquals("IYV3p45BT0ac8hjHg1houSdS1a.Mro8e", body.get("versionId").asText());
        assertEquals("0067A1B2C3D4E5F601", body.get("sequencer").asText());
        assertEquals(
                InputIds.forObject(
                        "photo-archive-123456789012",
                        "catalog/a b+c(1):x.jpg",
                        "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e",
                        null,
                        null),
                body.get("inputId").asText(),
                "the same id as a notification record of the same version");
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge-tags-added.json", type = Map.class)
    void handleRequest_whenTagsEvent_queuesNothing(Map<String, Object> event) {
        EnqueueService.EnqueueReport report = handler.handle(Json.MAPPER.valueToTree(event), null);

        assertEquals(0, report.queued());
        assertEquals(1, metrics.sum("ObjectsSkipped/NotObjectCreated"));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge-malformed.json", type = Map.class)
    void handleRequest_whenEventBridgeEventLacksTheKey_failsTheInvocationSoLambdaKeepsIt(Map<String, Object> event) {
        MalformedEventException failure =
                assertThrows(MalformedEventException.class, () -> handler.handle(Json.MAPPER.valueToTree(event), null));

        assertTrue(failure.getMessage().contains("detail.object.key"), failure.getMessage());
        assertTrue(sqs.batches.isEmpty());
        assertEquals(1, metrics.flushes);
    }

    @ParameterizedTest
    @Event(value = "events/s3-put.json", type = Map.class)
    void handleRequest_whenOneRecordIsUnreadable_queuesTheOthersThenFails(Map<String, Object> event) {
        Map<String, Object> partly = Events.with(event, "/Records/2/s3/object", "key", null);

        assertThrows(MalformedEventException.class, () -> handler.handle(Json.MAPPER.valueToTree(partly), null));
        assertEquals(1, sqs.bodies().size(), "the readable image is queued before the invocation fails");
    }

    @ParameterizedTest
    @Event(value = "events/s3-tagging-put.json", type = Map.class)
    void handleRequest_whenTagsAreFollowed_sendsTheTagChangeToTheLabelsQueue(Map<String, Object> event)
            throws Exception {
        EnqueueHandler following = new EnqueueHandler(
                new EnqueueService(sqs, "queue-url", "labels-url", ledger, IMAGES, metrics, Clock.systemUTC()),
                metrics);

        EnqueueService.EnqueueReport report = following.handle(Json.MAPPER.valueToTree(event), null);

        assertEquals(0, report.queued());
        assertEquals(0, report.skipped());
        assertEquals("labels-url", sqs.batches.get(0).queueUrl());
        JsonNode body = Json.MAPPER.readTree(sqs.bodies().get(0));
        assertEquals("catalog/a b+c(1):x.jpg", body.get("key").asText());
        assertEquals("ObjectTagging:Put", body.get("event").asText());
        assertTrue(ledger.all().isEmpty(), "a tag change records nothing here: the labels function decides");
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge-tags-added.json", type = Map.class)
    void handleRequest_whenTagsEventBridgeEventIsFollowed_namesTheVersion(Map<String, Object> event) throws Exception {
        EnqueueHandler following = new EnqueueHandler(
                new EnqueueService(sqs, "queue-url", "labels-url", ledger, IMAGES, metrics, Clock.systemUTC()),
                metrics);

        following.handle(Json.MAPPER.valueToTree(event), null);

        JsonNode body = Json.MAPPER.readTree(sqs.bodies().get(0));
        assertEquals("Object Tags Added", body.get("event").asText());
        assertTrue(body.hasNonNull("versionId"), body.toString());
    }
}
