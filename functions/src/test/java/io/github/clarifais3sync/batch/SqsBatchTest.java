package io.github.clarifais3sync.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.fakes.RecordingSqsClient;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batch machinery on its own: which messages come back, and when. */
class SqsBatchTest {

    private final RecordingSqsClient sqs = new RecordingSqsClient();
    private final SqsBatch batch = new SqsBatch(
            "removals",
            new SqsRedelivery(
                    "removals",
                    sqs,
                    "queue-url",
                    new BackoffSchedule(Duration.ofSeconds(20), Duration.ofSeconds(900), bound -> bound)));

    @Test
    void process_mixedOutcomes_listsRetriedAndHeldMessagesInBatchOrder() {
        SqsBatchResponse response = batch.process(
                event("done", "retry", "hold"),
                deadline(),
                (messages, deadline) -> messages.stream()
                        .map(message -> new MessageOutcome(
                                message,
                                switch (message.body()) {
                                    case "retry" -> Outcome.retry("later");
                                    case "hold" -> Outcome.hold("with its burst", Duration.ofMillis(29_001));
                                    default -> Outcome.done("done");
                                }))
                        .toList());

        assertEquals(List.of("m-retry", "m-hold"), response.failedMessageIds());
        assertEquals(
                Map.of("receipt-retry", 20, "receipt-hold", 30),
                sqs.visibilityByReceiptHandle(),
                "the retry after its backoff, the hold after its delay rounded up to whole seconds");
    }

    @Test
    void perMessage_whenAMessageThrows_retriesThatMessageOnly() {
        SqsBatchResponse response = batch.process(
                event("ok", "boom", "ok-too"),
                deadline(),
                BatchProcessor.perMessage("removals", (message, deadline) -> {
                    if (message.body().equals("boom")) {
                        throw new IllegalStateException("boom");
                    }
                    return Outcome.done("removed");
                }));

        assertEquals(List.of("m-boom"), response.failedMessageIds());
    }

    @Test
    void process_whenEverythingIsDone_returnsAnEmptyResponseAndChangesNoVisibility() {
        SqsBatchResponse response = batch.process(
                event("a", "b"),
                deadline(),
                (messages, deadline) -> messages.stream()
                        .map(m -> new MessageOutcome(m, Outcome.done("ok")))
                        .toList());

        assertEquals(List.of(), response.failedMessageIds());
        assertEquals(List.of(), sqs.visibilityChanges);
    }

    private static JsonNode event(String... bodies) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (String body : bodies) {
            ObjectNode record = records.addObject();
            record.put("messageId", "m-" + body);
            record.put("body", body);
            record.put("receiptHandle", "receipt-" + body);
            record.putObject("attributes").put("ApproximateReceiveCount", "1");
        }
        return event;
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(30));
    }
}
