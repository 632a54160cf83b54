package io.github.clarifais3sync.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.batch.MessageOutcome;
import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.batch.SqsMessage;
import io.github.clarifais3sync.config.Configuration.ImageSource;
import io.github.clarifais3sync.delete.DeleteService;
import io.github.clarifais3sync.events.ObjectEvent;
import io.github.clarifais3sync.fakes.FakeObjectStore;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.inputs.ApiKey;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.NewInput;
import io.github.clarifais3sync.inputs.PathForm;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.sync.StaleInputs;
import io.github.clarifais3sync.testing.Poll;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No request without a purpose: the upload function sends a DELETE for a version already
 * deleted only when an input of it may exist. Counted on the local Inputs API's request log, with the real client.
 */
class UploadDeleteRequestsTest {

    private static final String KEY = "delete-requests-key";
    private static final String BUCKET = "images";

    private final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private final Clock clock = Clock.systemUTC();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final FakeObjectStore bucket = new FakeObjectStore();
    private LocalInputsApi api;
    private InputsClient client;
    private UploadService upload;

    @BeforeEach
    void start() {
        api = LocalInputsApi.builder()
                .port(0)
                .apiKey(KEY, "user", "app")
                .rateLimit(0)
                .processingDelay(Duration.ofMillis(10))
                .deleteDelay(Duration.ofMillis(10))
                .requestLog(requests::add)
                .build()
                .start();
        client = InputsClient.builder()
                .baseUrl(api.baseUrl())
                .pathForm(PathForm.APP_KEY)
                .apiKey(ApiKey.of(KEY))
                .build();
        StaleInputs staleInputs = new StaleInputs(ledger, client, Metrics.NONE, clock);
        upload = new UploadService(
                client,
                ledger,
                bucket,
                staleInputs,
                new UploadService.Options(ImageSource.PRESIGNED_URL, Duration.ofHours(1), 1_000_000, 4),
                Metrics.NONE,
                clock);
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void upload_whenTwentyObjectsWereDeletedOrOverwrittenBeforeUpload_sendsNoRequestAtAll() throws Exception {
        List<SqsMessage> messages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "gone/" + i + ".jpg";
            ObjectVersion version = queued(key, "00000000000000" + (10 + i));
            if (i % 2 == 0) {
                removeObject(key, "00000000000001" + (10 + i));
            } else {
                queued(key, "00000000000002" + (10 + i));
            }
            messages.add(message("m" + i, version, 1));
        }

        List<MessageOutcome> outcomes = upload.upload(messages, deadline());

        assertTrue(outcomes.stream().noneMatch(o -> o.outcome().comesBack()));
        assertEquals(0, count("DELETE"), requests.toString());
        assertEquals(0, count("POST"), requests.toString());
    }

    @Test
    void upload_whenAnEarlierDeliveryAddedTheInputBeforeTheObjectWasRemoved_deletesIt() throws Exception {
        ObjectVersion version = queued("crashed/a.jpg", "0000000000000010");
        // The first delivery's add reached Clarifai, then the invocation ended before it recorded anything.
        client.addInputs(
                List.of(NewInput.fromUrl(version.inputId(), api.baseUrl() + "/samples/puppy.jpg")
                        .withAllowDuplicateUrl(true)),
                deadline());
        removeObject("crashed/a.jpg", "0000000000000020");
        assertEquals(0, count("DELETE"), "the delete function saw no accepted input");

        upload.upload(List.of(message("m1", version, 2)), deadline());

        assertEquals(1, count("DELETE"), requests.toString());
        Poll.until(
                "the redelivery removed the input the crashed delivery created",
                Duration.ofSeconds(10),
                () -> client.getInput(version.inputId(), deadline()).isEmpty());
    }

    /**
     * Found by the chaos run: an add reached Clarifai but its answer never came, every later delivery failed too,
     * and the message ended on the dead-letter queue with the version still queued; the delete then found "no input
     * yet" and left the input in the app, an orphan.
     */
    @Test
    void delete_whenAnAnswerlessAddMadeTheInputAndTheMessageWentToTheDeadLetterQueue_removesTheInput()
            throws Exception {
        ObjectVersion version = queued("dead-letter/a.jpg", "0000000000000010");
        bucket.put(BUCKET, "dead-letter/a.jpg", "e", new byte[100]);
        // The first delivery's add reached Clarifai; the invocation timed out before the answer.
        client.addInputs(
                List.of(NewInput.fromUrl(version.inputId(), api.baseUrl() + "/samples/puppy.jpg")
                        .withAllowDuplicateUrl(true)),
                deadline());
        // The redelivery's add fails too; its message will end on the dead-letter queue.
        api.faults().failNextRequests(1000, 503, 40031);
        List<MessageOutcome> outcomes =
                upload.upload(List.of(message("m1", version, 2)), Deadline.after(Duration.ofSeconds(2)));
        api.faults().clear();
        assertTrue(outcomes.get(0).outcome() instanceof Outcome.Retry, "the redelivery failed: " + outcomes);
        assertEquals(
                InputState.QUEUED,
                ledger.entry(BUCKET, "dead-letter/a.jpg", version.inputId()).state());

        removeObject("dead-letter/a.jpg", "0000000000000020");

        Poll.until(
                "the delete removed the input the answerless add created",
                Duration.ofSeconds(10),
                () -> client.getInput(version.inputId(), deadline()).isEmpty());
    }

    /** Found by the chaos run: the same, when the key is overwritten instead, seen by the redelivery itself. */
    @Test
    void upload_whenARedeliveryFindsItsQueuedVersionOverwritten_deletesTheInputAnEarlierAddMayHaveMade()
            throws Exception {
        ObjectVersion version = queued("overwritten/a.jpg", "0000000000000010");
        client.addInputs(
                List.of(NewInput.fromUrl(version.inputId(), api.baseUrl() + "/samples/puppy.jpg")
                        .withAllowDuplicateUrl(true)),
                deadline());
        queued("overwritten/a.jpg", "0000000000000020");

        upload.upload(List.of(message("m1", version, 2)), deadline());

        assertEquals(1, count("DELETE"), requests.toString());
        Poll.until(
                "the redelivery removed the input of the overwritten version",
                Duration.ofSeconds(10),
                () -> client.getInput(version.inputId(), deadline()).isEmpty());
        assertEquals(
                InputState.DELETED,
                ledger.entry(BUCKET, "overwritten/a.jpg", version.inputId()).state());
    }

    @Test
    void upload_ofTwelveRedeliveriesOfRemovedVersions_deletesTheirInputsInOneRequest() throws Exception {
        List<ObjectVersion> versions = removedAfterAnAnswerlessAdd("removed-batch/", 12);
        List<SqsMessage> messages = redeliveries(versions);

        List<MessageOutcome> outcomes = upload.upload(messages, deadline());

        assertTrue(outcomes.stream().noneMatch(o -> o.outcome().comesBack()), outcomes.toString());
        assertEquals(1, count("DELETE"), requests.toString());
        Poll.until(
                "the one request removed every input the earlier adds made",
                Duration.ofSeconds(10),
                () -> versions.stream()
                        .allMatch(v -> client.getInput(v.inputId(), deadline()).isEmpty()));
    }

    @Test
    void upload_whenTheSharedDeleteOfRemovedVersionsIsRefused_returnsEveryMessage() throws Exception {
        List<ObjectVersion> versions = removedAfterAnAnswerlessAdd("refused-batch/", 3);
        List<SqsMessage> messages = redeliveries(versions);
        api.faults().failNextRequests(1000, 503, 40031);

        List<MessageOutcome> outcomes = upload.upload(messages, Deadline.after(Duration.ofSeconds(2)));
        api.faults().clear();

        assertTrue(outcomes.stream().allMatch(o -> o.outcome().comesBack()), outcomes.toString());
        upload.upload(messages, deadline());
        Poll.until(
                "the retried messages removed the inputs",
                Duration.ofSeconds(10),
                () -> versions.stream()
                        .allMatch(v -> client.getInput(v.inputId(), deadline()).isEmpty()));
    }

    private static List<SqsMessage> redeliveries(List<ObjectVersion> versions) {
        List<SqsMessage> messages = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            messages.add(message("m" + i, versions.get(i), 2));
        }
        return messages;
    }

    /** Versions whose first delivery's add reached Clarifai and ended unrecorded, then removed from the bucket. */
    private List<ObjectVersion> removedAfterAnAnswerlessAdd(String prefix, int count) throws Exception {
        List<ObjectVersion> versions = new ArrayList<>();
        List<NewInput> adds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectVersion version = queued(prefix + i + ".jpg", "0000000000000010");
            versions.add(version);
            adds.add(NewInput.fromUrl(version.inputId(), api.baseUrl() + "/samples/puppy.jpg")
                    .withAllowDuplicateUrl(true));
        }
        client.addInputs(adds, deadline());
        for (ObjectVersion version : versions) {
            removeObject(version.key(), "0000000000000020");
        }
        requests.clear();
        return versions;
    }

    @Test
    void upload_whenAnAddAcceptedTheVersionBeforeItWasDeleted_deletesTheInputOnADuplicateDelivery() {
        ObjectVersion version = queued("posted/a.jpg", "0000000000000010");
        bucket.put(BUCKET, "posted/a.jpg", "e", new byte[100]);
        upload.upload(List.of(message("m1", version, 1)), deadline());
        assertEquals(
                InputState.POSTED,
                ledger.entry(BUCKET, "posted/a.jpg", version.inputId()).state());
        ledger.markDeleted(BUCKET, "posted/a.jpg", version.inputId(), "removed", Instant.now());

        upload.upload(List.of(message("m2", version, 1)), deadline());

        assertEquals(1, count("DELETE"), "an input the ledger knows was accepted is deleted: " + requests);
    }

    /**
     * Found in review: a backfill lists a key before any event (no head), the event then queues the same version
     * (the same input id: a versioned bucket, the same versionId) and moves the head to its sequencer, then the listed
     * message, which
     * has no sequencer, is uploaded. It must add the version, not take the event's head for a newer write and retire
     * the version both messages carry (the event's own message would then skip it: the object never indexed).
     */
    @Test
    void upload_ofAListedMessageForTheVersionAnEventQueuedToo_addsItOnce_andRetiresNothing() throws Exception {
        ObjectVersion listed = ObjectVersion.of(BUCKET, "both/a.jpg", 100, "e", "v1", null, null);
        ObjectVersion event = ObjectVersion.of(BUCKET, "both/a.jpg", 100, "e", "v1", "0000000000000010", null);
        assertEquals(listed.inputId(), event.inputId());
        bucket.put(BUCKET, "both/a.jpg", "e", new byte[100]);
        ledger.recordVersionQueued(listed, Instant.now());
        ledger.recordVersionQueued(event, Instant.now());
        ledger.recordSent(event, Instant.now());
        ledger.recordSent(listed, Instant.now());

        upload.upload(List.of(jsonMessage("m1", listed)), deadline());
        upload.upload(List.of(jsonMessage("m2", event)), deadline());

        assertEquals(
                InputState.POSTED,
                ledger.entry(BUCKET, "both/a.jpg", listed.inputId()).state());
        assertEquals(1, count("POST"), "one add: " + requests);
        assertEquals(0, count("DELETE"), requests.toString());
    }

    private static SqsMessage jsonMessage(String id, ObjectVersion version) throws Exception {
        return new SqsMessage(id, Json.MAPPER.writeValueAsString(version), "receipt-" + id, 1);
    }

    private ObjectVersion queued(String key, String sequencer) {
        ObjectVersion version = ObjectVersion.of(BUCKET, key, 100, "e", null, sequencer, null);
        ledger.recordQueued(version, Instant.now());
        return version;
    }

    /** A removal as the events seam queues it, drained by the delete function's service. */
    private void removeObject(String key, String sequencer) throws Exception {
        ObjectEvent removal = new ObjectEvent(
                ObjectEvent.Kind.REMOVED,
                BUCKET,
                key,
                0,
                null,
                null,
                sequencer,
                null,
                ObjectEvent.Removal.PERMANENT,
                "ObjectRemoved:Delete",
                ObjectEvent.Origin.NOTIFICATION);
        DeleteService delete = new DeleteService(ledger, new StaleInputs(ledger, client, Metrics.NONE, clock), clock);
        delete.recordRemoved(removal);
        List<MessageOutcome> drained =
                delete.drain(List.of(new SqsMessage("removal", Json.MAPPER.writeValueAsString(removal))), deadline());
        assertFalse(drained.get(0).outcome().comesBack(), drained.toString());
    }

    private static SqsMessage message(String id, ObjectVersion version, int receiveCount) {
        String body = "{\"bucket\":\"" + version.bucket() + "\",\"key\":\"" + version.key() + "\",\"size\":100,"
                + "\"eTag\":\"e\",\"sequencer\":\"" + version.sequencer() + "\"}";
        return new SqsMessage(id, body, "receipt-" + id, receiveCount);
    }

    private long count(String method) {
        return requests.stream()
                .filter(line -> line.contains("\"method\":\"" + method + "\""))
                .count();
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(20));
    }
}
