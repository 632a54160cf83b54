package io.github.clarifais3sync.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.github.clarifais3sync.fakes.FakeInputsClient;
import io.github.clarifais3sync.fakes.FakeObjectStore;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.fakes.RecordingMetrics;
import io.github.clarifais3sync.fakes.RecordingSqsClient;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.upload.BackoffSchedule;
import io.github.clarifais3sync.upload.SqsRedelivery;
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
    private final LabelsHandler handler = new LabelsHandler(new LabelsService(clarifai, ledger, store,
            LabelRules.of("", 0, "", "concept:"), KeyFilter.of("", "", ".jpg"), 4, Duration.ofSeconds(30),
            Clock.fixed(NOW, ZoneOffset.UTC)),
            new SqsRedelivery(sqs, "labels-queue", new BackoffSchedule(Duration.ofSeconds(20), Duration.ofSeconds(900))),
            new RecordingMetrics());

    @Test
    void handleRequest_heldChanges_areReportedFailedAndComeBackTogetherAtTheFlushInstant() {
        SQSEvent event = retagged(130, 1);

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertEquals(List.of(128), clarifai.patches.stream().map(List::size).toList());
        assertEquals(List.of("m128", "m129"), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList(), "held, never deleted");
        assertEquals(Map.of("r128", 30, "r129", 30), sqs.visibilityByReceiptHandle(),
                "both come back at the flush instant, 30 s on, not after a random backoff");
    }

    @Test
    void handleRequest_whenTheLedgerCannotGiveTheFlushInstant_heldChangesStillComeBackAfterTheHold() {
        ledger.failLabelsFlush();

        SQSBatchResponse response = handler.handleRequest(retagged(1, 1), null);

        assertEquals(List.of("m0"), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(Map.of("r0", 30), sqs.visibilityByReceiptHandle());
        assertEquals(List.of(), clarifai.patches);
    }

    @Test
    void handleRequest_heldChangesComingBack_areSent() {
        SQSEvent event = retagged(2, 2);

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertEquals(List.of(2), clarifai.patches.stream().map(List::size).toList());
        assertEquals(List.of(), response.getBatchItemFailures());
    }

    /** {@code count} added objects, re-tagged, as one batch of messages delivered {@code receiveCount} times. */
    private SQSEvent retagged(int count, int receiveCount) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "k/" + i + ".jpg";
            store.put(BUCKET, key, "e" + i, new byte[10]).tag(BUCKET, key, Map.of("concept:bird", "1"));
            ObjectVersion version = ObjectVersion.of(BUCKET, key, 10, "e" + i, null, "0A", null);
            ledger.recordQueued(version, NOW);
            ledger.markPosted(version, NOW);
            clarifai.status(version.inputId(), 30000);
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId("m" + i);
            record.setReceiptHandle("r" + i);
            record.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
            try {
                record.setBody(Json.MAPPER.writeValueAsString(new TagChange(BUCKET, key, null, null, null,
                        "ObjectTagging:Put")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
