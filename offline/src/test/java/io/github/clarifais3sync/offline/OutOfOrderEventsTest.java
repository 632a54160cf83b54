package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.offline.LedgerView.Row;
import io.github.clarifais3sync.offline.lambda.FunctionError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Integration test of S3 events arriving out of order: the real functions, built from template.yaml, are invoked
 * directly in the racy order (no event source runs), against the real emulators and the local Inputs API. Removals
 * take the template's path: the enqueue function tells the ledger and puts them on the removals queue, which the
 * test hands to the delete function as Lambda's event source would. Each event's sequencer is chosen by the test; the
 * object itself is really in the bucket, so only the sequencer can decide.
 */
class OutOfOrderEventsTest {

    private static final String OLDER = "0067A1B2C3D4E5F600";
    private static final String NEWER = "0067A1B2C3D4E5F700";
    private static final String NEWEST = "0067A1B2C3D4E5F800";

    private static PipelineHarness pipeline;
    private static DirectInvocations functions;
    private static final Map<String, byte[]> SAMPLES = SampleObjects.create();

    @BeforeAll
    static void startStack() throws Exception {
        pipeline = PipelineHarness.start(
                OfflineStack.builder().template(TestStacks.TEMPLATE).eventSources(false));
        functions = new DirectInvocations(pipeline);
    }

    @AfterAll
    static void stopStack() {
        pipeline.close();
    }

    @Test
    void upload_whenRemovalWithNewerSequencerWasHandledFirst_skipsTheVersionWhichNeverBecomesAnInput()
            throws Exception {
        String key = "race/removed-before-put.jpg";
        byte[] image = SAMPLES.get("samples/sunrise.jpg");
        String eTag = pipeline.put(key, image);

        JsonNode removal = remove(key, NEWER);
        invoke("EnqueueFunction", s3Event("ObjectCreated:Put", key, image.length, eTag, OLDER));
        JsonNode upload = uploadQueued(1);

        assertEquals(0, removal.path("batchItemFailures").size(), removal.toString());
        assertEquals(0, upload.path("batchItemFailures").size(), upload.toString());
        assertDeletedAndNeverAnInput(key, "object removed before upload");
    }

    @Test
    void upload_whenRemovalArrivesBetweenEnqueueAndUpload_skipsTheQueuedVersion() throws Exception {
        String key = "race/removed-while-queued.jpg";
        byte[] image = SAMPLES.get("samples/forest.png");
        String eTag = pipeline.put(key, image);

        invoke("EnqueueFunction", s3Event("ObjectCreated:Put", key, image.length, eTag, OLDER));
        remove(key, NEWER);
        JsonNode upload = uploadQueued(1);

        assertEquals(0, upload.path("batchItemFailures").size(), upload.toString());
        assertDeletedAndNeverAnInput(key, "object removed (ObjectRemoved:Delete)");
    }

    @Test
    void delete_whenRemovalIsOlderThanTheIndexedPut_keepsTheNewerInput() throws Exception {
        String key = "race/stale-removal.jpg";
        byte[] image = SAMPLES.get("samples/ocean.jpeg");
        String eTag = pipeline.put(key, image);
        invoke("EnqueueFunction", s3Event("ObjectCreated:Put", key, image.length, eTag, NEWER));
        uploadQueued(1);
        String inputId = awaitIndexedByStatusRuns(key);

        JsonNode removal = remove(key, OLDER);

        assertEquals(0, removal.path("batchItemFailures").size(), removal.toString());
        assertEquals("indexed", single(key).state());
        assertEquals(200, pipeline.inputStatus(inputId));
        assertEquals(List.of(inputId), ids(pipeline.inputsUnder(key)));
    }

    @Test
    void upload_whenOlderPutArrivesAfterTheNewerWasIndexed_keepsOnlyTheNewerInput() throws Exception {
        String key = "race/late-older-put.jpg";
        byte[] older = SAMPLES.get("samples/sunrise.jpg");
        byte[] newer = SAMPLES.get("samples/ocean.jpeg");
        String olderETag = pipeline.put(key, older);
        String newerETag = pipeline.put(key, newer);
        invoke("EnqueueFunction", s3Event("ObjectCreated:Put", key, newer.length, newerETag, NEWER));
        uploadQueued(1);
        String newerInput = awaitIndexedByStatusRuns(key);

        invoke("EnqueueFunction", s3Event("ObjectCreated:Put", key, older.length, olderETag, OLDER));
        JsonNode upload = uploadQueued(1);

        assertEquals(0, upload.path("batchItemFailures").size(), upload.toString());
        List<Row> versions = pipeline.versions(key);
        assertEquals(2, versions.size());
        Row late = versions.stream()
                .filter(row -> !row.inputId().equals(newerInput))
                .findFirst()
                .orElseThrow();
        assertEquals("deleted", late.state());
        assertEquals("overwritten before upload", late.statusDescription());
        assertEquals("indexed", pipeline.version(key, newerInput).orElseThrow().state());
        assertEquals(List.of(newerInput), ids(pipeline.inputsUnder(key)));
    }

    @Test
    void delete_whenARemovalAndARePutOfTheKeyLandInOneBatchWindow_keepsTheNewObjectsInput() throws Exception {
        String key = "race/removed-and-put-again.jpg";
        byte[] first = SAMPLES.get("samples/sunrise.jpg");
        byte[] second = SAMPLES.get("samples/forest.png");
        String firstETag = pipeline.put(key, first);
        invoke("EnqueueFunction", s3Event("ObjectCreated:Put", key, first.length, firstETag, OLDER));
        uploadQueued(1);
        String firstInput = awaitIndexedByStatusRuns(key);
        String secondETag = pipeline.put(key, second);

        // The removal is queued; before the delete function drains it, the key is put again and uploaded.
        invoke("EnqueueFunction", s3Event("ObjectRemoved:Delete", key, 0, null, NEWER));
        invoke("EnqueueFunction", s3Event("ObjectCreated:Put", key, second.length, secondETag, NEWEST));
        uploadQueued(1);
        JsonNode removal = functions.handleQueued("RemovalsQueue", "DeleteFunction", 1);

        assertEquals(0, removal.path("batchItemFailures").size(), removal.toString());
        assertEquals("deleted", pipeline.version(key, firstInput).orElseThrow().state());
        Row kept = pipeline.versions(key).stream()
                .filter(row -> !row.inputId().equals(firstInput))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(kept.inputId()), ids(pipeline.inputsUnder(key)));
    }

    /** A removal as S3 reports it: through the enqueue function and the removals queue to the delete function. */
    private static JsonNode remove(String key, String sequencer) throws Exception {
        invoke("EnqueueFunction", s3Event("ObjectRemoved:Delete", key, 0, null, sequencer));
        return functions.handleQueued("RemovalsQueue", "DeleteFunction", 1);
    }

    private static JsonNode invoke(String function, String payload) throws FunctionError {
        return functions.invoke(function, payload);
    }

    private static JsonNode uploadQueued(int expected) throws Exception {
        return functions.handleQueued("UploadQueue", "UploadFunction", expected);
    }

    private static String awaitIndexedByStatusRuns(String key) throws Exception {
        return functions.awaitIndexedByStatusRuns(key);
    }

    /** The key's one version is deleted for this reason, and the app has no input for the key. */
    private static void assertDeletedAndNeverAnInput(String key, String reason) {
        Row version = single(key);
        assertEquals("deleted", version.state());
        assertEquals(reason, version.statusDescription());
        assertEquals(404, pipeline.inputStatus(version.inputId()));
        assertEquals(List.of(), pipeline.inputsUnder(key));
    }

    private static Row single(String key) {
        List<Row> versions = pipeline.versions(key);
        assertEquals(1, versions.size(), versions.toString());
        return versions.get(0);
    }

    private static List<String> ids(List<JsonNode> inputs) {
        return inputs.stream().map(input -> input.path("id").asText()).toList();
    }

    private static String s3Event(String eventName, String key, long size, String eTag, String sequencer) {
        return functions.s3Event(eventName, key, size, eTag, sequencer);
    }
}
