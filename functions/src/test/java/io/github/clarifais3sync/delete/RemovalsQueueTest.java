package io.github.clarifais3sync.delete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.github.clarifais3sync.enqueue.EnqueueService;
import io.github.clarifais3sync.events.ObjectEvent;
import io.github.clarifais3sync.events.S3EventReader;
import io.github.clarifais3sync.fakes.FakeInputsClient;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.fakes.RecordingMetrics;
import io.github.clarifais3sync.fakes.RecordingSqsClient;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.sync.StaleInputs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

// Removals through the queue: the events seam tells the ledger and queues each removal; the delete service retires a
// batch of them in shared DELETE requests. Fakes of SQS, Clarifai and the ledger; the events are those in events/.
class RemovalsQueueTest {

    private static final String BUCKET = "clarifai-s3-sync-123456789012-us-east-1";
    private static final String KEY = "holiday photos/café (1).jpg";

    private final Clock clock = Clock.systemUTC();
    private final RecordingSqsClient sqs = new RecordingSqsClient();
    private final FakeInputsClient clarifai = new FakeInputsClient();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final EnqueueService enqueue = new EnqueueService(
            sqs, "upload-url", "", "removals-url", ledger, KeyFilter.of("", "", ".jpg"), metrics, clock);
    private final DeleteService delete =
            new DeleteService(ledger, new StaleInputs(ledger, clarifai, metrics, clock), clock);

    private ObjectVersion posted(String key, String versionId, String sequencer) {
        return posted(BUCKET, key, versionId, sequencer);
    }

    private ObjectVersion posted(String bucket, String key, String versionId, String sequencer) {
        ObjectVersion version = ObjectVersion.of(bucket, key, 10, "etag", versionId, sequencer, null);
        ledger.recordQueued(version, Instant.now());
        ledger.markPosted(version, Instant.now());
        return version;
    }

    /** What the delete function reads back from the removals queue. */
    private List<ObjectEvent> queuedRemovals() throws Exception {
        List<ObjectEvent> removals = new ArrayList<>();
        for (int i = 0; i < sqs.batches.size(); i++) {
            assertEquals("removals-url", sqs.batches.get(i).queueUrl());
        }
        for (String body : sqs.bodies()) {
            removals.add(Json.MAPPER.readValue(body, ObjectEvent.class));
        }
        return removals;
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @Event(value = "events/s3-delete.json", type = Map.class)
    void aDelete_isRecordedAtOnce_andItsInputDeletedFromTheQueue(Map<String, Object> event) throws Exception {
        ObjectVersion version = posted(KEY, null, "0067A1B2C3D4E5F601");

        enqueue.enqueue(S3EventReader.read(Json.MAPPER.valueToTree(event)).events());

        assertTrue(clarifai.deleteRequests.isEmpty(), "nothing is deleted until the delete function runs");
        assertTrue(ledger.head(BUCKET, KEY).orElseThrow().removed(), "the ledger was told of the removal");
        List<StaleInputs.Retired> retired = delete.retire(queuedRemovals(), deadline());

        assertEquals(List.of(List.of(version.inputId())), clarifai.deleteRequests);
        assertTrue(retired.get(0).succeeded());
        assertEquals(
                InputState.DELETED, ledger.entry(BUCKET, KEY, version.inputId()).state());
    }

    @ParameterizedTest
    @Event(value = "events/s3-delete.json", type = Map.class)
    void aRemovalAndARePutInOneBatchWindow_keepTheNewObjectsInput(Map<String, Object> event) throws Exception {
        ObjectVersion old = posted(KEY, null, "0067A1B2C3D4E5F601");
        enqueue.enqueue(S3EventReader.read(Json.MAPPER.valueToTree(event)).events());
        // The key is put again after the delete; its upload is accepted before the removal message is handled.
        ObjectVersion reput = posted(KEY, null, "0067A1B2C3D4E5F800");

        delete.retire(queuedRemovals(), deadline());

        assertEquals(List.of(List.of(old.inputId())), clarifai.deleteRequests);
        assertEquals(
                InputState.DELETED, ledger.entry(BUCKET, KEY, old.inputId()).state());
        assertEquals(
                InputState.POSTED, ledger.entry(BUCKET, KEY, reput.inputId()).state());
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge-object-deleted.json", type = Map.class)
    void anEventBridgeObjectDeleted_goesThroughTheSameQueue(Map<String, Object> event) throws Exception {
        List<ObjectEvent> events =
                S3EventReader.read(Json.MAPPER.valueToTree(event)).events();
        ObjectEvent removal = events.get(0);
        ObjectVersion version = posted(removal.bucket(), removal.key(), null, "0067A1B2C3D4E5F600");

        enqueue.enqueue(events);
        delete.retire(queuedRemovals(), deadline());

        assertEquals(List.of(List.of(version.inputId())), clarifai.deleteRequests);
    }

    @Test
    void aVersionedDelete_removesOnlyItsVersion_andRecordsNoRemovalOfTheKey() throws Exception {
        ObjectVersion v1 = posted("v.jpg", "v1", "0001");
        ObjectVersion v2 = posted("v.jpg", "v2", "0002");
        ObjectEvent deleteV1 = new ObjectEvent(
                ObjectEvent.Kind.REMOVED,
                BUCKET,
                "v.jpg",
                0,
                null,
                "v1",
                "0003",
                null,
                ObjectEvent.Removal.PERMANENT,
                "ObjectRemoved:Delete",
                ObjectEvent.Origin.NOTIFICATION);

        enqueue.enqueue(List.of(deleteV1));
        delete.retire(queuedRemovals(), deadline());

        assertEquals(List.of(List.of(v1.inputId())), clarifai.deleteRequests);
        assertEquals(
                InputState.POSTED, ledger.entry(BUCKET, "v.jpg", v2.inputId()).state());
        assertTrue(ledger.head(BUCKET, "v.jpg").map(head -> !head.removed()).orElse(true));
    }

    @Test
    void aThousandRemovals_costOneRequestPer128Inputs_andKeysNeverSyncedCostNothing() throws Exception {
        List<ObjectEvent> removals = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String key = "bulk/image-" + i + ".jpg";
            if (i % 4 != 0) {
                posted(key, null, "0001");
            }
            removals.add(new ObjectEvent(
                    ObjectEvent.Kind.REMOVED,
                    BUCKET,
                    key,
                    0,
                    null,
                    null,
                    "0002",
                    null,
                    ObjectEvent.Removal.PERMANENT,
                    "LifecycleExpiration:Delete",
                    ObjectEvent.Origin.NOTIFICATION));
        }

        enqueue.enqueue(removals);
        List<StaleInputs.Retired> retired = delete.retire(queuedRemovals(), deadline());

        assertEquals(1000, retired.size());
        assertEquals(750, clarifai.deleted.size());
        assertEquals((750 + 127) / 128, clarifai.deleteRequests.size());
    }

    @Test
    void aBatchOfRemovals_readsAndWritesTheLedgerInParallel_atMostTheBound() throws Exception {
        int bound = 4;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // Each ledger read or write of a key waits (bounded) for a second one to start: one by one, none would.
        Ledger counting = (Ledger) Proxy.newProxyInstance(
                Ledger.class.getClassLoader(), new Class<?>[] {Ledger.class}, (proxy, method, args) -> {
                    boolean perKey = method.getName().equals("versionsOf")
                            || method.getName().equals("markDeleted");
                    if (!perKey) {
                        return invoke(method, args);
                    }
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                        while (inFlight.get() < 2 && System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                        return invoke(method, args);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
        DeleteService parallel =
                new DeleteService(counting, new StaleInputs(counting, clarifai, metrics, clock, bound), clock);
        List<ObjectEvent> removals = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String key = "bulk/image-" + i + ".jpg";
            posted(key, null, "0001");
            removals.add(new ObjectEvent(
                    ObjectEvent.Kind.REMOVED,
                    BUCKET,
                    key,
                    0,
                    null,
                    null,
                    "0002",
                    null,
                    ObjectEvent.Removal.PERMANENT,
                    "ObjectRemoved:Delete",
                    ObjectEvent.Origin.NOTIFICATION));
        }

        List<StaleInputs.Retired> retired = parallel.retire(removals, deadline());

        assertTrue(most.get() > 1, "ledger calls ran one by one");
        assertTrue(most.get() <= bound, "more ledger calls at once than the bound: " + most.get());
        assertEquals(1, clarifai.deleteRequests.size());
        assertEquals(32, clarifai.deleteRequests.get(0).size());
        assertTrue(retired.stream().allMatch(StaleInputs.Retired::succeeded));
        for (ObjectEvent removal : removals) {
            assertEquals(
                    InputState.DELETED,
                    ledger.versionsOf(BUCKET, removal.key()).get(0).state());
        }
    }

    private Object invoke(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(ledger, args);
        } catch (InvocationTargetException failed) {
            throw failed.getCause();
        }
    }
}
