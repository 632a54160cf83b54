package io.github.clarifais3sync.json;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The functions' one Jackson {@link ObjectMapper}: thread-safe once configured, and costly to build at cold start. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
