package io.github.clarifais3sync.offline;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The offline stack's one Jackson {@link ObjectMapper} (thread-safe once configured). */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
