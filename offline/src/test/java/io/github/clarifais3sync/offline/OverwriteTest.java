package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.offline.LedgerView.Row;
import io.github.clarifais3sync.testing.Poll;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integration test: overwriting an object, through the whole pipeline wired from template.yaml. */
class OverwriteTest {

    @Test
    void put_whenKeyOverwrittenWithOtherBytes_replacesTheInputAndRetiresTheOldVersion(@TempDir Path directory)
            throws Exception {
        String key = "overwrite/photo.jpg";
        Map<String, byte[]> samples = SampleObjects.create();

        try (PipelineHarness pipeline = PipelineHarness.startFast(directory, Map.of())) {
            pipeline.put(key, samples.get("samples/sunrise.jpg"));
            Row first = pipeline.awaitVersion(
                    "the first version indexed", key, row -> row.state().equals("indexed"));

            String secondETag = pipeline.put(key, samples.get("samples/ocean.jpeg"));
            Row second = pipeline.awaitVersion(
                    "the second version indexed",
                    key,
                    row -> !row.inputId().equals(first.inputId()) && row.state().equals("indexed"));
            Poll.until(
                    "the first version's input gone from the app",
                    PipelineHarness.PIPELINE_TIMEOUT,
                    () -> pipeline.inputStatus(first.inputId()) == 404
                            && pipeline.inputsUnder(key).size() == 1);

            assertNotEquals(first.inputId(), second.inputId());
            Row retired = pipeline.version(key, first.inputId()).orElseThrow();
            assertEquals("deleted", retired.state());
            assertTrue(
                    retired.statusDescription().contains("replaced by a newer version (input " + second.inputId()),
                    retired.statusDescription());
            assertEquals(2, pipeline.versions(key).size());
            List<JsonNode> inputs = pipeline.inputsUnder(key);
            assertEquals(
                    List.of(second.inputId()),
                    inputs.stream().map(input -> input.path("id").asText()).toList());
            assertEquals(secondETag, inputs.get(0).at("/data/metadata/etag").asText());
            assertEquals(200, pipeline.inputStatus(second.inputId()));
        }
    }
}
