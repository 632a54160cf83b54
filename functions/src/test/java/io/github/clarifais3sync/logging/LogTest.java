package io.github.clarifais3sync.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.fakes.RecordingMetrics;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.logging.Log.Level;
import io.github.clarifais3sync.metrics.Invocation;
import java.lang.reflect.Proxy;
import java.time.Instant;
import org.junit.jupiter.api.Test;

// The log record format: JSON with the fields at the top level, filtered by Lambda's application log level.
class LogTest {

    @Test
    void record_putsEventAndFieldsAtTheTopLevelWithTheirJsonTypes() throws Exception {
        JsonNode record = Json.MAPPER.readTree(Log.record(
                Level.INFO,
                Level.WARN,
                "upload.input-failed",
                "bucket",
                "b",
                "key",
                "a \"b\".jpg",
                "inputId",
                "id1",
                "code",
                30002,
                "retryable",
                false,
                "missing",
                null));

        assertEquals("WARN", record.get("level").asText());
        assertTrue(Instant.parse(record.get("timestamp").asText())
                .isAfter(Instant.now().minusSeconds(60)));
        assertEquals("upload.input-failed", record.get("event").asText());
        assertEquals("a \"b\".jpg", record.get("key").asText());
        assertTrue(record.get("code").isInt());
        assertTrue(record.get("retryable").isBoolean());
        assertFalse(record.has("missing"), "null values are left out");
        assertFalse(record.has("message"), "no text to parse: every field is its own member");
    }

    @Test
    void record_neverLetsAFieldReplaceTheEventName() throws Exception {
        JsonNode record = Json.MAPPER.readTree(
                Log.record(Level.INFO, Level.INFO, "labels.skipped", "event", "ObjectTagging:Put", "level", "mine"));

        assertEquals("labels.skipped", record.get("event").asText());
        assertEquals("INFO", record.get("level").asText());
        assertEquals("ObjectTagging:Put", record.get("field.event").asText());
        assertEquals("mine", record.get("field.level").asText());
    }

    @Test
    void record_dropsRecordsBelowTheApplicationLogLevel() {
        Level minimum = Log.minimum("warn");

        assertNull(Log.record(minimum, Level.INFO, "upload.posted"));
        assertNull(Log.record(minimum, Level.DEBUG, "upload.posted"));
        assertTrue(Log.record(minimum, Level.ERROR, "upload.poison-message").contains("ERROR"));
        assertEquals(Level.TRACE, Log.minimum(null), "no LoggingConfig level: everything is written");
        assertEquals(Level.TRACE, Log.minimum("LOUD"));
    }

    @Test
    void record_carriesTheRequestIdWhileAnInvocationIsOpenAndFlushesItsMetricsOnClose() throws Exception {
        RecordingMetrics metrics = new RecordingMetrics();
        Thread worker;
        String[] fromWorker = new String[1];
        try (Invocation ignored = Invocation.start(context("req-123"), metrics)) {
            JsonNode inside = Json.MAPPER.readTree(Log.record(Level.INFO, Level.INFO, "status.run"));
            assertEquals("req-123", inside.get("requestId").asText());
            worker = Thread.ofVirtual().start(() -> fromWorker[0] = Log.record(Level.INFO, Level.INFO, "x"));
            worker.join();
        }
        assertTrue(fromWorker[0].contains("\"requestId\":\"req-123\""), "threads the invocation starts carry it");
        assertEquals(1, metrics.flushes);
        assertFalse(Log.record(Level.INFO, Level.INFO, "after").contains("requestId"));
    }

    private static Context context(String requestId) {
        return (Context) Proxy.newProxyInstance(
                LogTest.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, arguments) -> method.getName().equals("getAwsRequestId") ? requestId : null);
    }

    @Test
    void format_isOneLineOfJsonEvenWithNewlinesInValues() throws Exception {
        String line = LogLine.format("inputs-api.request", "error", "first\nsecond", "httpStatus", 429);

        assertFalse(line.contains("\n"));
        assertEquals("first\nsecond", Json.MAPPER.readTree(line).get("error").asText());
    }
}
