package io.github.clarifais3sync.local.inputsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * PatchInputs' {@code merge} and {@code remove} on metadata
 * (https://docs.clarifai.com/api-guide/advanced-topics/patching, after Clarifai's patching guide): merge overwrites
 * scalar keys, deep-merges objects and merges lists of objects with an {@code id} by id, appending unknown ids; remove
 * deletes keys whose patch value is {@code true}, recurses into objects and drops list items whose {@code id} matches.
 * Any other list is replaced by merge.
 */
final class DataPatch {
    private DataPatch() {}

    static void merge(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            JsonNode current = target.get(field.getKey());
            JsonNode update = field.getValue();
            if (current instanceof ObjectNode currentObject && update instanceof ObjectNode updateObject) {
                merge(currentObject, updateObject);
            } else if (current instanceof ArrayNode currentList
                    && update instanceof ArrayNode updateList
                    && allHaveIds(currentList)
                    && allHaveIds(updateList)) {
                mergeById(currentList, updateList);
            } else {
                target.set(field.getKey(), update.deepCopy());
            }
        }
    }

    static void remove(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            JsonNode current = target.get(field.getKey());
            JsonNode update = field.getValue();
            if (update.isBoolean() && update.booleanValue()) {
                target.remove(field.getKey());
            } else if (current instanceof ObjectNode currentObject && update instanceof ObjectNode updateObject) {
                remove(currentObject, updateObject);
            } else if (current instanceof ArrayNode currentList && update instanceof ArrayNode updateList) {
                removeById(currentList, updateList);
            }
        }
    }

    private static void mergeById(ArrayNode target, ArrayNode patch) {
        for (JsonNode update : patch) {
            ObjectNode match = findById(target, update.get("id"));
            if (match == null) {
                target.add(update.deepCopy());
            } else {
                merge(match, (ObjectNode) update);
            }
        }
    }

    private static void removeById(ArrayNode target, ArrayNode patch) {
        for (JsonNode update : patch) {
            JsonNode id = update.get("id");
            for (Iterator<JsonNode> items = target.iterator(); id != null && items.hasNext(); ) {
                if (id.equals(items.next().get("id"))) {
                    items.remove();
                }
            }
        }
    }

    private static ObjectNode findById(ArrayNode list, JsonNode id) {
        for (JsonNode item : list) {
            if (id.equals(item.get("id"))) {
                return (ObjectNode) item;
            }
        }
        return null;
    }

    private static boolean allHaveIds(ArrayNode list) {
        for (JsonNode item : list) {
            if (!item.isObject() || !item.has("id")) {
                return false;
            }
        }
        return true;
    }
}
