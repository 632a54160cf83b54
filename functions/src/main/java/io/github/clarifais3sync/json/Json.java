package io.github.clarifais3sync.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;

/** The functions' one Jackson {@link ObjectMapper}: thread-safe once configured, and costly to build at cold start. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** A generator on a handler's output stream, which it flushes but leaves open for the runtime. */
    public static JsonGenerator generator(OutputStream output) throws IOException {
        return MAPPER.getFactory().createGenerator(output).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /** Writes a response tree to a handler's output stream (tree, not bean, serialization: no introspection). */
    public static void write(OutputStream output, JsonNode response) throws IOException {
        try (JsonGenerator json = generator(output)) {
            MAPPER.writeTree(json, response);
        }
    }
}
