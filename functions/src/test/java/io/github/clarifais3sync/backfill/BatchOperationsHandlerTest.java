package io.github.clarifais3sync.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.enqueue.EnqueueService;
import io.github.clarifais3sync.events.MalformedEventException;
import io.github.clarifais3sync.fakes.FakeObjectStore;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.fakes.RecordingMetrics;
import io.github.clarifais3sync.fakes.RecordingSqsClient;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.model.InputIds;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.model.ObjectVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

// Unit tests of the S3 Batch Operations function on events/s3-batch-*.json with fakes of S3, SQS and the ledger.
class BatchOperationsHandlerTest {

    private static final String BUCKET = "photo-archive-123456789012";
    private static final String KEY = "catalog/a b+c(1):x.jpg";
    private static final KeyFilter KEYS = KeyFilter.of("catalog/", "", ".jpg");

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingSqsClient sqs = new RecordingSqsClient();
    private final FakeObjectStore store = new FakeObjectStore();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final BatchOperationsHandler handler = new BatchOperationsHandler(
            new ObjectBackfill(
                    store,
                    ledger,
                    new EnqueueService(sqs, "queue-url", ledger, KEYS, metrics, Clock.systemUTC()),
                    KEYS),
            metrics);

    private JsonNode invoke(String file) throws Exception {
        return invokeWith(Files.readAllBytes(Path.of("..", "events", file)));
    }

    private JsonNode invokeWith(byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    @Test
    void handleRequest_v2_decodesTheKeyAndQueuesTheObjectWithItsETagId() throws Exception {
        store.put(BUCKET, KEY, "etag-1", new byte[] {1, 2, 3});

        JsonNode response = invoke("s3-batch-v2.json");

        assertEquals("2.0", response.path("invocationSchemaVersion").asText());
        assertEquals(
                "YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo",
                response.path("invocationId").asText());
        JsonNode result = response.path("results").get(0);
        assertEquals("dGFza2lkZ29lc2hlcmUK", result.path("taskId").asText());
        assertEquals("Succeeded", result.path("resultCode").asText());
        ObjectVersion queued = Json.MAPPER.readValue(sqs.bodies().get(0), ObjectVersion.class);
        assertEquals(KEY, queued.key());
        assertEquals(InputIds.forObject(BUCKET, KEY, null, null, "etag-1"), queued.inputId());
        assertTrue(result.path("resultString").asText().contains(queued.inputId()));
    }

    @Test
    void handleRequest_v1_readsTheBucketFromItsArn() throws Exception {
        store.put(BUCKET, "catalog/holiday photos/café (1).jpg", "etag-2", new byte[] {1});

        JsonNode response = invoke("s3-batch-v1.json");

        assertEquals("Succeeded", response.at("/results/0/resultCode").asText());
        assertEquals(1, sqs.bodies().size());
    }

    @Test
    void handleRequest_whenAnEventAlreadyHandledTheKey_succeedsWithoutQueueing() throws Exception {
        store.put(BUCKET, KEY, "etag-1", new byte[] {1});
        ledger.recordQueued(
                ObjectVersion.of(BUCKET, KEY, 1, "etag-1", null, "0067A1B2C3D4E5F601", null), Instant.now());

        JsonNode response = invoke("s3-batch-v2.json");

        assertEquals("Succeeded", response.at("/results/0/resultCode").asText());
        assertTrue(response.at("/results/0/resultString").asText().startsWith("already known"));
        assertTrue(sqs.batches.isEmpty());
    }

    @Test
    void handleRequest_whenObjectGone_succeedsSayingSo() throws Exception {
        JsonNode response = invoke("s3-batch-v2.json");

        assertEquals("Succeeded", response.at("/results/0/resultCode").asText());
        assertEquals(
                "skipped: no longer in the bucket",
                response.at("/results/0/resultString").asText());
    }

    @Test
    void handleRequest_whenSqsRefuses_reportsATemporaryFailureSoS3Retries() throws Exception {
        store.put(BUCKET, KEY, "etag-1", new byte[] {1});
        sqs.refuseBodiesContaining("catalog");

        JsonNode response = invoke("s3-batch-v2.json");

        assertEquals("TemporaryFailure", response.at("/results/0/resultCode").asText());
    }

    @Test
    void handleRequest_whenNotABatchOperationsEvent_failsWithTheReason() {
        MalformedEventException failure =
                assertThrows(MalformedEventException.class, () -> invokeWith("{\"Records\":[]}".getBytes()));
        assertTrue(failure.getMessage().contains("S3 Batch Operations"));
    }
}
