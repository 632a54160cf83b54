package io.github.clarifais3sync.local.inputsapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;

/** One input of an app. Guarded by the lock of its {@link AppInputs}. */
final class StoredInput {
    final String id;
    final long sequence;
    final Instant createdAt;
    final String url;
    final List<String> datasetIds;
    Instant modifiedAt;
    /** Bytes of a base64 input until processing has checked them. */
    byte[] pendingBytes;

    LinkedHashMap<String, Concept> concepts;
    ObjectNode metadata;
    StatusCode status = StatusCode.INPUT_PENDING;
    ProcessingResult result;
    boolean deletePending;

    StoredInput(
            String id,
            long sequence,
            Instant createdAt,
            String url,
            byte[] bytes,
            LinkedHashMap<String, Concept> concepts,
            ObjectNode metadata,
            List<String> datasetIds) {
        this.id = id;
        this.sequence = sequence;
        this.createdAt = createdAt;
        this.modifiedAt = createdAt;
        this.url = url;
        this.pendingBytes = bytes;
        this.concepts = concepts;
        this.metadata = metadata == null ? JsonNodeFactory.instance.objectNode() : metadata;
        this.datasetIds = datasetIds;
    }

    String statusDetails() {
        return result == null ? null : result.details();
    }
}
