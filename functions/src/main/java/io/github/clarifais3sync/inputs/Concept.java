package io.github.clarifais3sync.inputs;

/**
 * A concept on an input. Sent as a number (1 present, 0 absent) as current API examples do; the older seed sent
 * {@code true}/{@code false}, which is read back the same way.
 */
public record Concept(String id, double value) {

    public static Concept present(String id) {
        return new Concept(id, 1);
    }

    public static Concept absent(String id) {
        return new Concept(id, 0);
    }
}
