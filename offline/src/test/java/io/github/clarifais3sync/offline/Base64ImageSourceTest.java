package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integration test: the ImageSource=base64 parameter end to end, images sent inline instead of as URLs. */
class Base64ImageSourceTest {

    @Test
    void pipeline_whenImageSourceParameterIsBase64_indexesEveryImageFromItsBytes(@TempDir Path directory)
            throws Exception {
        Map<String, byte[]> images = SampleObjects.create().entrySet().stream()
                .filter(sample -> SampleObjects.isImage(sample.getKey()))
                .collect(Collectors.toMap(sample -> "base64/" + sample.getKey(), Map.Entry::getValue));

        try (PipelineHarness pipeline = PipelineHarness.startFast(directory, Map.of("ImageSource", "base64"))) {
            images.forEach(pipeline::put);
            pipeline.awaitIndexed(images.keySet());

            assertEquals(
                    "base64",
                    pipeline.stack().function("UploadFunction").environment().get("IMAGE_SOURCE"));
            List<JsonNode> inputs = pipeline.inputsUnder("base64/");
            assertEquals(
                    images.keySet(),
                    inputs.stream()
                            .map(input -> input.at("/data/metadata/s3_key").asText())
                            .collect(Collectors.toSet()));
            for (JsonNode input : inputs) {
                assertFalse(input.at("/data/image").has("url"), "sent as bytes, not a URL: " + input);
                assertTrue(
                        Set.of("JPEG", "PNG")
                                .contains(input.at("/data/image/image_info/format")
                                        .asText()),
                        "the API decoded the bytes: " + input);
            }
        }
    }
}
