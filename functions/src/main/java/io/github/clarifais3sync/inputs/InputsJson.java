package io.github.clarifais3sync.inputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Proto3-JSON as Clarifai serves it (docs/clarifai-api-notes.md#json): snake_case names, default values left out (so a missing
 * field means its default), {@code status.code} usually a number but sometimes an enum name, timestamps with up to
 * nine fractional digits, uint64 counters possibly as strings. Parsing here never fails on a missing field.
 */
final class InputsJson {

    static final ObjectMapper MAPPER = Json.MAPPER;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private InputsJson() {}

    static ApiStatus status(JsonNode node) {
        if (node == null || !node.isObject()) {
            return ApiStatus.of(StatusCodes.ZERO, "");
        }
        JsonNode code = node.path("code");
        int number =
                code.isNumber() ? code.intValue() : code.isTextual() ? parseCode(code.textValue()) : StatusCodes.ZERO;
        return new ApiStatus(
                number,
                node.path("description").asText(""),
                node.path("details").asText(""),
                node.path("req_id").asText(""));
    }

    private static int parseCode(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException notANumber) {
            return StatusCodes.fromName(text.strip());
        }
    }

    static long counter(JsonNode node) {
        if (node.isNumber()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.textValue());
            } catch (NumberFormatException ignored) {
                return 0;
            }
        }
        return 0;
    }

    static Instant timestamp(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.textValue());
        } catch (DateTimeParseException unparseable) {
            return null;
        }
    }

    static Input input(JsonNode node) {
        JsonNode data = node.path("data");
        List<Concept> concepts = new ArrayList<>();
        for (JsonNode concept : data.path("concepts")) {
            JsonNode value = concept.path("value");
            double number = value.isBoolean()
                    ? (value.booleanValue() ? 1 : 0)
                    : value.isMissingNode() || value.isNull() ? 1 : value.asDouble();
            concepts.add(new Concept(concept.path("id").asText(""), number));
        }
        ObjectNode metadata =
                data.path("metadata").isObject() ? (ObjectNode) data.path("metadata") : NODES.objectNode();
        return new Input(
                node.path("id").asText(""),
                data.path("image").path("url").asText(""),
                concepts,
                metadata,
                status(node.path("status")),
                timestamp(node.path("created_at")),
                timestamp(node.path("modified_at")));
    }

    static List<Input> inputs(JsonNode body) {
        List<Input> inputs = new ArrayList<>();
        for (JsonNode node : body.path("inputs")) {
            inputs.add(input(node));
        }
        return inputs;
    }

    static InputCounts counts(JsonNode body) {
        JsonNode c = body.path("counts");
        return new InputCounts(
                counter(c.path("processed")),
                counter(c.path("to_process")),
                counter(c.path("errors")),
                counter(c.path("processing")),
                counter(c.path("reindexed")),
                counter(c.path("to_reindex")),
                counter(c.path("reindex_errors")),
                counter(c.path("reindexing")));
    }

    static ObjectNode addRequest(List<NewInput> inputs) {
        ObjectNode body = NODES.objectNode();
        ArrayNode array = body.putArray("inputs");
        for (NewInput input : inputs) {
            ObjectNode node = array.addObject();
            if (input.id() != null) {
                node.put("id", input.id());
            }
            ObjectNode data = node.putObject("data");
            ObjectNode image = data.putObject("image");
            if (input.imageUrl() != null) {
                image.put("url", input.imageUrl());
            } else {
                image.put("base64", Base64.getEncoder().encodeToString(input.imageBytes()));
            }
            if (input.allowDuplicateUrl()) {
                image.put("allow_duplicate_url", true);
            }
            putConcepts(data, input.concepts());
            if (input.metadata() != null) {
                data.set("metadata", input.metadata());
            }
        }
        return body;
    }

    static ObjectNode patchRequest(List<InputPatch> patches, PatchAction action) {
        ObjectNode body = NODES.objectNode();
        ArrayNode array = body.putArray("inputs");
        for (InputPatch patch : patches) {
            ObjectNode node = array.addObject();
            node.put("id", patch.id());
            ObjectNode data = node.putObject("data");
            putConcepts(data, patch.concepts());
            if (patch.metadata() != null) {
                data.set("metadata", patch.metadata());
            }
        }
        body.put("action", action.wireName());
        return body;
    }

    static ObjectNode deleteRequest(List<String> ids) {
        ObjectNode body = NODES.objectNode();
        ArrayNode array = body.putArray("ids");
        ids.forEach(array::add);
        return body;
    }

    static ObjectNode deleteAllRequest() {
        return NODES.objectNode().put("delete_all", true);
    }

    private static void putConcepts(ObjectNode data, List<Concept> concepts) {
        if (concepts.isEmpty()) {
            return;
        }
        ArrayNode array = data.putArray("concepts");
        for (Concept concept : concepts) {
            ObjectNode node = array.addObject().put("id", concept.id());
            if (concept.value() == Math.rint(concept.value())) {
                node.put("value", (long) concept.value());
            } else {
                node.put("value", concept.value());
            }
        }
    }
}
