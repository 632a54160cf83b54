package io.github.clarifais3sync.inputs;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Clarifai's limits on one add, checked before anything is sent (docs/clarifai-api-notes.md#limits). */
final class AddLimits {

    private AddLimits() {}

    /** @throws IllegalArgumentException naming the broken limit: count, id rules, image size, request size */
    static void check(List<NewInput> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("An add needs at least one input");
        }
        if (inputs.size() > InputsClient.MAX_INPUTS_PER_ADD) {
            throw new IllegalArgumentException(
                    "An add takes at most " + InputsClient.MAX_INPUTS_PER_ADD + " inputs, got " + inputs.size());
        }
        Set<String> ids = new HashSet<>();
        long requestBytes = 0;
        for (NewInput input : inputs) {
            if (input.id() != null) {
                String problem = InputIdRules.problem(input.id());
                if (problem != null) {
                    throw new IllegalArgumentException("Invalid input id '" + input.id() + "': " + problem);
                }
                if (!ids.add(input.id())) {
                    throw new IllegalArgumentException("Input id '" + input.id() + "' appears twice in one add");
                }
            }
            if (input.imageBytes() != null && input.imageBytes().length >= InputsClient.MAX_IMAGE_BYTES) {
                throw new IllegalArgumentException("Image of input '" + input.id() + "' is " + input.imageBytes().length
                        + " bytes; Clarifai takes images under " + InputsClient.MAX_IMAGE_BYTES + " bytes");
            }
            requestBytes += input.encodedSize();
        }
        if (requestBytes >= InputsClient.MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("An add of " + inputs.size() + " inputs would be about " + requestBytes
                    + " bytes; Clarifai takes requests under " + InputsClient.MAX_REQUEST_BYTES + " bytes: split it");
        }
    }
}
