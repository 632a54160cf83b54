package io.github.clarifais3sync.local.inputsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Reads request bodies the way the proto3 JSON gateway does: a value of the wrong JSON type, bad base64 or a field the
 * request message does not have refuses the whole request with 400 and 11100 CONN_BAD_REQUEST_FORMAT
 * (https://docs.clarifai.com/resources/api-overview/status-codes, docs/clarifai-api-notes.md#deletes for {@code
 * delete_all}).
 */
final class RequestParsing {
    private RequestParsing() {}

    static ApiException badFormat(String details) {
        return new ApiException(StatusCode.CONN_BAD_REQUEST_FORMAT, details);
    }

    static void requireKnownFields(JsonNode body, String message, Set<String> known) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw badFormat("unknown field \"" + name + "\" in " + message);
            }
        }
    }

    /** A proto3 string field: missing or null is "". */
    static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw badFormat("field \"" + field + "\" must be a string");
        }
        return node.textValue();
    }

    static boolean bool(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw badFormat("field \"" + field + "\" must be a boolean");
        }
        return node.booleanValue();
    }

    /** A repeated message field: missing or null is empty. */
    static List<JsonNode> list(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw badFormat("field \"" + field + "\" must be a list");
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    static List<String> texts(JsonNode parent, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : list(parent, field)) {
            if (!item.isTextual()) {
                throw badFormat("field \"" + field + "\" must be a list of strings");
            }
            values.add(item.textValue());
        }
        return values;
    }

    /** A message field: missing or null is an empty object. */
    static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return ProtoJson.MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw badFormat("field \"" + field + "\" must be an object");
        }
        return node;
    }

    /** {@code data.metadata}, a {@code google.protobuf.Struct}; {@code null} when absent. */
    static ObjectNode metadata(JsonNode data) {
        JsonNode node = data.get("metadata");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw badFormat("field \"metadata\" must be a JSON object");
        }
        return ((ObjectNode) node).deepCopy();
    }

    /**
     * {@code data.concepts}; values may be numbers, booleans (seed 000 writes {@code true}/{@code false}) or numeric
     * strings, and default to 1 (https://docs.clarifai.com/create-manage/inputs/upload). Keyed by concept id; a later
     * duplicate wins.
     */
    static LinkedHashMap<String, Concept> concepts(JsonNode data) {
        LinkedHashMap<String, Concept> concepts = new LinkedHashMap<>();
        for (JsonNode item : list(data, "concepts")) {
            if (!item.isObject()) {
                throw badFormat("field \"concepts\" must be a list of objects");
            }
            String id = text(item, "id");
            String name = text(item, "name");
            String key = id.isEmpty() ? name : id;
            concepts.put(key, new Concept(key, name.isEmpty() ? null : name, conceptValue(item.get("value"))));
        }
        return concepts;
    }

    private static double conceptValue(JsonNode value) {
        if (value == null || value.isNull()) {
            return 1.0;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? 1.0 : 0.0;
        }
        if (value.isTextual()) {
            try {
                return Double.parseDouble(value.textValue());
            } catch (NumberFormatException e) {
                throw badFormat("concept value \"" + value.textValue() + "\" is not a number");
            }
        }
        throw badFormat("concept value must be a number");
    }

    /** A proto3 {@code bytes} field: standard or URL-safe base64, line breaks ignored. */
    static byte[] base64(String text) {
        String compact = text.replaceAll("\\s", "");
        try {
            return compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(compact)
                    : Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw badFormat("field \"base64\" is not valid base64: " + e.getMessage());
        }
    }
}
