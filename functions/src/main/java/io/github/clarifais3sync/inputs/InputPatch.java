package io.github.clarifais3sync.inputs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/** Changes to one input's {@code data} for a PATCH; inputs are matched by id. Metadata may be null. */
public record InputPatch(String id, List<Concept> concepts, ObjectNode metadata) {

    public InputPatch {
        Objects.requireNonNull(id, "id");
        concepts = concepts == null ? List.of() : List.copyOf(concepts);
    }
}
