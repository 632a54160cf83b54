package io.github.clarifais3sync.delete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.github.clarifais3sync.batch.BackoffSchedule;
import io.github.clarifais3sync.batch.MessageOutcome;
import io.github.clarifais3sync.batch.SqsBatch;
import io.github.clarifais3sync.batch.SqsMessage;
import io.github.clarifais3sync.batch.SqsRedelivery;
import io.github.clarifais3sync.config.Configuration.ImageSource;
import io.github.clarifais3sync.events.Events;
import io.github.clarifais3sync.fakes.FakeInputsClient;
import io.github.clarifais3sync.fakes.FakeObjectStore;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.fakes.RecordingMetrics;
import io.github.clarifais3sync.fakes.RecordingSqsClient;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.sync.StaleInputs;
import io.github.clarifais3sync.upload.UploadService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

// Unit tests of the delete handler on events/s3-delete*.json with fakes of Clarifai and the ledger.
class DeleteHandlerTest {

    private static final String BUCKET = "clarifai-s3-sync-123456789012-us-east-1";
    private static final String KEY = "holiday photos/café (1).jpg";

    private final Clock clock = Clock.systemUTC();
    private final FakeInputsClient clarifai = new FakeInputsClient();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final StaleInputs staleInputs = new StaleInputs(ledger, clarifai, metrics, clock);
    private final DeleteHandler handler = new DeleteHandler(
            new DeleteService(ledger, staleInputs, clock),
            new SqsBatch(
                    "delete",
                    new SqsRedelivery(
                            "delete",
                            new RecordingSqsClient(),
                            "removals-url",
                            new BackoffSchedule(Duration.ofSeconds(20), Duration.ofSeconds(900)))),
            metrics);

    private ObjectVersion posted(String key, String sequencer) {
        ObjectVersion version = ObjectVersion.of(BUCKET, key, 10, "etag", null, sequencer, null);
        ledger.recordQueued(version, Instant.now());
        ledger.markPosted(version, Instant.now());
        return version;
    }

    @ParameterizedTest
    @Event(value = "events/s3-delete.json", type = Map.class)
    void handleRequest_whenObjectRemoved_deletesItsInputAndMarksTheLedger(Map<String, Object> event) {
        ObjectVersion version = posted(KEY, "0067A1B2C3D4E5F601");

        DeleteService.DeleteReport report = handler.handle(Json.MAPPER.valueToTree(event), null);

        assertEquals(1, report.inputsDeleted());
        assertEquals(List.of(version.inputId()), clarifai.deleted);
        assertEquals(
                InputState.DELETED, ledger.entry(BUCKET, KEY, version.inputId()).state());
    }

    @ParameterizedTest
    @Event(value = "events/s3-delete.json", type = Map.class)
    void handleRequest_whenAnOlderDeleteArrivesAfterANewerPut_keepsTheNewerInput(Map<String, Object> event) {
        ObjectVersion newer = posted(KEY, "0067A1B2C3D4E5F800");

        handler.handle(Json.MAPPER.valueToTree(event), null);

        assertTrue(clarifai.deleted.isEmpty());
        assertEquals(
                InputState.POSTED, ledger.entry(BUCKET, KEY, newer.inputId()).state());
    }

    @ParameterizedTest
    @Event(value = "events/s3-delete.json", type = Map.class)
    void handleRequest_whenTheDeleteArrivesBeforeTheUpload_theUploadSkipsTheVersion(Map<String, Object> event) {
        ObjectVersion queuedLate = ObjectVersion.of(BUCKET, KEY, 10, "etag", null, "0067A1B2C3D4E5F601", null);
        handler.handle(Json.MAPPER.valueToTree(event), null);
        ledger.recordQueued(queuedLate, Instant.now());
        FakeObjectStore bucket = new FakeObjectStore().put(BUCKET, KEY, "etag", new byte[10]);
        UploadService upload = new UploadService(
                clarifai,
                ledger,
                bucket,
                staleInputs,
                new UploadService.Options(ImageSource.PRESIGNED_URL, Duration.ofHours(1), 1_000_000, 1),
                metrics,
                clock);

        List<MessageOutcome> outcomes = upload.upload(
                List.of(new SqsMessage(
                        "m1",
                        "{\"bucket\":\"" + BUCKET + "\",\"key\":\"" + KEY + "\",\"size\":10,\"eTag\":\"etag\","
                                + "\"sequencer\":\"0067A1B2C3D4E5F601\"}")),
                Deadline.after(Duration.ofSeconds(30)));

        assertTrue(outcomes.stream().noneMatch(o -> o.outcome().comesBack()));
        assertTrue(clarifai.adds.isEmpty(), "a version removed before its upload is never posted");
        assertEquals(
                InputState.DELETED,
                ledger.entry(BUCKET, KEY, queuedLate.inputId()).state());
    }

    @ParameterizedTest
    @Event(value = "events/s3-delete-marker.json", type = Map.class)
    void handleRequest_whenDeleteMarkerCreated_decodesALiteralPlusInTheKey(Map<String, Object> event) {
        ObjectVersion version = posted("archive/2026/cat+dog.png", "0067A1B2C3D4E5F601");

        handler.handle(Json.MAPPER.valueToTree(event), null);

        assertEquals(List.of(version.inputId()), clarifai.deleted);
    }

    @ParameterizedTest
    @Event(value = "events/s3-delete.json", type = Map.class)
    void handleRequest_whenOneVersionOfAVersionedObjectIsDeleted_keepsTheOtherVersions(Map<String, Object> event) {
        ObjectVersion v1 = ObjectVersion.of(BUCKET, KEY, 10, "e1", "version-1", "0067A1B2C3D4E5F601", null);
        ObjectVersion v2 = ObjectVersion.of(BUCKET, KEY, 10, "e2", "version-2", "0067A1B2C3D4E5F602", null);
        for (ObjectVersion v : List.of(v1, v2)) {
            ledger.recordQueued(v, Instant.now());
            ledger.markPosted(v, Instant.now());
        }
        Map<String, Object> versioned = Events.with(event, "/Records/0/s3/object", "versionId", "version-1");

        handler.handle(Json.MAPPER.valueToTree(versioned), null);

        assertEquals(List.of(v1.inputId()), clarifai.deleted);
        assertEquals(InputState.POSTED, ledger.entry(BUCKET, KEY, v2.inputId()).state());
    }

    @ParameterizedTest
    @Event(value = "events/s3-delete.json", type = Map.class)
    void handleRequest_whenALifecycleRuleExpiresTheObject_deletesItsInput(Map<String, Object> event) {
        ObjectVersion version = posted(KEY, "0067A1B2C3D4E5F601");
        Map<String, Object> expiration = Events.with(event, "/Records/0", "eventName", "LifecycleExpiration:Delete");

        handler.handle(Json.MAPPER.valueToTree(expiration), null);

        assertEquals(List.of(version.inputId()), clarifai.deleted);
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge-object-deleted.json", type = Map.class)
    void handleRequest_whenEventBridgeObjectDeleted_retiresOlderVersionsOfTheRawKey(Map<String, Object> event) {
        String bucket = "photo-archive-123456789012";
        ObjectVersion older =
                ObjectVersion.of(bucket, "catalog/a b+c(1):x.jpg", 10, "etag", null, "0067A1B2C3D4E5F601", null);
        ledger.recordQueued(older, Instant.now());
        ledger.markPosted(older, Instant.now());

        DeleteService.DeleteReport report = handler.handle(Json.MAPPER.valueToTree(event), null);

        assertEquals(1, report.inputsDeleted());
        assertEquals(List.of(older.inputId()), clarifai.deleted);
    }
}
