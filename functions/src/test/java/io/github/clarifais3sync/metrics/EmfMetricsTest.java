package io.github.clarifais3sync.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

// What EmfMetrics prints: embedded metric format lines as CloudWatch reads them from a Lambda function's output.
class EmfMetricsTest {

    private final EmfMetrics metrics = new EmfMetrics("Test/Sync", "my-stack", "my-stack-UploadFunction-AbC");

    private List<JsonNode> flushed() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            metrics.flush();
        } finally {
            System.setOut(saved);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        return lines;
    }

    private static JsonNode directive(JsonNode line) {
        return line.at("/_aws/CloudWatchMetrics/0");
    }

    @Test
    void flush_writesSumsOnceAndEveryValueOfADistributionUnderTheServiceDimension() throws Exception {
        metrics.increment(Metric.INPUTS_POSTED);
        metrics.record(Metric.INPUTS_POSTED, 2);
        metrics.record(Metric.INPUTS_PER_ADD, 3);
        metrics.record(Metric.INPUTS_PER_ADD, 128);
        metrics.record(Metric.PUT_TO_INDEXED, 4.5);

        List<JsonNode> lines = flushed();

        assertEquals(1, lines.size(), lines.toString());
        JsonNode line = lines.get(0);
        assertEquals("Test/Sync", directive(line).get("Namespace").asText());
        assertEquals("[[\"Service\"]]", directive(line).get("Dimensions").toString());
        assertEquals("my-stack", line.get("Service").asText());
        assertEquals("my-stack-UploadFunction-AbC", line.get("functionName").asText());
        assertTrue(line.at("/_aws/Timestamp").asLong() > 0);
        assertEquals(3.0, line.get("InputsPosted").asDouble());
        assertEquals("[3.0,128.0]", line.get("InputsPerAdd").toString());
        assertEquals(4.5, line.get("PutToIndexed").asDouble());
        Set<String> definitions = new HashSet<>();
        directive(line)
                .get("Metrics")
                .forEach(m -> definitions.add(
                        m.get("Name").asText() + ":" + m.get("Unit").asText()));
        assertEquals(Set.of("InputsPosted:Count", "InputsPerAdd:Count", "PutToIndexed:Seconds"), definitions);
    }

    @Test
    void flush_writesABreakdownAsItsOwnLineWithTheTotalAndTheBreakdownDimensionSets() throws Exception {
        metrics.failed(30002);
        metrics.failed(30002);
        metrics.failed(39996);
        metrics.increment(Metric.CLARIFAI_THROTTLES);

        List<JsonNode> lines = flushed();

        assertEquals(3, lines.size(), lines.toString());
        JsonNode invalidBytes = lines.stream()
                .filter(l -> "30002".equals(l.path("Code").asText()))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "[[\"Service\"],[\"Service\",\"Code\"]]",
                directive(invalidBytes).get("Dimensions").toString());
        assertEquals(2.0, invalidBytes.get("InputsFailed").asDouble());
        JsonNode throttles = lines.stream()
                .filter(l -> l.has("ClarifaiThrottles"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "my-stack-UploadFunction-AbC",
                throttles.get("FunctionName").asText(),
                "a FunctionName breakdown is this function's name");
        assertEquals(
                "[[\"Service\"],[\"Service\",\"FunctionName\"]]",
                directive(throttles).get("Dimensions").toString());
    }

    @Test
    void flush_startsAfreshAndWritesNothingWhenNothingWasRecorded() throws Exception {
        metrics.increment(Metric.OBJECTS_QUEUED);
        assertEquals(1, flushed().size());

        assertEquals(List.of(), flushed());
    }

    @Test
    void record_refusesAMetricWithoutItsBreakdownAndABreakdownOfAPlainMetric() {
        assertThrows(IllegalArgumentException.class, () -> metrics.record(Metric.INPUTS_FAILED, 1));
        assertThrows(IllegalArgumentException.class, () -> metrics.record(Metric.INPUTS_POSTED, "x", 1));
    }
}
