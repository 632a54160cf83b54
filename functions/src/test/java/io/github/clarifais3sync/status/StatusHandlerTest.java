package io.github.clarifais3sync.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.github.clarifais3sync.fakes.FakeInputsClient;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.inputs.StatusCodes;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.model.ObjectVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

// Unit tests of the status poller on events/schedule.json (ScheduleV2 delivers only the Input, `{}`).
class StatusHandlerTest {

    private static final String BUCKET = "images";

    private final FakeInputsClient clarifai = new FakeInputsClient();
    private final InMemoryLedger ledger = new InMemoryLedger();

    private ObjectVersion posted(String key, Instant at) {
        ObjectVersion version = ObjectVersion.of(BUCKET, key, 10, "etag", null, "01", null);
        ledger.recordQueued(version, at);
        ledger.markPosted(version, at);
        return version;
    }

    @ParameterizedTest
    @Event(value = "events/schedule.json", type = Map.class)
    void handleRequest_recordsFinalStatusesAndKeepsPollingTheRest(Map<String, Object> input) {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        ObjectVersion indexed = posted("a.jpg", now.minusSeconds(60));
        ObjectVersion failed = posted("b.jpg", now.minusSeconds(60));
        ObjectVersion processing = posted("c.jpg", now.minusSeconds(60));
        ObjectVersion stuck = posted("d.jpg", now.minus(Duration.ofHours(3)));
        clarifai.status(indexed.inputId(), StatusCodes.INPUT_SUCCESS)
                .status(failed.inputId(), StatusCodes.ALL_INPUT_INVALID_BYTES)
                .status(processing.inputId(), StatusCodes.INPUT_IN_PROGRESS)
                .status(stuck.inputId(), StatusCodes.INPUT_PENDING);
        StatusHandler handler = new StatusHandler(new StatusService(clarifai, ledger, Duration.ofHours(2),
                Clock.fixed(now, ZoneOffset.UTC)));

        StatusReport report = handler.handleRequest(input, null);

        assertEquals(new StatusReport(4, 1, 1, 1, 1, 0), report);
        assertEquals(InputState.INDEXED, ledger.entry(BUCKET, "a.jpg", indexed.inputId()).state());
        assertEquals(StatusCodes.ALL_INPUT_INVALID_BYTES, ledger.entry(BUCKET, "b.jpg", failed.inputId()).statusCode());
        assertEquals(InputState.PROCESSING, ledger.entry(BUCKET, "c.jpg", processing.inputId()).state());
        assertEquals(InputState.FAILED, ledger.entry(BUCKET, "d.jpg", stuck.inputId()).state());
        assertEquals(1, ledger.dueForStatus(now, 100).size(), "only the processing input is checked again");
    }
}
