package io.github.clarifais3sync.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.github.clarifais3sync.fakes.FakeInputsClient;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.fakes.RecordingMetrics;
import io.github.clarifais3sync.inputs.StatusCodes;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.model.ObjectVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

// Unit tests of the status poller on events/schedule.json (ScheduleV2 delivers only the Input, `{}`).
class StatusHandlerTest {

    private static final String BUCKET = "images";

    private final FakeInputsClient clarifai = new FakeInputsClient();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final List<ObjectVersion> queued = Collections.synchronizedList(new ArrayList<>());
    private final RecordingMetrics metrics = new RecordingMetrics();

    /** A version put 5 s before it was queued and posted at {@code at}. */
    private ObjectVersion posted(String key, Instant at) {
        ObjectVersion version = ObjectVersion.of(
                BUCKET, key, 10, "etag", null, "01", at.minusSeconds(5).toString());
        ledger.recordQueued(version, at);
        ledger.markPosted(version, at);
        return version;
    }

    /** The handler as the template configures it (give up after 2 h, 3 attempts, 15 min retry delay) at {@code now}. */
    private StatusHandler handler(Instant now) {
        return new StatusHandler(
                new StatusService(
                        clarifai,
                        ledger,
                        (v, d) -> queued.add(v),
                        new StatusService.Options(Duration.ofHours(2), 3, Duration.ofMinutes(15)),
                        metrics,
                        Clock.fixed(now, ZoneOffset.UTC)),
                metrics);
    }

    @ParameterizedTest
    @Event(value = "events/schedule.json", type = Map.class)
    void handleRequest_recordsFinalStatusesAndKeepsPollingTheRest(Map<String, Object> input) throws IOException {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        ObjectVersion indexed = posted("a.jpg", now.minusSeconds(60));
        ObjectVersion failed = posted("b.jpg", now.minusSeconds(60));
        ObjectVersion processing = posted("c.jpg", now.minusSeconds(60));
        ObjectVersion stuck = posted("d.jpg", now.minus(Duration.ofHours(3)));
        clarifai.status(indexed.inputId(), StatusCodes.INPUT_SUCCESS)
                .status(failed.inputId(), StatusCodes.ALL_INPUT_INVALID_BYTES)
                .status(processing.inputId(), StatusCodes.INPUT_IN_PROGRESS)
                .status(stuck.inputId(), StatusCodes.INPUT_PENDING);
        StatusHandler handler = handler(now);

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream event = StatusHandlerTest.class.getResourceAsStream("/events/schedule.json")) {
            assertEquals(Map.of(), input, "ScheduleV2 delivers the schedule's Input alone");
            handler.handleRequest(event, output, null);
        }

        assertEquals(
                Map.of(
                        "due",
                        4,
                        "indexed",
                        1,
                        "failed",
                        1,
                        "stillPending",
                        1,
                        "gaveUp",
                        1,
                        "retried",
                        0,
                        "unchecked",
                        0),
                Json.MAPPER.readValue(output.toByteArray(), Map.class));
        assertEquals(
                InputState.INDEXED,
                ledger.entry(BUCKET, "a.jpg", indexed.inputId()).state());
        assertEquals(
                StatusCodes.ALL_INPUT_INVALID_BYTES,
                ledger.entry(BUCKET, "b.jpg", failed.inputId()).statusCode());
        assertEquals(
                InputState.PROCESSING,
                ledger.entry(BUCKET, "c.jpg", processing.inputId()).state());
        assertEquals(
                InputState.FAILED,
                ledger.entry(BUCKET, "d.jpg", stuck.inputId()).state());
        assertEquals(1, ledger.dueForStatus(now, 100).size(), "only the processing input is checked again");
        assertEquals(1, metrics.sum("InputsIndexed"));
        assertEquals(1, metrics.sum("InputsFailed/" + StatusCodes.ALL_INPUT_INVALID_BYTES));
        assertEquals(1, metrics.sum("InputsFailed/" + StatusCodes.INPUT_PENDING), "the give-up, under its last code");
        assertEquals(List.of(65.0), metrics.values("PutToIndexed"), "from the object's put (its S3 eventTime)");
        assertEquals(List.of(1.0), metrics.values("InputsPending"));
        assertEquals(List.of(60.0), metrics.values("OldestPendingAge"), "c.jpg, posted a minute ago");
        assertEquals(List.of(1.0), metrics.values("StatusRunsCompleted"));
        assertEquals(1, metrics.flushes);
    }

    @Test
    void handle_withMoreDueThanOneListing_recordsEveryInputOnce() {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        List<ObjectVersion> versions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ObjectVersion version = posted("many/" + i + ".jpg", now.minusSeconds(60));
            versions.add(version);
            clarifai.status(version.inputId(), i % 10 == 0 ? StatusCodes.INPUT_IN_PROGRESS : StatusCodes.INPUT_SUCCESS);
        }
        StatusHandler handler = handler(now);

        StatusReport report = handler.handle(null);

        assertEquals(300, report.due());
        assertEquals(270, report.indexed(), "three listings of up to 128 ids");
        assertEquals(30, report.stillPending());
        assertEquals(270, metrics.sum("InputsIndexed"));
        for (int i = 0; i < 300; i++) {
            assertEquals(
                    i % 10 == 0 ? InputState.PROCESSING : InputState.INDEXED,
                    ledger.entry(BUCKET, "many/" + i + ".jpg", versions.get(i).inputId())
                            .state());
        }
        assertEquals(List.of(30.0), metrics.values("InputsPending"));
    }

    @Test
    void handle_whenAnInputFailedForAPassingReason_deletesItAndQueuesItsVersionAgain() {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        ObjectVersion flaky = ObjectVersion.of(BUCKET, "e.jpg", 10, "etag", null, "0067A1B2C3D4E5F601", null);
        ledger.recordQueued(flaky, now);
        ledger.markPosted(flaky, now);
        ObjectVersion exhausted = posted("f.jpg", now.minusSeconds(60));
        for (int attempt = 1; attempt < 3; attempt++) {
            ledger.requeue(
                    ledger.entry(BUCKET, "f.jpg", exhausted.inputId()),
                    StatusCodes.INPUT_CONNECTION_FAILED,
                    "earlier attempt",
                    now);
            ledger.markPosted(exhausted, now);
        }
        assertEquals(3, ledger.entry(BUCKET, "f.jpg", exhausted.inputId()).attempts());
        clarifai.status(flaky.inputId(), StatusCodes.INPUT_CONNECTION_FAILED)
                .status(exhausted.inputId(), StatusCodes.INPUT_CONNECTION_FAILED);
        StatusHandler handler = handler(now);

        StatusReport report = handler.handle(null);

        assertEquals(1, report.retried());
        assertEquals(1, report.failed(), "the third attempt's failure is final");
        assertEquals(List.of(flaky.inputId()), clarifai.deleted);
        assertEquals(
                List.of(flaky.inputId()),
                queued.stream().map(ObjectVersion::inputId).toList(),
                "the queued version maps to the same input id");
        assertEquals(
                InputState.QUEUED,
                ledger.entry(BUCKET, "e.jpg", flaky.inputId()).state());
        assertEquals(
                InputState.FAILED,
                ledger.entry(BUCKET, "f.jpg", exhausted.inputId()).state());
        assertEquals(0, ledger.dueForStatus(now, 100).size());
    }
}
