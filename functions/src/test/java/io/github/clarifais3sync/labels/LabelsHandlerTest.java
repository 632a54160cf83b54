package io.github.clarifais3sync.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.batch.BackoffSchedule;
import io.github.clarifais3sync.batch.SqsBatch;
import io.github.clarifais3sync.batch.SqsRedelivery;
import io.github.clarifais3sync.concepts.LabelRules;
import io.github.clarifais3sync.fakes.FakeInputsClient;
import io.github.clarifais3sync.fakes.FakeObjectStore;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.fakes.RecordingMetrics;
import io.github.clarifais3sync.fakes.RecordingSqsClient;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.model.ObjectVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The labels handler's side of the hold: which messages come back, and when. */
class LabelsHandlerTest {

    private static final String BUCKET = "b";
    private static final Instant NOW = Instant.now();

    private final FakeInputsClient clarifai = new FakeInputsClient();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final FakeObjectStore store = new FakeObjectStore();
    private final RecordingSqsClient sqs = new RecordingSqsClient();
    private final LabelsHandler handler = new LabelsHandler(
            new LabelsService(
                    clarifai,
                    ledger,
                    store,
                    LabelRules.of("", 0, "", "concept:"),
                    KeyFilter.of("", "", ".jpg"),
                    4,
                    Duration.ofSeconds(30),
                    Clock.fixed(NOW, ZoneOffset.UTC)),
            new SqsBatch(
                    "labels",
                    new SqsRedelivery(
                            "labels",
                            sqs,
                            "labels-queue",
                            new BackoffSchedule(Duration.ofSeconds(20), Duration.ofSeconds(900)))),
            new RecordingMetrics());

    @Test
    void handleRequest_heldChanges_areReportedFailedAndComeBackTogetherAtTheFlushInstant() throws IOException {
        JsonNode event = retagged(130, 1);

        List<String> failures = failedMessageIds(event);

        assertEquals(List.of(128), clarifai.patches.stream().map(List::size).toList());
        assertEquals(List.of("m128", "m129"), failures, "held, never deleted");
        assertEquals(
                Map.of("r128", 30, "r129", 30),
                sqs.visibilityByReceiptHandle(),
                "both come back at the flush instant, 30 s on, not after a random backoff");
    }

    @Test
    void handleRequest_whenTheLedgerCannotGiveTheFlushInstant_heldChangesStillComeBackAfterTheHold()
            throws IOException {
        ledger.failLabelsFlush();

        List<String> failures = failedMessageIds(retagged(1, 1));

        assertEquals(List.of("m0"), failures);
        assertEquals(Map.of("r0", 30), sqs.visibilityByReceiptHandle());
        assertEquals(List.of(), clarifai.patches);
    }

    @Test
    void handleRequest_heldChangesComingBack_areSent() throws IOException {
        JsonNode event = retagged(2, 2);

        List<String> failures = failedMessageIds(event);

        assertEquals(List.of(2), clarifai.patches.stream().map(List::size).toList());
        assertEquals(List.of(), failures);
    }

    /** Runs the handler on the event as Lambda's runtime would, and reads the batch item failures it answers. */
    private List<String> failedMessageIds(JsonNode event) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), output, null);
        List<String> ids = new ArrayList<>();
        Json.MAPPER
                .readTree(output.toByteArray())
                .path("batchItemFailures")
                .forEach(failure -> ids.add(failure.path("itemIdentifier").asText()));
        return ids;
    }

    /** {@code count} added objects, re-tagged, as one batch of messages delivered {@code receiveCount} times. */
    private JsonNode retagged(int count, int receiveCount) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (int i = 0; i < count; i++) {
            String key = "k/" + i + ".jpg";
            store.put(BUCKET, key, "e" + i, new byte[10]).tag(BUCKET, key, Map.of("concept:bird", "1"));
            ObjectVersion version = ObjectVersion.of(BUCKET, key, 10, "e" + i, null, "0A", null);
            ledger.recordQueued(version, NOW);
            ledger.markPosted(version, NOW);
            clarifai.status(version.inputId(), 30000);
            ObjectNode record = records.addObject()
                    .put("messageId", "m" + i)
                    .put("receiptHandle", "r" + i)
                    .put(
                            "body",
                            Json.MAPPER.writeValueAsString(
                                    new TagChange(BUCKET, key, null, null, null, "ObjectTagging:Put")));
            record.putObject("attributes").put("ApproximateReceiveCount", Integer.toString(receiveCount));
        }
        return event;
    }
}
