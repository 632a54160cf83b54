package io.github.clarifais3sync.local.inputsapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;

/**
 * Proto3 JSON as Clarifai serves it (docs/clarifai-api-notes.md#json): snake_case names, RFC 3339 UTC timestamps with 9
 * fractional digits, default values left out except the {@code cl_show_if_empty} fields ({@code inputs}, the input
 * counters and {@code Concept.value}).
 */
final class ProtoJson {
    /** Strict JSON, like the gateway's parser: no comments, no raw control characters, nothing after the value. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private ProtoJson() {}

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    static ObjectNode status(int code, String description, String details) {
        ObjectNode status = MAPPER.createObjectNode().put("code", code).put("description", description);
        if (details != null && !details.isEmpty()) {
            status.put("details", details);
        }
        return status;
    }

    static ObjectNode status(StatusCode code, String details) {
        return status(code.number(), code.description(), details);
    }

    /** An input as the API shows it; {@code shownStatus} replaces the stored status (PATCH answers 30200). */
    static ObjectNode input(StoredInput input, String appId, StatusCode shownStatus) {
        ObjectNode json = MAPPER.createObjectNode().put("id", input.id);
        ObjectNode image = MAPPER.createObjectNode();
        if (input.url != null) {
            image.put("url", input.url);
        }
        ProcessingResult result = input.result;
        if (result != null && result.format() != null) {
            ObjectNode info =
                    image.putObject("image_info").put("format", result.format().toUpperCase());
            if (result.width() > 0) {
                info.put("width", result.width()).put("height", result.height());
            }
        }
        json.set("data", data(image, input.concepts.values(), input.metadata, appId));
        if (!input.datasetIds.isEmpty()) {
            input.datasetIds.forEach(json.putArray("dataset_ids")::add);
        }
        json.put("created_at", timestamp(input.createdAt));
        json.put("modified_at", timestamp(input.modifiedAt));
        StatusCode status = shownStatus == null ? input.status : shownStatus;
        json.set("status", status(status, shownStatus == null ? input.statusDetails() : null));
        return json;
    }

    static ObjectNode data(ObjectNode image, Collection<Concept> concepts, ObjectNode metadata, String appId) {
        ObjectNode data = MAPPER.createObjectNode();
        if (image != null) {
            data.set("image", image);
        }
        if (!concepts.isEmpty()) {
            var list = data.putArray("concepts");
            for (Concept concept : concepts) {
                ObjectNode json = list.addObject()
                        .put("id", concept.id())
                        .put("name", concept.name() == null ? concept.id() : concept.name())
                        .put("value", (float) concept.value());
                if (concept.value() == Math.rint(concept.value())) {
                    json.put("value", (long) concept.value());
                }
                if (appId != null) {
                    json.put("app_id", appId);
                }
            }
        }
        if (metadata != null && !metadata.isEmpty()) {
            data.set("metadata", metadata.deepCopy());
        }
        return data;
    }
}
