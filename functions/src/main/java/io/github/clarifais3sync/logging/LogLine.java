package io.github.clarifais3sync.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.json.Json;

/**
 * The one format of this repository's log records: a JSON object with {@code event} ({@code area.what-happened})
 * and the record's fields as top-level members, so that CloudWatch Logs Insights discovers them as fields
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html).
 * Field names are shared by every module: bucket, key, inputId, messageId, code, httpStatus, reason, error, …
 * (camelCase; docs/monitoring.md "Logs"). Numbers and booleans stay JSON numbers and booleans; anything else is its
 * string.
 * The functions' {@link Log} and the offline stack's Log write through it.
 */
public final class LogLine {

    private LogLine() {}

    /** The record for {@code event} and alternating names and values, as one line of JSON; nulls are left out. */
    public static String format(String event, Object... namesAndValues) {
        return write(fields(JsonNodeFactory.instance.objectNode(), event, namesAndValues));
    }

    /**
     * Adds {@code event} and the named values to {@code record}. A field never replaces a member the record already
     * has ({@code event}, {@code level}, {@code timestamp}, {@code requestId}): it is written as {@code field.NAME}.
     */
    static ObjectNode fields(ObjectNode record, String event, Object... namesAndValues) {
        record.put("event", event);
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            String name = String.valueOf(namesAndValues[i]);
            if (record.has(name)) {
                name = "field." + name;
            }
            switch (value) {
                case null -> {}
                case Integer number -> record.put(name, number);
                case Long number -> record.put(name, number);
                case Double number -> record.put(name, number);
                case Boolean flag -> record.put(name, flag);
                default -> record.put(name, String.valueOf(value));
            }
        }
        return record;
    }

    static String write(ObjectNode record) {
        try {
            return Json.MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
