package io.github.clarifais3sync.concepts;

import io.github.clarifais3sync.inputs.Concept;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The concepts an object maps to, and what could not be mapped.
 *
 * @param concepts by concept id, ascending; value 1 (positive) or 0 (negative)
 * @param problems one line per tag or path part that was skipped, for the log and the ledger
 */
public record Labels(List<Concept> concepts, List<String> problems) {

    public static final Labels NONE = new Labels(List.of(), List.of());

    public Labels {
        concepts = List.copyOf(concepts);
        problems = List.copyOf(problems);
    }

    /**
     * The concepts as one canonical text, {@code cat:1,dog:0} (empty for none): what the ledger keeps as the labels an
     * input carries, so a change that maps to the same concepts is recognised and sends nothing.
     */
    public String fingerprint() {
        return concepts.stream()
                .map(c -> c.id() + ":" + (c.value() > 0 ? 1 : 0))
                .collect(Collectors.joining(","));
    }

    /** The problems as one line (empty for none). */
    public String problemSummary() {
        return String.join("; ", problems);
    }
}
