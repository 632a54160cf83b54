package io.github.clarifais3sync.local.inputsapi;

import static io.github.clarifais3sync.local.inputsapi.RequestParsing.badFormat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GET parameters as the gateway reads them: dotted names for nested fields, repeated keys for lists
 * (docs/clarifai-api-notes.md#json).
 */
final class QueryParameters {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    QueryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    Optional<String> first(String name) {
        return all(name).stream().filter(value -> !value.isEmpty()).findFirst();
    }

    int integer(String name, int defaultValue) {
        Optional<String> value = first(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.get());
            return number == 0 ? defaultValue : number;
        } catch (NumberFormatException e) {
            throw badFormat("invalid value for " + name + ": " + value.get());
        }
    }

    boolean bool(String name) {
        Optional<String> value = first(name);
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw badFormat("invalid value for " + name + ": " + value.get());
        };
    }

    /** Percent-decodes; a malformed escape is the client's error (400, 11100), not the server's. */
    static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badFormat("malformed percent-escape in \"" + text + "\": " + e.getMessage());
        }
    }
}
