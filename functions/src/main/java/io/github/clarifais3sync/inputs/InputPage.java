package io.github.clarifais3sync.inputs;

import java.util.List;

/** One page of a list or stream call. An empty page is {@code inputs: []}, never a missing field. */
public record InputPage(List<Input> inputs) {

    public InputPage {
        inputs = List.copyOf(inputs);
    }

    public boolean isEmpty() {
        return inputs.isEmpty();
    }

    public String lastId() {
        return inputs.isEmpty() ? null : inputs.get(inputs.size() - 1).id();
    }
}
