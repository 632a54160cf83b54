package io.github.clarifais3sync.inputs;

import java.util.List;

/** Per-input outcomes of an add, in the order the inputs were given. */
public record AddInputsResult(List<InputOutcome> outcomes) {

    public AddInputsResult {
        outcomes = List.copyOf(outcomes);
    }

    public List<InputOutcome> withKind(InputOutcome.Kind kind) {
        return outcomes.stream().filter(o -> o.kind() == kind).toList();
    }
}
