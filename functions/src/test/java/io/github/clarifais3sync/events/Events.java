package io.github.clarifais3sync.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.json.Json;
import java.util.Map;

/** Variations of the events in events/, for tests. */
public final class Events {

    private Events() {}

    /** A copy of {@code event} with {@code field} of the object at JSON pointer {@code at} set to {@code value}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> with(Map<String, Object> event, String at, String field, String value) {
        ObjectNode copy = Json.MAPPER.valueToTree(event);
        ObjectNode target = (ObjectNode) copy.at(at);
        if (value == null) {
            target.remove(field);
        } else {
            target.put(field, value);
        }
        return Json.MAPPER.convertValue(copy, Map.class);
    }
}
