package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.offline.LedgerView.Row;
import io.github.clarifais3sync.offline.monitor.EmfRecord;
import io.github.clarifais3sync.offline.monitor.LineTee;
import io.github.clarifais3sync.offline.monitor.MetricsCollector;
import io.github.clarifais3sync.testing.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance test: the EMF lines the real functions print on the offline stack, for a scripted run — four
 * images and a text file put, one of the images not decodable (it fails in processing), a burst of 429s, one delete —
 * carry the names, units, dimensions and values an operator's alarms and dashboard rely on. The same run's log lines
 * are JSON with top-level fields and never contain the Clarifai key.
 */
class MetricsAcceptanceTest {

    private static final int THROTTLED = 3;
    private static final int UPLOAD_TIMEOUT_SECONDS = 15;
    private static final List<String> GOOD = List.of("metrics/a.jpg", "metrics/b.png", "metrics/c.jpeg");
    private static final String BAD = "metrics/not really.jpg";

    @Test
    void scriptedRun_emitsTheDocumentedMetricsWithTheirUnitsDimensionsAndValues(@TempDir Path directory)
            throws Exception {
        Queue<String> printed = new ConcurrentLinkedQueue<>();
        LineTee everything = LineTee.install(printed::add);
        Instant started = Instant.now();
        // An upload timeout long enough that the Inputs client itself retries the throttled adds.
        try (PipelineHarness pipeline = PipelineHarness.startFast(directory, UPLOAD_TIMEOUT_SECONDS, Map.of())) {
            Map<String, byte[]> samples = SampleObjects.create();
            pipeline.inputsApi().faults().throttleNextRequests(THROTTLED);
            pipeline.put(GOOD.get(0), samples.get("samples/sunrise.jpg"));
            pipeline.put(GOOD.get(1), samples.get("samples/forest.png"));
            pipeline.put(GOOD.get(2), samples.get("samples/ocean.jpeg"));
            pipeline.put(BAD, "plain text, not a JPEG".getBytes(StandardCharsets.UTF_8));
            pipeline.put("metrics/read me.txt", "not an image".getBytes(StandardCharsets.UTF_8));
            pipeline.awaitIndexed(GOOD);
            Row failed = pipeline.awaitVersion(
                    "the undecodable image failed", BAD, row -> row.state().equals("failed"));
            String deleted = pipeline.versions(GOOD.get(0)).get(0).inputId();
            pipeline.s3()
                    .deleteObject(request -> request.bucket(pipeline.bucket()).key(GOOD.get(0)));
            Poll.until(
                    "the deleted object's input gone",
                    PipelineHarness.PIPELINE_TIMEOUT,
                    () -> pipeline.inputStatus(deleted) == 404);
            MetricsCollector metrics = pipeline.stack().metrics();
            Poll.until(
                    "the delete function's metrics and a status run after everything was final",
                    PipelineHarness.PIPELINE_TIMEOUT,
                    () -> metrics.sum("InputsDeleted") == 1
                            && lastValue(metrics, "InputsPending") == 0.0
                            && lastValue(metrics, "OldestPendingAge") == 0.0);
            String apiKey = pipeline.stack().inputsApi().apiKey();
            List<EmfRecord> records = metrics.records();

            // Every line: the stack's namespace and Service, known names with their units, only documented dimensions.
            assertFalse(records.isEmpty());
            for (EmfRecord record : records) {
                assertEquals("ClarifaiS3Sync", record.namespace(), record.toString());
                assertEquals("clarifai-s3-sync", record.dimensions().get("Service"), record.toString());
                assertTrue(
                        !record.timestamp().isBefore(started.minusSeconds(1))
                                && !record.timestamp().isAfter(Instant.now()),
                        "timestamp of this run: " + record);
                assertEquals(List.of("Service"), record.dimensionSets().get(0), record.toString());
                for (EmfRecord.MetricValues value : record.metrics()) {
                    Metric metric = Metric.named(value.name());
                    assertNotNull(metric, "a documented metric: " + value.name());
                    assertEquals(metric.unit().cloudWatchName(), value.unit(), value.name());
                    List<List<String>> expected = metric.breakdown() == null
                            ? List.of(List.of("Service"))
                            : List.of(
                                    List.of("Service"),
                                    List.of("Service", metric.breakdown().cloudWatchName()));
                    assertEquals(expected, record.dimensionSets(), value.name());
                }
            }

            // The values of the scripted run.
            assertEquals(5, metrics.sum("ObjectsReceived"));
            assertEquals(4, metrics.sum("ObjectsQueued"));
            assertEquals(1, total(metrics, "ObjectsSkipped/Reason=NotAnImage"));
            assertEquals(
                    THROTTLED, metrics.sum("ClarifaiThrottles"), "each 429 counted once, by whichever function got it");
            assertTrue(metrics.sum("ClarifaiRetries") >= 1, "throttled requests were sent again: " + metrics.totals());
            assertEquals(4, metrics.sum("InputsPosted"), "three images and the undecodable one were accepted");
            assertTrue(metrics.sum("AddRequests") >= 1);
            assertTrue(metrics.sum("InputsPerAdd") >= 4, "every posted input was in an add");
            assertEquals(3, metrics.sum("InputsIndexed"));
            List<Double> putToIndexed = metrics.records().stream()
                    .flatMap(r -> r.metrics().stream())
                    .filter(m -> m.name().equals("PutToIndexed"))
                    .flatMap(m -> m.values().stream())
                    .toList();
            assertEquals(3, putToIndexed.size(), putToIndexed.toString());
            assertTrue(
                    putToIndexed.stream().allMatch(s -> s > 0 && s < PipelineHarness.PIPELINE_TIMEOUT.toSeconds()),
                    "seconds from each put to its indexed status: " + putToIndexed);
            assertEquals(1, metrics.sum("InputsFailed"));
            assertEquals(
                    1,
                    total(metrics, "InputsFailed/Code=" + failed.statusCode()),
                    "under the code the ledger recorded: " + metrics.totals().keySet());
            assertEquals(1, metrics.sum("InputsDeleted"));
            assertTrue(metrics.sum("StatusRunsCompleted") >= 1);

            // The logs of the same run: JSON with the fields at the top level, and never the key.
            List<String> lines = List.copyOf(printed);
            assertTrue(lines.stream().noneMatch(line -> line.contains(apiKey)), "the Clarifai key is in no line");
            JsonNode posted = lines.stream()
                    .filter(line -> line.contains("\"event\":\"upload.posted\""))
                    .map(MetricsAcceptanceTest::json)
                    .findFirst()
                    .orElseThrow();
            assertEquals(pipeline.bucket(), posted.path("bucket").asText());
            assertTrue(GOOD.contains(posted.path("key").asText())
                    || BAD.equals(posted.path("key").asText()));
            assertEquals(40, posted.path("inputId").asText().length());
            assertTrue(posted.has("requestId") && posted.has("level") && posted.has("timestamp"), posted.toString());
            assertTrue(
                    lines.stream()
                            .anyMatch(line -> line.contains("\"event\":\"clarifai.attempt-failed\"")
                                    && line.contains("\"failure\":\"THROTTLED\"")),
                    "each throttled attempt is logged");
        } finally {
            everything.uninstall();
        }
    }

    private static double total(MetricsCollector metrics, String key) {
        MetricsCollector.Total total = metrics.totals().get(key);
        return total == null ? 0 : total.sum();
    }

    private static double lastValue(MetricsCollector metrics, String name) {
        MetricsCollector.Total total = metrics.totals().get(name);
        return total == null ? -1 : total.last();
    }

    private static JsonNode json(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
