package io.github.clarifais3sync.inputs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * An input as the API returns it.
 *
 * @param imageUrl  {@code data.image.url} (for base64 inputs, the URL of Clarifai's hosted copy if any; may be empty)
 * @param metadata  {@code data.metadata}, an arbitrary JSON object (empty when absent)
 * @param createdAt null when the response left it out
 */
public record Input(
        String id,
        String imageUrl,
        List<Concept> concepts,
        ObjectNode metadata,
        ApiStatus status,
        Instant createdAt,
        Instant modifiedAt) {

    public Input {
        concepts = List.copyOf(concepts);
    }
}
